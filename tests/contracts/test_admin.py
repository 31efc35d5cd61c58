"""Contract admin: read-mostly, for administrators."""

from django.urls import reverse

from contracts.models import ContractEvent, ContractLine
from tests.factories import ContractFactory


def test_admin_lists_and_opens_contracts_read_mostly(client, adam, alice, bob):
    contract = ContractFactory(owner=alice, number="HT-2026-0500", title="Admin view")
    ContractLine.objects.create(
        contract=contract, description="Licences", quantity=1, unit_price=10
    )
    ContractEvent.objects.create(
        contract=contract,
        action="submit",
        from_status="draft",
        to_status="submitted",
        by=alice,
    )
    client.force_login(adam)
    changelist = reverse("admin:contracts_contract_changelist")
    body = client.get(changelist, {"q": "0500"}).content.decode()
    assert "HT-2026-0500" in body
    change = reverse("admin:contracts_contract_change", args=[contract.pk])
    body = client.get(change).content.decode()
    assert "Licences" in body
    # No adding here: numbering and lines go through the contract pages.
    assert client.get(reverse("admin:contracts_contract_add")).status_code == 403
    # Only the owner changes: the title stays as it was.
    data = {"owner": bob.pk, "title": "Changed"}
    for prefix, count in (("lines", 1), ("events", 1), ("attachments", 0)):
        data[f"{prefix}-TOTAL_FORMS"] = data[f"{prefix}-INITIAL_FORMS"] = count
    response = client.post(change, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    contract.refresh_from_db()
    assert (contract.owner, contract.title) == (bob, "Admin view")


def test_number_series_are_listed(client, adam):
    client.force_login(adam)
    url = reverse("admin:contracts_numberseries_changelist")
    assert client.get(url).status_code == 200


def test_salespeople_stay_out_of_admin(client, alice):
    client.force_login(alice)
    response = client.get(reverse("admin:contracts_contract_changelist"))
    assert response.status_code == 302
