"""payments:invoice_status — delivering or voiding an invoice."""

from django.urls import reverse

from tests.factories import InvoiceFactory
from tests.payments.conftest import signed_contract


def url(invoice) -> str:
    return reverse("payments:invoice_status", args=[invoice.pk])


def test_mark_delivered(client, alice, clock):
    invoice = InvoiceFactory(contract=signed_contract(alice))
    client.force_login(alice)
    response = client.post(url(invoice), {"status": "delivered"})
    assert response.status_code == 302
    assert response.url == reverse("contracts:detail", args=[invoice.contract_id])
    invoice.refresh_from_db()
    assert invoice.status == "delivered"


def test_void_asks_for_a_reason_and_keeps_it(client, alice, clock):
    invoice = InvoiceFactory(contract=signed_contract(alice), status="delivered")
    client.force_login(alice)
    page = client.get(url(invoice))
    assert page.status_code == 200
    assert f"Void invoice {invoice.number}?" in page.content.decode()

    response = client.post(url(invoice), {"status": "void", "note": "   "})
    assert response.status_code == 200
    assert response.context["form"].errors["note"]
    invoice.refresh_from_db()
    assert invoice.status == "delivered"

    response = client.post(url(invoice), {"status": "void", "note": "Wrong amount"})
    assert response.status_code == 302
    invoice.refresh_from_db()
    assert invoice.status == "void"
    assert "Wrong amount" in invoice.note


def test_a_void_invoice_stays_void(client, alice, clock):
    invoice = InvoiceFactory(contract=signed_contract(alice), status="void")
    client.force_login(alice)
    response = client.post(url(invoice), {"status": "delivered"}, follow=True)
    assert "This invoice is void already." in response.content.decode()
    invoice.refresh_from_db()
    assert invoice.status == "void"


def test_unknown_status_is_refused(client, alice, clock):
    invoice = InvoiceFactory(contract=signed_contract(alice))
    client.force_login(alice)
    response = client.post(url(invoice), {"status": "paid"}, follow=True)
    assert "cannot move to that status" in response.content.decode()
    invoice.refresh_from_db()
    assert invoice.status == "issued"


def test_a_completed_contracts_invoice_is_not_voided(client, alice, clock):
    contract = signed_contract(alice)
    invoice = InvoiceFactory(contract=contract)
    contract.status = "completed"
    contract.save()
    client.force_login(alice)
    response = client.post(
        url(invoice), {"status": "void", "note": "wrong"}, follow=True
    )
    assert "This contract is completed" in response.content.decode()
    invoice.refresh_from_db()
    assert invoice.status == "issued"
    client.post(url(invoice), {"status": "delivered"})
    invoice.refresh_from_db()
    assert invoice.status == "delivered"
