"""payments:invoice_create — recording an invoice issued on a contract."""

from decimal import Decimal

from django.urls import reverse

from payments.models import Invoice
from tests.factories import ContractFactory, InvoiceFactory
from tests.payments.conftest import signed_contract


def url(contract) -> str:
    return reverse("payments:invoice_create", args=[contract.pk])


def data(**fields) -> dict:
    values = {
        "number": "44001234",
        "kind": "vat_special",
        "amount": "1000",
        "issued_on": "2026-06-12",
        "note": "",
    }
    values.update(fields)
    return values


def test_amount_defaults_to_what_is_not_invoiced(client, alice, clock):
    contract = signed_contract(alice, amount="10000")
    InvoiceFactory(contract=contract, amount=4000)
    InvoiceFactory(contract=contract, amount=5000, status="void")
    client.force_login(alice)
    response = client.get(url(contract))
    assert response.context["form"]["amount"].value() == Decimal("6000")
    assert response.context["form"]["issued_on"].value().isoformat() == "2026-06-15"


def test_recording_an_invoice(client, alice, clock):
    contract = signed_contract(alice, amount="10000")
    client.force_login(alice)
    response = client.post(url(contract), data(number="4400 1234 56", amount="2500"))
    assert response.status_code == 302
    assert response.url == reverse("contracts:detail", args=[contract.pk])
    invoice = Invoice.objects.get()
    assert (invoice.number, invoice.amount, invoice.status) == (
        "4400123456",
        Decimal("2500"),
        "issued",
    )
    assert invoice.issued_by == alice


def test_invoice_above_the_not_invoiced_amount_is_refused(client, alice, clock):
    contract = signed_contract(alice, amount="10000")
    InvoiceFactory(contract=contract, amount=8000)
    client.force_login(alice)
    response = client.post(url(contract), data(amount="2500"))
    assert response.status_code == 200
    assert response.context["form"].errors["amount"] == [
        "Only ¥2,000.00 of this contract is not invoiced yet."
    ]
    assert Invoice.objects.count() == 1


def test_invoice_number_format(client, alice, clock):
    contract = signed_contract(alice, amount="10000")
    client.force_login(alice)
    for number in ("1234567", "ABC12345678", "1" * 21):
        response = client.post(url(contract), data(number=number))
        assert response.context["form"].errors["number"] == [
            "An invoice number has 8 to 20 digits."
        ]
    assert not Invoice.objects.exists()


def test_duplicate_number_is_refused_on_the_field(client, alice, clock):
    contract = signed_contract(alice, amount="10000")
    InvoiceFactory(contract=contract, number="44001234", amount=10)
    client.force_login(alice)
    response = client.post(url(contract), data(number="44001234"))
    assert response.context["form"].errors["number"]
    assert Invoice.objects.count() == 1


def test_negative_amount_and_future_date(client, alice, clock):
    contract = signed_contract(alice, amount="10000")
    client.force_login(alice)
    response = client.post(url(contract), data(amount="-1"))
    assert response.context["form"].errors["amount"] == [
        "The amount must be above zero."
    ]
    response = client.post(url(contract), data(issued_on="2026-06-16"))
    assert response.context["form"].errors["issued_on"] == [
        "An invoice cannot be issued in the future."
    ]
    assert not Invoice.objects.exists()


def test_draft_contract_takes_no_invoice(client, alice, clock):
    contract = ContractFactory(owner=alice, amount=1000)
    client.force_login(alice)
    response = client.post(url(contract), data(), follow=True)
    assert (
        "Invoices are recorded on signed contracts only." in response.content.decode()
    )
    assert not Invoice.objects.exists()
