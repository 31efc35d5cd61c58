"""My day / my week: the agenda always current, with one-tap follow-up and
reschedule on each contact."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leads.models import LeadActivity
from opportunities.models import Activity, Opportunity
from tests.factories import (
    CustomerFactory,
    LeadFactory,
    OpportunityFactory,
)
from tests.html import html_from

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 6, 17, 10, 0, tzinfo=SHANGHAI)  # a Wednesday
DAY = reverse("reports:day")
WEEK = reverse("reports:week")

pytestmark = pytest.mark.usefixtures("fixed_clock")


@pytest.fixture
def fixed_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def test_my_day_lists_today_overdue_and_stale(client, alice, bob):
    OpportunityFactory(
        owner=alice, name="今天", next_contact_at=NOW + timedelta(hours=3)
    )
    CustomerFactory(
        owner=alice, legal_name="昨天的客户", next_contact_at=NOW - timedelta(days=1)
    )
    OpportunityFactory(owner=alice, name="没计划", last_contact_at=NOW)
    OpportunityFactory(owner=bob, name="别人的", next_contact_at=NOW)
    client.force_login(alice)
    response = client.get(DAY)
    sections = {
        s.key: [str(e.record) for e in s.rows] for s in response.context["sections"]
    }
    assert sections["today"] == ["今天"]
    assert sections["overdue"] == ["昨天的客户"]
    assert sections["stale"] == ["没计划"]
    assert "别人的" not in response.content.decode()


def test_an_empty_day_says_so(client, alice):
    client.force_login(alice)
    assert "Nothing for today" in client.get(DAY).content.decode()
    assert (
        "Nothing planned for the rest of this week."
        in client.get(WEEK).content.decode()
    )


def test_my_week_groups_contacts_by_day(client, alice):
    OpportunityFactory(
        owner=alice, name="周五", next_contact_at=NOW + timedelta(days=2)
    )
    client.force_login(alice)
    days = dict(client.get(WEEK).context["plan"].days)
    assert [str(e.record) for e in days[NOW.date() + timedelta(days=2)]] == ["周五"]


def test_query_count_does_not_grow(client, alice):
    client.force_login(alice)

    def make(n):
        for _ in range(n):
            OpportunityFactory(owner=alice, next_contact_at=NOW + timedelta(hours=1))
            LeadFactory(owner=alice, next_contact_at=NOW - timedelta(days=2))

    def count(url) -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return len(queries)

    make(2)
    day, week = count(DAY), count(WEEK)
    make(20)
    assert (count(DAY), count(WEEK)) == (day, week)


def test_reschedule_to_tomorrow_0900(client, alice):
    deal = OpportunityFactory(owner=alice, next_contact_at=NOW)
    client.force_login(alice)
    url = reverse("reports:reschedule", args=["opportunity", deal.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, {"when": "tomorrow_0900"}, HTTP_HX_REQUEST="true")
    assert f'id="day-opportunity-{deal.pk}"' in response.content.decode()
    deal.refresh_from_db()
    assert deal.next_contact_at == datetime(2026, 6, 18, 9, 0, tzinfo=SHANGHAI)


def test_reschedule_to_a_picked_time_in_the_past_is_refused(client, alice):
    lead = LeadFactory(owner=alice, next_contact_at=NOW)
    client.force_login(alice)
    url = reverse("reports:reschedule", args=["lead", lead.pk])
    response = client.post(url, {"when": "pick", "picked": "2026-06-01T09:00"})
    assert "The next contact cannot be in the past." in response.content.decode()
    lead.refresh_from_db()
    assert lead.next_contact_at == NOW


def test_log_follow_up_on_a_deal_with_next_monday(client, alice):
    deal = OpportunityFactory(owner=alice, next_contact_at=NOW - timedelta(days=1))
    client.force_login(alice)
    url = reverse("reports:follow_up", args=["opportunity", deal.pk])
    assert "Tomorrow 09:00" in client.get(url).content.decode()
    response = client.post(
        url,
        {"kind": "call", "summary": "谈了报价", "when": "next_monday_0900"},
        HTTP_HX_REQUEST="true",
    )
    assert response["HX-Trigger"] == "activityLogged"
    [activity] = Activity.objects.filter(opportunity=deal)
    assert activity.summary == "谈了报价"
    deal.refresh_from_db()
    assert deal.next_contact_at == datetime(2026, 6, 22, 9, 0, tzinfo=SHANGHAI)
    assert not deal.is_overdue_at(NOW)


def test_log_follow_up_on_a_lead(client, alice):
    lead = LeadFactory(owner=alice, next_contact_at=NOW)
    client.force_login(alice)
    url = reverse("reports:follow_up", args=["lead", lead.pk])
    client.post(url, {"kind": "visit", "summary": "拜访", "when": "in_2_hours"})
    assert LeadActivity.objects.filter(lead=lead).count() == 1
    lead.refresh_from_db()
    assert lead.next_contact_at == NOW + timedelta(hours=2)


def test_a_follow_up_without_summary_answers_the_form(client, alice):
    deal = OpportunityFactory(owner=alice)
    client.force_login(alice)
    url = reverse("reports:follow_up", args=["opportunity", deal.pk])
    response = client.post(
        url, {"kind": "call", "summary": " ", "when": "pick"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "Pick the date and time of the next contact." in body
    assert response["HX-Retarget"] == f"#day-opportunity-{deal.pk} [data-role=panel]"
    assert not Activity.objects.exists()


def test_closed_deals_and_unknown_kinds_are_404(client, alice):
    deal = OpportunityFactory(owner=alice)
    Opportunity.objects.filter(pk=deal.pk).update(status="won")
    client.force_login(alice)
    for kind in ("opportunity", "contract"):
        url = reverse("reports:reschedule", args=[kind, deal.pk])
        assert client.post(url, {"when": "in_2_hours"}).status_code == 404


@pytest.mark.parametrize("url", [DAY, WEEK])
def test_the_reschedule_menu_is_written_once_for_every_row(client, alice, url):
    deals = [
        OpportunityFactory(owner=alice, next_contact_at=NOW + timedelta(hours=h))
        for h in (1, 2, 3)
    ]
    client.force_login(alice)
    html = client.get(url).content.decode()
    # Each row names where its reschedule posts; the choices come once, in
    # the page's menu template, whatever the number of rows.
    for deal in deals:
        target = reverse("reports:reschedule", args=["opportunity", deal.pk])
        assert f'data-reschedule-url="{target}"' in html
    assert html.count('id="reschedule-menu"') == 1
    assert html.count("Tomorrow 09:00") == 1
    assert html.count('name="picked"') == 1


def test_a_contact_row_names_the_record_escaped_with_its_kind_and_time(client, alice):
    customer = CustomerFactory(owner=alice, legal_name='A&B <Trading> "Co"')
    deal = OpportunityFactory(
        owner=alice,
        customer=customer,
        name="<b>Deal</b>",
        next_contact_at=NOW - timedelta(days=1),
    )
    client.force_login(alice)
    body = client.get(DAY).content.decode()
    row = html_from(body, f'id="day-opportunity-{deal.pk}"', "</li>")
    assert "&lt;b&gt;Deal&lt;/b&gt;" in row and "<b>Deal</b>" not in row
    assert "A&amp;B &lt;Trading&gt; &quot;Co&quot; · " in row
    assert ">Opportunity</span>" in row
    overdue = '<span class="text-danger" data-role="next-contact">'
    assert f"{overdue}Next contact 16 Jun 2026, 10:00</span>" in row
    assert reverse("opportunities:detail", args=[deal.pk]) in row
    assert reverse("reports:reschedule", args=["opportunity", deal.pk]) in row
