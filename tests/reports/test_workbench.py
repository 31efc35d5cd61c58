from datetime import date, timedelta
from decimal import Decimal

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from leads.contact_schedule import day_bounds
from payments.services import payment_record
from tests.factories import (
    ContractFactory,
    InstallmentFactory,
    LeadFactory,
    OpportunityFactory,
)


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
    assert [row.person for row in response.context["reps"]] == [alice]


def test_an_overdue_lead_is_not_praised_away_beside_its_count(client, alice):
    # No deal is overdue, but a lead is: the card counts it and says where it is.
    LeadFactory(owner=alice, next_contact_at=noon_today() - timedelta(days=2))
    client.force_login(alice)
    response = client.get(reverse("home"))
    assert response.context["overdue_count"] == 1
    body = response.content.decode()
    assert "No overdue contacts. Well done." not in body
    assert "No overdue deal; 1 overdue lead or customer contact is in My day." in body


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
            contract = ContractFactory(
                owner=alice if i % 2 else bob, status="submitted"
            )
            InstallmentFactory(contract=contract, due_date=timezone.localdate())

    client.force_login(mary)
    make(3)

    with CaptureQueriesContext(connection) as small:
        client.get(reverse("home"))
    make(30)
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("home"))
    assert len(large) == len(small)


@time_machine.travel("2026-06-17 10:00 +0800", tick=False)  # a Wednesday
def test_receivables_show_overdue_and_this_weeks_installments(client, alice, olivia):
    signed = ContractFactory(owner=alice, status="signed", amount=Decimal("300000"))
    InstallmentFactory(
        contract=signed, due_date=date(2026, 6, 1), amount=Decimal("100000")
    )
    InstallmentFactory(
        contract=signed, due_date=date(2026, 6, 15), amount=Decimal("20000")
    )
    InstallmentFactory(
        contract=signed, due_date=date(2026, 6, 19), amount=Decimal("150000")
    )
    InstallmentFactory(
        contract=signed, due_date=date(2026, 7, 19), amount=Decimal("30000")
    )
    payment_record(
        contract=signed,
        by=alice,
        received_on=date(2026, 6, 10),
        amount=Decimal("40000"),
        method="bank_transfer",
    )
    # A draft owes nothing yet; olivia's contract is not alice's business.
    draft = ContractFactory(owner=alice, amount=Decimal("10000"))
    InstallmentFactory(contract=draft, due_date=date(2026, 6, 2), amount=10000)
    theirs = ContractFactory(owner=olivia, status="signed", amount=Decimal("10000"))
    InstallmentFactory(contract=theirs, due_date=date(2026, 6, 2), amount=10000)

    client.force_login(alice)
    response = client.get(reverse("home"))
    receivables = response.context["receivables"]
    # Monday's installment is overdue on Wednesday, not due this week as well.
    assert receivables.overdue_count == 2
    assert receivables.overdue_amount == Decimal("80000")
    assert receivables.week_count == 1
    assert receivables.week_amount == Decimal("150000")
    body = response.content.decode()
    assert "¥80,000.00" in body and "¥150,000.00" in body
    assert "Due from today to Sunday" in body


def test_managers_see_contracts_awaiting_their_approval(client, mary, alice, olivia):
    ContractFactory(owner=alice, status="submitted", title="Alice asks")
    ContractFactory(owner=alice, status="draft", title="Alice drafts")
    ContractFactory(owner=olivia, status="submitted", title="Olivia asks")
    ContractFactory(owner=mary, status="submitted", title="Mary asks")
    client.force_login(mary)
    response = client.get(reverse("home"))
    titles = [c.title for c in response.context["contracts_to_approve"]]
    assert titles == ["Alice asks"]
    assert "Alice asks" in response.content.decode()


def test_salespeople_have_no_approval_list(client, alice, bob):
    ContractFactory(owner=bob, status="submitted", title="Bob asks")
    client.force_login(alice)
    response = client.get(reverse("home"))
    assert list(response.context["contracts_to_approve"]) == []
    assert "Contracts awaiting your approval" not in response.content.decode()


@time_machine.travel("2026-06-17 15:00 +0800", tick=False)
def test_a_contact_due_earlier_today_is_neither_overdue_nor_stale(client, alice):
    now = timezone.now()
    OpportunityFactory(
        owner=alice,
        name="Called at ten",
        last_contact_at=now - timedelta(days=2),
        next_contact_at=now - timedelta(hours=5),
    )
    client.force_login(alice)
    response = client.get(reverse("home"))
    assert [d.name for d in response.context["deals_today"]] == ["Called at ten"]
    assert list(response.context["deals_overdue"]) == []
    assert response.context["pipeline"].stale_count == 0


@time_machine.travel("2026-06-17 15:00 +0800", tick=False)
def test_a_contact_due_yesterday_is_overdue_until_a_follow_up(client, alice):
    now = timezone.now()
    deal = OpportunityFactory(
        owner=alice,
        name="Called yesterday?",
        last_contact_at=now - timedelta(days=3),
        next_contact_at=now - timedelta(days=1),
    )
    client.force_login(alice)
    overdue = client.get(reverse("home")).context["deals_overdue"]
    assert [d.name for d in overdue] == ["Called yesterday?"]
    # A follow-up logged after the planned time (its own next contact not
    # yet entered) ends the overdue state.
    type(deal).objects.filter(pk=deal.pk).update(last_contact_at=now)
    assert list(client.get(reverse("home")).context["deals_overdue"]) == []


@time_machine.travel("2026-06-17 15:00 +0800", tick=False)
def test_the_counts_link_to_my_day_and_the_stale_list(client, alice):
    now = timezone.now()
    OpportunityFactory(owner=alice, next_contact_at=now + timedelta(hours=2))
    LeadFactory(owner=alice, next_contact_at=now - timedelta(days=2))
    OpportunityFactory(owner=alice, last_contact_at=now)  # no next contact
    client.force_login(alice)
    response = client.get(reverse("home"))
    assert (response.context["today_count"], response.context["overdue_count"]) == (
        1,
        1,
    )
    body = response.content.decode()
    assert f"{reverse('reports:day')}#overdue" in body
    assert f"{reverse('opportunities:list')}?state=stale" in body
    stale = client.get(reverse("opportunities:list"), {"state": "stale"})
    assert (
        len(stale.context["opportunities"]) == response.context["pipeline"].stale_count
    )
