"""The receivables card of the customer page: {% customer_receivables customer %}."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ContractFactory, CustomerFactory, InstallmentFactory
from tests.payments.conftest import make_plan, pay, render_tag, signed_contract


def test_totals_next_installments_and_latest_payments(alice, clock):
    customer = CustomerFactory(owner=alice, legal_name="宁波丁公司")
    first = signed_contract(alice, amount="1000", customer=customer, number="HT-1")
    make_plan(first, ("2026-05-01", "400"), ("2026-07-01", "600"))
    pay(first, "100", "2026-05-02", reference="R1")
    second = signed_contract(alice, amount="500", customer=customer, number="HT-2")
    make_plan(second, ("2026-06-20", "500"))
    # Another customer's money stays out.
    other = signed_contract(alice, amount="777")
    pay(other, "777", "2026-06-01")

    body = render_tag("customer_receivables", customer, alice)
    assert "¥100.00" in body  # received
    assert "¥1,400.00" in body  # outstanding
    assert "¥300.00" in body  # overdue: the first installment's rest
    assert "overdue 45 days" in body
    assert (
        body.index("1 May 2026") < body.index("20 Jun 2026") < body.index("1 Jul 2026")
    )
    assert "¥777.00" not in body
    for name in ("list", "balances", "received", "invoices"):
        assert f"{reverse(f'payments:{name}')}?customer={customer.pk}" in body


def test_shows_only_what_the_viewer_sees(alice, olivia, clock):
    customer = CustomerFactory(owner=alice)
    mine = signed_contract(alice, amount="100", customer=customer)
    pay(mine, "40", "2026-06-01")
    # olivia's contract on alice's customer: alice must not see its money.
    hers = signed_contract(olivia, amount="9000", customer=customer)
    make_plan(hers, ("2026-05-01", "9000"))
    pay(hers, "8000", "2026-06-02")
    body = render_tag("customer_receivables", customer, alice)
    assert "¥40.00" in body
    assert "¥8,000.00" not in body
    assert "¥9,000.00" not in body
    assert "¥1,000.00" not in body


def test_draft_contracts_are_not_receivables(alice, clock):
    customer = CustomerFactory(owner=alice)
    draft = ContractFactory(owner=alice, customer=customer, amount=5000)
    InstallmentFactory(contract=draft, due_date="2026-05-01", amount=5000)
    body = render_tag("customer_receivables", customer, alice)
    assert "¥5,000.00" not in body
    assert "Nothing is waiting to be paid." in body


def test_the_customer_page_shows_the_card(client, alice, clock):
    customer = CustomerFactory(owner=alice)
    pay(signed_contract(alice, amount="100", customer=customer), "60", "2026-06-01")
    client.force_login(alice)
    body = client.get(reverse("customers:detail", args=[customer.pk])).content.decode()
    assert 'id="customer-receivables"' in body
    assert "¥60.00" in body


def test_lists_reached_from_the_card_keep_the_customer(client, alice, clock):
    customer = CustomerFactory(owner=alice, legal_name="温州戊公司")
    make_plan(
        signed_contract(alice, amount="100", customer=customer), ("2026-07-01", "100")
    )
    make_plan(signed_contract(alice, amount="100"), ("2026-07-01", "100"))
    client.force_login(alice)
    for name in ("list", "balances", "received", "invoices"):
        response = client.get(reverse(f"payments:{name}"), {"customer": customer.pk})
        assert "温州戊公司" in response.content.decode()
    response = client.get(reverse("payments:balances"), {"customer": customer.pk})
    assert response.context["totals"]["amount"] == Decimal("100")


def test_query_count_does_not_grow_with_rows(alice, clock):
    def count(customer) -> int:
        with CaptureQueriesContext(connection) as queries:
            render_tag("customer_receivables", customer, alice)
        return len(queries)

    def customer_with(contracts: int):
        customer = CustomerFactory(owner=alice)
        for _ in range(contracts):
            contract = signed_contract(alice, amount="100", customer=customer)
            make_plan(contract, ("2026-06-01", "50"), ("2026-07-01", "50"))
            pay(contract, "10", "2026-06-02")
        return customer

    small, large = customer_with(3), customer_with(25)
    # totals, installments, payments
    assert count(small) == count(large) == 3
