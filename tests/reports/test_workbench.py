from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reports.workbench import day_bounds
from tests.factories import LeadFactory, OpportunityFactory


def noon_today():
    start, _end = day_bounds(timezone.now())
    return start + timedelta(hours=12)


def test_salesperson_sees_todays_and_overdue_contacts(client, alice, bob):
    OpportunityFactory(
        owner=alice, name="Call back today", next_contact_at=noon_today()
    )
    OpportunityFactory(
        owner=alice,
        name="Forgotten deal",
        next_contact_at=noon_today() - timedelta(days=3),
    )
    OpportunityFactory(owner=bob, name="Bob's deal", next_contact_at=noon_today())
    client.force_login(alice)
    body = client.get(reverse("home")).content.decode()
    assert "Call back today" in body
    assert "Forgotten deal" in body
    assert "Bob&#x27;s deal" not in body and "Bob's deal" not in body


def test_pipeline_totals_cover_what_the_viewer_sees(client, mary, alice, olivia):
    OpportunityFactory(owner=alice, amount=Decimal("100000"))
    OpportunityFactory(owner=olivia, amount=Decimal("900000"))
    client.force_login(mary)
    response = client.get(reverse("home"))
    pipeline = response.context["pipeline"]
    assert pipeline.open_count == 1
    assert pipeline.amount == Decimal("100000")
    assert [
        row["owner__username"] for row in response.context["pipeline_by_owner"]
    ] == ["alice"]


def test_leads_due_are_listed(client, alice):
    LeadFactory(owner=alice, company_name="待回访公司", next_contact_at=noon_today())
    client.force_login(alice)
    assert "待回访公司" in client.get(reverse("home")).content.decode()


def test_workbench_query_count_does_not_grow_with_data(client, mary, alice, bob):
    def make(n):
        for i in range(n):
            OpportunityFactory(
                owner=alice if i % 2 else bob, next_contact_at=noon_today()
            )
            LeadFactory(owner=mary, next_contact_at=noon_today())

    client.force_login(mary)
    make(3)

    with CaptureQueriesContext(connection) as small:
        client.get(reverse("home"))
    make(30)
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("home"))
    assert len(large) == len(small)
