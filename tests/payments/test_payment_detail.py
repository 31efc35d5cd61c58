"""payments:detail and payments:delete — one payment, its history, deleting it."""

from decimal import Decimal

from django.urls import reverse

from payments.models import Payment
from tests.payments.conftest import make_plan, pay, signed_contract


def test_detail_shows_the_payment_and_its_history(client, alice, clock):
    contract = signed_contract(alice, amount="1000")
    [installment] = make_plan(contract, ("2026-06-30", "1000"))
    payment = pay(
        contract, "300", "2026-06-10", installment=installment, reference="SLIP-9"
    )
    client.force_login(alice)
    response = client.get(reverse("payments:detail", args=[payment.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Payment of ¥300.00" in body
    assert "SLIP-9" in body
    assert "due 30 Jun 2026, ¥1,000.00" in body
    assert response.context["history"][0].kind == "+"
    assert reverse("payments:delete", args=[payment.pk]) in body


def test_delete_asks_first(client, alice, clock):
    payment = pay(signed_contract(alice, amount="1000"), "300", "2026-06-10")
    client.force_login(alice)
    response = client.get(reverse("payments:delete", args=[payment.pk]))
    assert response.status_code == 200
    assert "Delete this payment?" in response.content.decode()
    assert Payment.objects.filter(pk=payment.pk).exists()


def test_deleting_gives_the_installment_its_debt_back(client, alice, clock):
    contract = signed_contract(alice, amount="1000")
    [installment] = make_plan(contract, ("2026-06-30", "1000"))
    payment = pay(contract, "300", "2026-06-10")
    client.force_login(alice)
    response = client.post(
        reverse("payments:delete", args=[payment.pk]), {"reason": "Typed twice"}
    )
    assert response.status_code == 302
    assert response.url == reverse("contracts:detail", args=[contract.pk])
    assert not Payment.objects.exists()
    installment.refresh_from_db()
    assert installment.paid_amount == Decimal("0")


def test_a_completed_contracts_payment_is_kept(client, alice, clock):
    contract = signed_contract(alice, amount="1000")
    payment = pay(contract, "1000", "2026-06-10")
    contract.status = "completed"
    contract.save()
    client.force_login(alice)
    body = client.get(reverse("payments:detail", args=[payment.pk])).content.decode()
    assert reverse("payments:delete", args=[payment.pk]) not in body
    for method in (client.get, client.post):
        response = method(reverse("payments:delete", args=[payment.pk]), follow=True)
        assert response.redirect_chain[-1][0] == reverse(
            "payments:detail", args=[payment.pk]
        )
        assert "This contract is completed" in response.content.decode()
    assert Payment.objects.filter(pk=payment.pk).exists()


def test_deleting_asks_why_and_the_contract_page_shows_it(client, alice, mary, clock):
    contract = signed_contract(alice, amount="1000")
    payment = pay(contract, "300", "2026-06-10", reference="SLIP-9")
    client.force_login(mary)
    url = reverse("payments:delete", args=[payment.pk])
    assert "Why is the payment deleted?" in client.get(url).content.decode()
    response = client.post(url, {"reason": "   "})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == [
        "Say why the payment is deleted."
    ]
    assert Payment.objects.exists()
    client.post(url, {"reason": "The bank returned it"})
    assert not Payment.objects.exists()
    page = client.get(reverse("contracts:detail", args=[contract.pk]))
    body = page.content.decode()
    assert "Payment deleted" in body
    assert "¥300.00 · 2026-06-10 SLIP-9" in body
    assert "The bank returned it" in body
