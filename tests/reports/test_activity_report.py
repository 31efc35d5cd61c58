"""The sales behaviour report: follow-ups, fresh deals and leads by source."""

from datetime import timedelta

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from opportunities.models import Opportunity
from reports.views.common import PEOPLE_PER_PAGE
from tests.factories import (
    ActivityFactory,
    LeadFactory,
    ManagerFactory,
    OpportunityFactory,
    UserFactory,
)
from tests.reports.history import at

URL = reverse("reports:activity")
TODAY = "2026-12-04 10:00 +0800"
NOVEMBER = {"period": "custom", "start": "2026-11-01", "end": "2026-11-30"}


def make(alice, bob, olivia):
    deal = OpportunityFactory(owner=alice, last_contact_at=at("2026-12-01 10:00"))
    OpportunityFactory(owner=alice, last_contact_at=at("2026-11-25 10:00"))
    OpportunityFactory(owner=alice, last_contact_at=None)
    for when, kind in [
        ("2026-11-03 10:00", "call"),
        ("2026-11-04 10:00", "call"),
        ("2026-11-20 10:00", "visit"),
        ("2026-10-20 10:00", "visit"),  # before the period
    ]:
        ActivityFactory(
            customer=deal.customer,
            opportunity=deal,
            logged_by=alice,
            kind=kind,
            occurred_at=at(when),
        )
    ActivityFactory(
        customer__owner=bob, logged_by=bob, occurred_at=at("2026-11-05 09:00")
    )
    ActivityFactory(
        customer__owner=olivia, logged_by=olivia, occurred_at=at("2026-11-05 09:00")
    )
    with time_machine.travel("2026-11-10 10:00 +0800"):
        LeadFactory(owner=alice, source="website")
        converted = LeadFactory(owner=alice, source="website", status="converted")
        LeadFactory(owner=olivia, source="website")
        LeadFactory(owner=alice, source="referral")
    # The converted lead's deal was won; another deal from it is still open.
    for status in ("won", "open"):
        won = OpportunityFactory(owner=bob, source_lead=converted)
        Opportunity.objects.filter(pk=won.pk).update(status=status)


@time_machine.travel(TODAY, tick=False)
def test_follow_ups_by_person_and_kind_and_fresh_deals(
    client, mary, alice, bob, olivia
):
    make(alice, bob, olivia)
    client.force_login(mary)
    response = client.get(URL, NOVEMBER)
    rows = {r["person"]: r for r in response.context["person_rows"]}
    assert set(rows) == {alice, bob}
    # Kinds in order: call, visit, meeting, email, message.
    assert rows[alice]["by_kind"][:2] == [2, 1]
    assert rows[alice]["total"] == 3
    assert rows[alice]["open"] == 3 and rows[alice]["per_deal"] == 1
    seven, fourteen = rows[alice]["windows"]
    assert (seven["count"], fourteen["count"]) == (1, 2)
    assert fourteen["share"] == 2 / 3
    count = client.get(fourteen["link"]).context["page_obj"].paginator.count
    assert count == 2


@time_machine.travel(TODAY, tick=False)
def test_leads_by_source_count_what_the_viewer_sees(client, mary, alice, bob, olivia):
    make(alice, bob, olivia)
    client.force_login(mary)
    response = client.get(URL, {**NOVEMBER, "rep": alice.pk})
    website, referral = response.context["source_rows"]
    assert (website["row"].leads, website["row"].converted) == (2, 1)
    assert (website["row"].won, referral["row"].leads, referral["row"].won) == (1, 1, 0)
    assert client.get(website["links"]["all"]).context["page_obj"].paginator.count == 2


@time_machine.travel(TODAY, tick=False)
def test_a_salesperson_sees_only_their_behaviour(client, alice, bob, olivia):
    make(alice, bob, olivia)
    client.force_login(alice)
    rows = client.get(URL, NOVEMBER).context["person_rows"]
    assert [r["person"] for r in rows] == [alice]


@time_machine.travel(TODAY, tick=False)
def test_query_count_does_not_grow_with_data(client, mary, alice, bob):
    def more(n):
        for i in range(n):
            owner = alice if i % 2 else bob
            deal = OpportunityFactory(owner=owner, last_contact_at=timezone.now())
            ActivityFactory(
                customer=deal.customer,
                logged_by=owner,
                occurred_at=timezone.now() - timedelta(days=i % 20),
            )
            LeadFactory(owner=owner)

    client.force_login(mary)
    more(3)
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    more(30)
    with CaptureQueriesContext(connection) as large:
        client.get(URL)
    assert len(large) == len(small)


@time_machine.travel(TODAY, tick=False)
def test_a_large_company_reads_its_people_a_page_at_a_time(client, teams):
    """Past a page of people the table and heatmap show one page, the export
    everyone, and the queries stay the same whatever the page."""
    boss = ManagerFactory(username="boss", team=teams["hq"], manages=[teams["hq"]])
    people = UserFactory.create_batch(PEOPLE_PER_PAGE + 5, team=teams["north"])
    for person in people:
        OpportunityFactory(owner=person, last_contact_at=timezone.now())
    UserFactory(team=teams["north"])  # nothing to show: not a row
    client.force_login(boss)

    with CaptureQueriesContext(connection) as first_page:
        first = client.get(URL)
    rows = first.context["person_rows"]
    assert len(rows) == PEOPLE_PER_PAGE
    assert len(first.context["heatmap"]["ys"]) == PEOPLE_PER_PAGE
    assert "1–50 of 55" in first.content.decode()

    with CaptureQueriesContext(connection) as second_page:
        second = client.get(URL, {"page": 2})
    shown = rows + second.context["person_rows"]
    assert len(second.context["person_rows"]) == 5
    assert sorted(r["person"].pk for r in shown) == sorted(p.pk for p in people)
    assert len(second_page) == len(first_page)

    exported = client.get(URL, {"export": "people", "format": "csv"})
    lines = b"".join(exported.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + len(people)
