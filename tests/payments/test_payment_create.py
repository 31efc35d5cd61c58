"""payments:create — recording money received on a contract."""

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from payments.figures import money_of
from payments.models import Payment
from tests.factories import ContractFactory
from tests.payments.conftest import make_plan, pay, render_tag, signed_contract


def url(contract) -> str:
    return reverse("payments:create", args=[contract.pk])


def data(**fields) -> dict:
    values = {
        "received_on": "2026-06-12",
        "amount": "1000",
        "method": "bank_transfer",
        "installment": "",
        "reference": "",
        "note": "",
    }
    values.update(fields)
    return {key: value for key, value in values.items() if value is not None}


def test_form_defaults_to_today_and_the_next_unpaid_installment(client, alice, clock):
    contract = signed_contract(alice, amount="3000")
    _first, second = make_plan(contract, ("2026-05-31", "1000"), ("2026-07-31", "2000"))
    pay(contract, "400", "2026-06-01")
    client.force_login(alice)
    response = client.get(url(contract))
    form = response.context["form"]
    assert form["received_on"].value().isoformat() == "2026-06-15"
    assert form["amount"].value() == Decimal("600")
    body = response.content.decode()
    # Installments are labelled with their due date and what they still lack.
    assert "Due 2026-05-31 · ¥1,000.00, ¥600.00 remaining" in body
    assert "Due 2026-07-31 · ¥2,000.00, ¥2,000.00 remaining" in body
    # Asking for one installment picks it.
    form = client.get(url(contract), {"installment": second.pk}).context["form"]
    assert form["installment"].value() == second.pk
    assert form["amount"].value() == Decimal("2000")


def test_recording_a_payment(client, alice, clock):
    contract = signed_contract(alice, amount="3000")
    _first, second = make_plan(contract, ("2026-05-31", "1000"), ("2026-07-31", "2000"))
    client.force_login(alice)
    response = client.post(
        url(contract),
        data(amount="1500", method="cheque", installment=second.pk, reference=" CH-1 "),
    )
    assert response.status_code == 302
    assert response.url == reverse("contracts:detail", args=[contract.pk])
    payment = Payment.objects.get()
    assert (payment.amount, payment.method, payment.reference) == (
        Decimal("1500"),
        "cheque",
        "CH-1",
    )
    assert payment.installment == second
    assert payment.recorded_by == alice
    second.refresh_from_db()
    assert second.paid_amount == Decimal("1500")
    messages = [str(m) for m in client.get(response.url).context["messages"]]
    assert "The payment was recorded." in messages


def test_payment_above_outstanding_is_refused_then_accepted_as_overpayment(
    client, alice, clock
):
    contract = signed_contract(alice, amount="1000")
    pay(contract, "800", "2026-06-01")
    client.force_login(alice)
    response = client.post(url(contract), data(amount="500"))
    assert response.status_code == 200
    assert response.context["form"].errors["amount"] == [
        "Only ¥200.00 is outstanding on this contract. Tick “overpayment” if the "
        "customer really paid ¥500.00."
    ]
    assert Payment.objects.count() == 1
    # The form keeps what was typed.
    assert response.context["form"]["amount"].value() == "500"

    response = client.post(url(contract), data(amount="500", is_overpayment="on"))
    assert response.status_code == 302
    assert Payment.objects.count() == 2
    assert Payment.objects.get(amount=500).is_overpayment
    figures = money_of(contract, today=timezone.localdate())
    assert figures["overpaid"] == Decimal("300")
    assert "¥300.00 overpaid" in render_tag("contract_receivables", contract, alice)


def test_negative_amount_and_future_date_are_field_errors(client, alice, clock):
    contract = signed_contract(alice, amount="1000")
    client.force_login(alice)
    response = client.post(url(contract), data(amount="-5", received_on="2026-06-16"))
    errors = response.context["form"].errors
    assert errors["amount"] == ["The amount must be above zero."]
    response = client.post(url(contract), data(received_on="2026-06-16"))
    assert response.context["form"].errors["received_on"] == [
        "A payment cannot be received in the future."
    ]
    assert not Payment.objects.exists()


def test_installment_of_another_contract_is_not_a_choice(client, alice, clock):
    contract = signed_contract(alice, amount="1000")
    [foreign] = make_plan(signed_contract(alice, amount="50"), ("2026-07-01", "50"))
    client.force_login(alice)
    response = client.post(url(contract), data(installment=foreign.pk))
    assert "installment" in response.context["form"].errors
    assert not Payment.objects.exists()


def test_unsigned_contract_takes_no_payment(client, alice, clock):
    contract = ContractFactory(owner=alice, amount=1000, status="approved")
    client.force_login(alice)
    response = client.post(url(contract), data(), follow=True)
    assert (
        "Payments are recorded on signed contracts only." in response.content.decode()
    )
    assert not Payment.objects.exists()


def test_completed_contract_takes_no_payment(client, alice, clock):
    contract = ContractFactory(owner=alice, amount=1000, status="completed")
    client.force_login(alice)
    response = client.post(url(contract), data(is_overpayment="on"), follow=True)
    assert (
        "This contract is completed: its payments and invoices can no longer change."
    ) in response.content.decode()
    assert not Payment.objects.exists()
