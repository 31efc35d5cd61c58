"""The daily agenda, the weekly plan and the manager digest: each fires when
it is due and has something to say, once, and stays silent otherwise."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine

from reports.tasks import send_daily_agendas, send_manager_digests, send_weekly_plans
from tests.factories import (
    ContractFactory,
    CustomerFactory,
    InstallmentFactory,
    LeadFactory,
    OpportunityFactory,
)
from users.models import Notification, ReminderSettings
from users.notifications.messages import render

SHANGHAI = ZoneInfo("Asia/Shanghai")
WEDNESDAY = datetime(2026, 6, 17, 8, 45, tzinfo=SHANGHAI)
MONDAY = datetime(2026, 6, 15, 8, 45, tzinfo=SHANGHAI)


def run(task, when: datetime) -> int:
    with time_machine.travel(when, tick=False):
        return task()


def sent(kind: str) -> list[Notification]:
    return list(Notification.objects.filter(kind=kind).order_by("recipient__username"))


def busy_day_for(user, when=WEDNESDAY):
    OpportunityFactory(
        owner=user, name="今日商机", next_contact_at=when + timedelta(hours=2)
    )
    CustomerFactory(
        owner=user, legal_name="逾期客户", next_contact_at=when - timedelta(days=2)
    )
    LeadFactory(owner=user, company_name="今日线索", next_contact_at=when)


def test_the_agenda_lists_the_day_and_is_sent_once(alice):
    busy_day_for(alice)
    contract = ContractFactory(owner=alice, status="signed", amount=Decimal(900))
    InstallmentFactory(contract=contract, due_date=date(2026, 6, 20), amount=900)
    assert run(send_daily_agendas, WEDNESDAY) == 1
    assert run(send_daily_agendas, WEDNESDAY + timedelta(minutes=15)) == 0
    [agenda] = sent("daily_agenda")
    sections = {s["key"]: s for s in agenda.params["sections"]}
    assert sections["today"]["count"] == 2
    assert set(sections["today"]["items"]) == {"今日商机", "今日线索"}
    assert sections["overdue"]["items"] == ["逾期客户"]
    assert sections["due_soon"]["count"] == 1
    words = render(agenda, link=True, language="zh-hans")
    assert words.lines[0] in (
        "今日联系：2（今日商机、今日线索）",
        "今日联系：2（今日线索、今日商机）",
    )
    english = render(agenda, link=False, language="en")
    assert (
        english.lines[0].startswith("Contacts today: 2 (") and ", " in english.lines[0]
    )
    assert words.url == "/reports/day/"


def test_no_agenda_before_its_time_or_when_the_day_is_empty(alice, bob):
    busy_day_for(alice)
    assert run(send_daily_agendas, WEDNESDAY - timedelta(minutes=30)) == 0
    # bob has nothing: he gets nothing; alice's comes at 08:30.
    assert run(send_daily_agendas, WEDNESDAY) == 1
    assert [n.recipient for n in sent("daily_agenda")] == [alice]


def test_the_agenda_time_is_a_setting(alice):
    busy_day_for(alice)
    ReminderSettings.objects.filter(pk=1).update(agenda_time="07:00")
    assert run(send_daily_agendas, WEDNESDAY.replace(hour=7, minute=5)) == 1


def test_people_who_left_get_no_agenda(alice):
    busy_day_for(alice)
    alice.is_active = False
    alice.save()
    assert run(send_daily_agendas, WEDNESDAY) == 0


def test_the_weekly_plan_goes_on_its_weekday_only(alice):
    OpportunityFactory(
        owner=alice,
        name="周四拜访",
        next_contact_at=MONDAY + timedelta(days=3),
        expected_win_date=date(2026, 6, 19),
    )
    assert run(send_weekly_plans, WEDNESDAY) == 0
    assert run(send_weekly_plans, MONDAY) == 1
    assert run(send_weekly_plans, MONDAY + timedelta(minutes=15)) == 0
    [plan] = sent("weekly_plan")
    sections = plan.params["sections"]
    assert {"key": "day", "date": "2026-06-18", "count": 1, "items": ["周四拜访"]} in (
        sections
    )
    assert {s["key"] for s in sections} == {"day", "wins_week", "wins_month"}


def test_an_empty_week_sends_no_plan(alice):
    OpportunityFactory(owner=alice, next_contact_at=MONDAY + timedelta(days=10))
    assert run(send_weekly_plans, MONDAY) == 0


def test_the_digest_tells_a_manager_about_each_rep(mary, alice, bob, olivia):
    OpportunityFactory(
        owner=alice,
        last_contact_at=WEDNESDAY - timedelta(days=5),
        next_contact_at=WEDNESDAY - timedelta(days=1),
    )
    OpportunityFactory(owner=olivia, next_contact_at=WEDNESDAY - timedelta(days=1))
    ContractFactory(owner=bob, status="submitted")
    assert run(send_manager_digests, WEDNESDAY) == 1
    [digest] = sent("manager_digest")
    assert digest.recipient == mary
    assert digest.params["reps"] == [
        {"name": str(alice), "overdue": 1, "stale": 0, "receivable": 0}
    ]
    assert digest.params["approvals"] == 1
    assert run(send_manager_digests, WEDNESDAY) == 0


def test_no_digest_when_the_team_is_on_track(mary, alice):
    OpportunityFactory(
        owner=alice,
        last_contact_at=WEDNESDAY,
        next_contact_at=WEDNESDAY + timedelta(days=1),
    )
    assert run(send_manager_digests, WEDNESDAY) == 0
