"""contracts:update — drafts only, lines edited with the contract, outsiders 404."""

from decimal import Decimal

import pytest
from django.urls import reverse

from contracts.models import Contract, ContractLine
from tests.contracts.conftest import form_data
from tests.factories import ContractFactory, InstallmentFactory, OpportunityFactory


def url(contract) -> str:
    return reverse("contracts:update", args=[contract.pk])


def test_owner_edits_a_draft_and_its_lines(client, alice, draft):
    line = ContractLine.objects.create(
        contract=draft, description="Licences", quantity=10, unit_price=1000
    )
    client.force_login(alice)
    response = client.get(url(draft))
    assert response.status_code == 200
    assert response.context["form"]["title"].value() == "ERP rollout"
    # With lines, the amount follows them: shown read-only.
    assert "The amount follows the contract lines." in response.content.decode()
    data = form_data(
        draft.customer,
        title="ERP rollout, phase 1",
        opportunity=draft.opportunity_id,
        amount="10000",
        terms="Acceptance within 10 days.",
        initial_lines=1,
        lines=[
            {
                "id": line.pk,
                "description": "Licences",
                "quantity": "12",
                "unit_price": "1000",
            },
            {"description": "Training", "quantity": "2", "unit_price": "1500"},
        ],
    )
    response = client.post(url(draft), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "ERP rollout, phase 1"
    assert draft.terms == "Acceptance within 10 days."
    assert draft.amount == Decimal("15000.00")
    assert [(line.label, line.total) for line in draft.lines.all()] == [
        ("Licences", Decimal("12000.00")),
        ("Training", Decimal("3000.00")),
    ]
    # The number never changes.
    assert draft.number.startswith("HT-TEST-")


def test_manager_may_edit_a_team_members_draft(client, mary, draft):
    client.force_login(mary)
    response = client.post(
        url(draft),
        form_data(draft.customer, title="Renamed", owner=draft.owner_id, amount="100"),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Renamed"


@pytest.mark.parametrize("status", ["submitted", "approved", "signed", "completed"])
def test_only_a_draft_can_be_edited(client, alice, alice_customer, status):
    contract = ContractFactory(owner=alice, customer=alice_customer, status=status)
    client.force_login(alice)
    response = client.get(url(contract), follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "contracts:detail", args=[contract.pk]
    )
    assert "Only a draft contract can be edited" in response.content.decode()
    response = client.post(url(contract), form_data(alice_customer, title="Changed"))
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.title != "Changed"


def test_moving_a_draft_onto_a_deal_with_a_live_contract_is_refused(
    client, alice, alice_customer, draft
):
    other_deal = OpportunityFactory(owner=alice, customer=alice_customer)
    taken = ContractFactory(
        owner=alice, customer=alice_customer, opportunity=other_deal
    )
    client.force_login(alice)
    response = client.post(
        url(draft),
        form_data(alice_customer, opportunity=other_deal.pk, amount="100"),
    )
    assert response.status_code == 200
    assert taken.number in response.context["form"].errors["opportunity"][0]
    draft.refresh_from_db()
    assert draft.opportunity_id != other_deal.pk


@pytest.mark.parametrize("persona", ["bob", "olivia", "nick"])
def test_outsiders_get_404(client, request, persona, draft):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url(draft)).status_code == 404
    assert client.post(url(draft), form_data(draft.customer)).status_code == 404
    assert Contract.objects.get().title == "ERP rollout"


def test_an_edit_that_unbalances_the_plan_warns(client, alice, draft):
    InstallmentFactory(contract=draft, amount=Decimal("120000"))
    client.force_login(alice)
    response = client.post(
        url(draft),
        form_data(draft.customer, opportunity=draft.opportunity_id, amount="90000"),
        follow=True,
    )
    body = response.content.decode()
    assert "The contract was saved." in body
    assert (
        "The receivable plan adds up to ¥120,000.00 but the contract amount is now "
        "¥90,000.00: adjust the plan before submitting."
    ) in body
    draft.refresh_from_db()
    assert draft.amount == Decimal("90000")


def test_an_edit_that_keeps_the_plan_balanced_does_not_warn(client, alice, draft):
    InstallmentFactory(contract=draft, amount=Decimal("120000"))
    client.force_login(alice)
    response = client.post(
        url(draft),
        form_data(
            draft.customer, opportunity=draft.opportunity_id, title="New", amount=""
        ),
        follow=True,
    )
    assert "adjust the plan" not in response.content.decode()
