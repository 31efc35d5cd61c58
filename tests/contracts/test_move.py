"""contracts:move — the workflow through the pages, refusals that change nothing."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from contracts.models import Contract, ContractEvent, ContractStatus
from contracts.services import contract_move
from opportunities.models import OpportunityStatus, StageChange
from tests.factories import (
    ContractFactory,
    InstallmentFactory,
    InvoiceFactory,
    PaymentFactory,
)

TODAY = "2026-06-15 10:00 +0800"


def url(contract, action: str) -> str:
    return reverse("contracts:move", args=[contract.pk, action])


def detail(contract) -> str:
    return reverse("contracts:detail", args=[contract.pk])


def status_of(contract) -> str:
    return Contract.objects.get(pk=contract.pk).status


def page_text(client, contract) -> str:
    return client.get(detail(contract)).content.decode()


@time_machine.travel(TODAY, tick=False)
def test_the_whole_flow_from_draft_to_signed(client, alice, mary, draft):
    deal = draft.opportunity
    client.force_login(alice)
    response = client.post(url(draft, "submit"), follow=True)
    assert response.redirect_chain[-1][0] == detail(draft)
    assert "The contract was submitted for approval." in response.content.decode()
    assert status_of(draft) == ContractStatus.SUBMITTED

    # alice cannot approve her own contract: no button, and a forged POST fails.
    assert f'action="{url(draft, "approve")}"' not in page_text(client, draft)
    response = client.post(url(draft, "approve"), follow=True)
    assert "“Approve” is not open to you on a contract that is Submitted." in (
        response.content.decode()
    )
    assert status_of(draft) == ContractStatus.SUBMITTED

    client.force_login(mary)
    assert f'action="{url(draft, "approve")}"' in page_text(client, draft)
    client.post(url(draft, "approve"))
    assert status_of(draft) == ContractStatus.APPROVED

    client.force_login(alice)
    response = client.post(url(draft, "sign"), {"signed_on": "2026-06-12"}, follow=True)
    assert "The contract is signed." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == ContractStatus.SIGNED
    assert draft.signed_on == date(2026, 6, 12)

    deal.refresh_from_db()
    assert deal.status == OpportunityStatus.WON
    change = StageChange.objects.filter(opportunity=deal).latest("created_at")
    assert change.to_status == OpportunityStatus.WON
    assert (change.cause, change.reference) == ("contract_signed", draft.number)
    assert change.changed_by == alice

    events = list(draft.events.order_by("created_at", "id"))
    assert [(e.action, e.by) for e in events] == [
        ("submit", alice),
        ("approve", mary),
        ("sign", alice),
    ]


@time_machine.travel(TODAY, tick=False)
def test_signing_asks_for_a_date_not_in_the_future(client, alice, alice_customer):
    contract = ContractFactory(owner=alice, customer=alice_customer, status="approved")
    client.force_login(alice)
    response = client.get(url(contract, "sign"))
    assert response.context["form"]["signed_on"].value() == date(2026, 6, 15)
    response = client.post(url(contract, "sign"), {"signed_on": "2026-06-16"})
    assert response.status_code == 200
    assert response.context["form"].errors["signed_on"] == [
        "The signing date cannot be in the future."
    ]
    assert status_of(contract) == ContractStatus.APPROVED


def test_return_needs_a_reason(client, mary, alice, alice_customer):
    contract = ContractFactory(owner=alice, customer=alice_customer, status="submitted")
    client.force_login(mary)
    response = client.post(url(contract, "return"), {"note": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors["note"] == ["Give a reason."]
    assert status_of(contract) == ContractStatus.SUBMITTED

    client.post(url(contract, "return"), {"note": "Payment terms missing"})
    assert status_of(contract) == ContractStatus.DRAFT
    event = ContractEvent.objects.get(contract=contract)
    assert (event.action, event.by, event.note) == (
        "return",
        mary,
        "Payment terms missing",
    )
    client.force_login(alice)
    assert "Payment terms missing" in page_text(client, contract)


def test_submit_is_refused_while_the_plan_does_not_add_up(client, alice, draft):
    InstallmentFactory(contract=draft, amount=100000)
    client.force_login(alice)
    response = client.post(url(draft, "submit"), follow=True)
    assert response.redirect_chain[-1][0] == detail(draft)
    assert (
        "The receivable plan adds up to ¥100,000.00 but the contract amount is "
        "¥120,000.00: correct the plan first."
    ) in response.content.decode()
    assert status_of(draft) == ContractStatus.DRAFT


def test_submit_is_refused_without_an_amount(client, alice, alice_customer):
    contract = ContractFactory(owner=alice, customer=alice_customer, amount=0)
    client.force_login(alice)
    response = client.post(url(contract, "submit"), follow=True)
    assert "A contract needs an amount above zero before it is submitted." in (
        response.content.decode()
    )
    assert status_of(contract) == ContractStatus.DRAFT


@pytest.fixture
def signed(alice, mary, draft):
    """alice's ERP contract, signed: its deal is won."""
    contract_move(contract=draft, action="submit", by=alice)
    contract_move(contract=draft, action="approve", by=mary)
    contract_move(contract=draft, action="sign", by=alice)
    draft.refresh_from_db()
    assert draft.opportunity.status == OpportunityStatus.WON
    return draft


@pytest.mark.parametrize(
    "outcome, deal_status",
    [
        ("keep", OpportunityStatus.WON),
        ("reopen", OpportunityStatus.OPEN),
        ("lost", OpportunityStatus.LOST),
    ],
)
def test_voiding_a_signed_contract_decides_the_deal(
    client, mary, signed, outcome, deal_status
):
    client.force_login(mary)
    page = page_text(client, signed)
    assert 'name="void_outcome"' in page
    response = client.post(
        url(signed, "void"),
        {"note": "Customer withdrew", "void_outcome": outcome},
        follow=True,
    )
    assert "The contract was voided." in response.content.decode()
    signed.refresh_from_db()
    assert signed.status == ContractStatus.VOID
    assert signed.void_reason == "Customer withdrew"
    signed.opportunity.refresh_from_db()
    assert signed.opportunity.status == deal_status
    if outcome == "lost":
        assert signed.opportunity.lost_reason == "Customer withdrew"


def test_voiding_a_signed_contract_requires_the_deals_outcome(client, mary, signed):
    client.force_login(mary)
    response = client.post(url(signed, "void"), {"note": "Customer withdrew"})
    assert response.status_code == 200
    assert response.context["form"].errors["void_outcome"] == [
        "Choose what happens to the opportunity."
    ]
    assert status_of(signed) == ContractStatus.SIGNED


def test_salesperson_cannot_void_a_signed_contract(client, alice, signed):
    client.force_login(alice)
    page = page_text(client, signed)
    assert 'data-bs-target="#move-void-modal"' not in page
    assert f'action="{url(signed, "complete")}"' in page
    response = client.post(
        url(signed, "void"),
        {"note": "Oops", "void_outcome": "reopen"},
        follow=True,
    )
    assert "“Void” is not open to you on a contract that is Signed." in (
        response.content.decode()
    )
    assert status_of(signed) == ContractStatus.SIGNED
    signed.opportunity.refresh_from_db()
    assert signed.opportunity.status == OpportunityStatus.WON


def test_owner_voids_her_own_draft_with_a_reason(client, alice, draft):
    client.force_login(alice)
    response = client.get(url(draft, "void"))
    assert response.status_code == 200
    assert 'name="void_outcome"' not in response.content.decode()
    client.post(url(draft, "void"), {"note": "Duplicate"})
    assert status_of(draft) == ContractStatus.VOID


def test_void_is_refused_while_payments_are_recorded(client, mary, signed):
    PaymentFactory(contract=signed, amount=1000)
    client.force_login(mary)
    response = client.post(
        url(signed, "void"), {"note": "x", "void_outcome": "keep"}, follow=True
    )
    assert "Payments are recorded on this contract" in response.content.decode()
    assert status_of(signed) == ContractStatus.SIGNED


def test_void_is_refused_while_invoices_are_live(client, mary, signed):
    InvoiceFactory(contract=signed, amount=1000)
    client.force_login(mary)
    response = client.post(
        url(signed, "void"), {"note": "x", "void_outcome": "keep"}, follow=True
    )
    assert "void its invoices first" in response.content.decode()
    assert status_of(signed) == ContractStatus.SIGNED


def test_owner_withdraws_and_completes(client, alice, alice_customer):
    submitted = ContractFactory(
        owner=alice, customer=alice_customer, status="submitted"
    )
    signed = ContractFactory(owner=alice, customer=alice_customer, status="signed")
    PaymentFactory(contract=signed, amount=signed.amount)
    client.force_login(alice)
    client.post(url(submitted, "withdraw"))
    client.post(url(signed, "complete"))
    assert status_of(submitted) == ContractStatus.DRAFT
    assert status_of(signed) == ContractStatus.COMPLETED


def test_complete_is_refused_while_money_is_outstanding(client, alice, signed):
    client.force_login(alice)
    page = page_text(client, signed)
    assert "no payments can be recorded or deleted, no invoices issued" in page
    response = client.post(url(signed, "complete"), follow=True)
    assert (
        "¥120,000.00 is still outstanding; record the payments before completing."
    ) in response.content.decode()
    assert status_of(signed) == ContractStatus.SIGNED


def test_the_confirmation_page_says_what_blocks_a_step_before_confirming(
    client, alice, mary, signed
):
    client.force_login(alice)
    body = client.get(url(signed, "complete")).content.decode()
    assert 'id="move-blocker"' in body
    assert "¥120,000.00 is still outstanding" in body
    assert "disabled" in body
    PaymentFactory(contract=signed, amount=signed.amount, recorded_by=alice)
    body = client.get(url(signed, "complete")).content.decode()
    assert 'id="move-blocker"' not in body


def test_a_move_that_does_not_start_here_is_refused(client, alice, draft):
    client.force_login(alice)
    response = client.post(url(draft, "sign"), {"signed_on": "2020-01-01"}, follow=True)
    assert "“Mark signed” is not open to you on a contract that is Draft." in (
        response.content.decode()
    )
    assert status_of(draft) == ContractStatus.DRAFT
    # The confirmation page of a move not open to the user sends them back.
    response = client.get(url(draft, "approve"))
    assert response["Location"] == detail(draft)


@pytest.mark.parametrize("persona", ["bob", "olivia", "nick"])
def test_people_who_do_not_see_the_contract_get_404(client, request, persona, draft):
    client.force_login(request.getfixturevalue(persona))
    assert client.post(url(draft, "submit")).status_code == 404
    assert client.get(url(draft, "void")).status_code == 404
    assert status_of(draft) == ContractStatus.DRAFT


def test_unknown_action_and_wrong_method(client, alice, draft):
    client.force_login(alice)
    assert client.post(url(draft, "delete")).status_code == 404
    assert client.put(url(draft, "submit")).status_code == 405
    assert status_of(draft) == ContractStatus.DRAFT


def test_anonymous_is_sent_to_login(client, draft):
    response = client.post(url(draft, "submit"))
    assert response["Location"].startswith(reverse("login"))
    assert status_of(draft) == ContractStatus.DRAFT
