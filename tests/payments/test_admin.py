"""Installments, payments and invoices in Django admin: to look at, not to change."""

import pytest
from django.urls import reverse

from tests.factories import InvoiceFactory
from tests.payments.conftest import make_plan, pay, signed_contract


@pytest.fixture
def records(alice, clock):
    contract = signed_contract(alice, amount="1000", number="HT-ADMIN")
    [installment] = make_plan(contract, ("2026-07-01", "1000"))
    return {
        "installment": installment,
        "payment": pay(contract, "100", "2026-06-01"),
        "invoice": InvoiceFactory(contract=contract, number="55550001"),
    }


@pytest.mark.parametrize("model", ["installment", "payment", "invoice"])
def test_admin_lists_and_shows_but_does_not_change(client, adam, records, model):
    client.force_login(adam)
    listing = client.get(reverse(f"admin:payments_{model}_changelist"))
    assert listing.status_code == 200
    assert "HT-ADMIN" in listing.content.decode()
    add_url = reverse(f"admin:payments_{model}_add")
    assert add_url not in listing.content.decode()
    assert client.get(add_url).status_code == 403
    record = records[model]
    change_url = reverse(f"admin:payments_{model}_change", args=[record.pk])
    page = client.get(change_url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.post(change_url, {}).status_code == 403
    delete_url = reverse(f"admin:payments_{model}_delete", args=[record.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert type(record).objects.filter(pk=record.pk).exists()


def test_search_finds_by_contract_number(client, adam, records):
    client.force_login(adam)
    response = client.get(
        reverse("admin:payments_invoice_changelist"), {"q": "HT-ADMIN"}
    )
    assert "55550001" in response.content.decode()
