"""The forecast report, the frozen monthly forecast and its accuracy."""

from datetime import date
from decimal import Decimal

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opportunities.models import Opportunity
from reports.models import ForecastSnapshot, ReportSettings, Target
from reports.services import forecast_snapshot_take
from reports.tasks import take_forecast_snapshots
from reports.views.common import PEOPLE_PER_PAGE
from tests.factories import ManagerFactory, OpportunityFactory, UserFactory
from tests.reports.history import at, stage

URL = reverse("reports:forecast")
TODAY = "2026-12-04 10:00 +0800"


def list_count(client, link):
    return client.get(link).context["page_obj"].paginator.count


def open_deal(owner, expected: str, amount: int, order: int):
    at_stage = stage(order)
    return OpportunityFactory(
        owner=owner,
        stage=at_stage,
        amount=amount,
        expected_win_date=date.fromisoformat(expected),
        win_probability=Decimal(at_stage.percentage) / 100,
        weighted_amount=Decimal(amount) * at_stage.percentage / 100,
    )


def won_deal(owner, closed: str, amount: int):
    deal = OpportunityFactory(owner=owner, stage=stage(98), amount=amount)
    Opportunity.objects.filter(pk=deal.pk).update(
        status="won", closed_at=at(closed), win_probability=1, weighted_amount=amount
    )
    return deal


@time_machine.travel(TODAY, tick=False)
def test_months_ahead_show_weighted_committed_best_case_won_and_target(
    client, alice, bob, olivia, mary
):
    # Stage 5 is 90 %, stage 2 is 25 %; committed from 50 % by default.
    open_deal(alice, "2026-12-20", 100000, 5)
    open_deal(bob, "2026-12-28", 40000, 2)
    open_deal(alice, "2027-02-10", 10000, 2)
    open_deal(olivia, "2026-12-15", 999999, 5)  # North: not mary's
    won_deal(alice, "2026-12-02 09:00", 30000)
    Target.objects.create(user=alice, month=date(2026, 12, 1), won_amount=200000)
    Target.objects.create(user=bob, month=date(2026, 12, 1), won_amount=50000)
    client.force_login(mary)
    response = client.get(URL)
    december = response.context["rows"][0]
    row = december["row"]
    assert row.month == date(2026, 12, 1)
    assert row.weighted == Decimal("100000") * Decimal("0.9") + 40000 * Decimal("0.25")
    assert row.committed == 100000
    assert row.best_case == 140000
    assert row.won == 30000
    assert row.target == 250000
    assert list_count(client, december["links"]["open"]) == 2
    assert list_count(client, december["links"]["committed"]) == 1
    assert list_count(client, december["links"]["won"]) == 1
    february = response.context["rows"][2]["row"]
    assert february.best_case == 10000 and february.target is None
    assert [q.label for q in response.context["quarters"]] == [
        "2026 Q4",
        "2027 Q1",
        "2027 Q2",
    ]


@time_machine.travel(TODAY, tick=False)
def test_the_committed_threshold_is_the_administrators_setting(client, alice):
    open_deal(alice, "2026-12-20", 100000, 4)  # 75 %
    settings_row = ReportSettings.load()
    settings_row.committed_percentage = 80
    settings_row.save()
    client.force_login(alice)
    assert client.get(URL).context["rows"][0]["row"].committed == 0


@time_machine.travel(TODAY, tick=False)
def test_a_salesperson_sees_only_their_forecast(client, alice, bob):
    open_deal(alice, "2026-12-20", 100000, 5)
    open_deal(bob, "2026-12-20", 50000, 5)
    client.force_login(alice)
    assert client.get(URL).context["rows"][0]["row"].best_case == 100000


def test_the_snapshot_freezes_each_persons_month_once(alice, bob):
    with time_machine.travel("2026-11-01 00:30 +0800", tick=False):
        open_deal(alice, "2026-11-20", 100000, 5)
        open_deal(alice, "2026-12-20", 77000, 5)  # another month
        open_deal(bob, "2026-11-03", 40000, 2)
        assert take_forecast_snapshots() == 2
    frozen = {s.owner_id: s for s in ForecastSnapshot.objects.all()}
    assert frozen[alice.pk].weighted == 90000
    assert frozen[alice.pk].committed == 100000
    assert frozen[bob.pk].best_case == 40000
    # Run again (a redelivered task): nothing changes, nothing is added.
    open_deal(alice, "2026-11-21", 5000, 5)
    assert forecast_snapshot_take(month=date(2026, 11, 1)) == 0
    assert ForecastSnapshot.objects.get(owner=alice).weighted == 90000


@time_machine.travel(TODAY, tick=False)
def test_accuracy_compares_the_frozen_forecast_with_what_was_won(
    client, alice, bob, mary
):
    ForecastSnapshot.objects.create(
        owner=alice, month=date(2026, 10, 1), weighted=80000
    )
    ForecastSnapshot.objects.create(owner=bob, month=date(2026, 11, 1), weighted=100000)
    won_deal(alice, "2026-10-15 10:00", 100000)
    won_deal(bob, "2026-11-15 10:00", 50000)
    client.force_login(mary)
    response = client.get(URL, {"period": "this_quarter"})
    by_month = {r.key: r for r in response.context["accuracy"]}
    assert by_month[date(2026, 10, 1)].accuracy == 0.8
    assert by_month[date(2026, 10, 1)].bias == -0.2
    assert by_month[date(2026, 11, 1)].bias == 0.5
    # December is not over yet: it cannot be judged.
    assert list(by_month) == [date(2026, 10, 1), date(2026, 11, 1)]
    people = {r["person"]: r["row"] for r in response.context["people_rows"]}
    assert people[bob].forecast == 100000 and people[bob].actual == 50000


def test_the_monthly_job_is_scheduled(db):
    from django_celery_beat.models import PeriodicTask

    job = PeriodicTask.objects.get(task="reports.tasks.take_forecast_snapshots")
    assert job.crontab.day_of_month == "1"


@time_machine.travel(TODAY, tick=False)
def test_query_count_does_not_grow_with_data(client, mary, alice, bob):
    def make(n):
        for i in range(n):
            open_deal(alice if i % 2 else bob, f"2027-0{1 + i % 5}-10", 1000, 3)
            won_deal(alice if i % 2 else bob, "2026-12-01 10:00", 500)

    client.force_login(mary)
    ReportSettings.load()  # the settings row exists on any running installation
    make(3)
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    make(30)
    with CaptureQueriesContext(connection) as large:
        client.get(URL)
    assert len(large) == len(small)


@time_machine.travel(TODAY, tick=False)
def test_a_large_company_reads_accuracy_by_person_a_page_at_a_time(client, teams):
    boss = ManagerFactory(username="boss", team=teams["hq"], manages=[teams["hq"]])
    people = UserFactory.create_batch(PEOPLE_PER_PAGE + 4, team=teams["north"])
    ForecastSnapshot.objects.bulk_create(
        ForecastSnapshot(owner=person, month=date(2026, 11, 1), weighted=1000)
        for person in people
    )
    client.force_login(boss)
    first = client.get(URL, {"period": "this_quarter"})
    assert len(first.context["people_rows"]) == PEOPLE_PER_PAGE
    second = client.get(URL, {"period": "this_quarter", "page": 2})
    shown = first.context["people_rows"] + second.context["people_rows"]
    assert sorted(r["person"].pk for r in shown) == sorted(p.pk for p in people)
    exported = client.get(URL, {"period": "this_quarter", "export": "people"})
    lines = b"".join(exported.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + len(people)
