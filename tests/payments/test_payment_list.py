"""payments:received — payments received, filters, totals, overpayment badge."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import CustomerFactory
from tests.payments.conftest import pay, signed_contract

URL = reverse("payments:received")


def amounts(response) -> list[Decimal]:
    return [p.amount for p in response.context["payments"]]


def test_lists_visible_payments_newest_first(client, alice, olivia, clock):
    mine = signed_contract(alice, amount="1000")
    pay(mine, "100", "2026-06-01")
    pay(mine, "200", "2026-06-10", reference="SLIP-7")
    pay(signed_contract(olivia, amount="1000"), "999", "2026-06-05")
    client.force_login(alice)
    response = client.get(URL)
    assert amounts(response) == [Decimal("200"), Decimal("100")]
    assert response.context["totals"]["amount"] == Decimal("300")
    body = response.content.decode()
    assert "SLIP-7" in body
    assert "¥999.00" not in body


def test_filters_by_date_method_text_and_customer(client, alice, clock):
    customer = CustomerFactory(owner=alice, legal_name="苏州丙公司")
    one = signed_contract(alice, amount="1000", customer=customer)
    other = signed_contract(alice, amount="1000", title="Other deal")
    pay(one, "100", "2026-05-01", method="cheque")
    pay(one, "200", "2026-06-01")
    pay(other, "300", "2026-06-02", reference="BILL-42")
    client.force_login(alice)
    assert amounts(client.get(URL, {"received_after": "2026-06-01"})) == [
        Decimal("300"),
        Decimal("200"),
    ]
    assert amounts(client.get(URL, {"method": "cheque"})) == [Decimal("100")]
    assert amounts(client.get(URL, {"q": "bill-42"})) == [Decimal("300")]
    response = client.get(URL, {"customer": customer.pk})
    assert amounts(response) == [Decimal("200"), Decimal("100")]
    assert response.context["totals"]["amount"] == Decimal("300")


def test_overpayment_is_marked(client, alice, clock):
    contract = signed_contract(alice, amount="100")
    pay(contract, "150", "2026-06-01", is_overpayment=True)
    client.force_login(alice)
    response = client.get(URL)
    assert response.context["totals"]["overpaid"] == 1
    assert "badge text-bg-warning" in response.content.decode()


def test_sort_by_amount(client, alice, clock):
    contract = signed_contract(alice, amount="1000")
    for amount in ("30", "10", "20"):
        pay(contract, amount, "2026-06-01")
    client.force_login(alice)
    assert amounts(client.get(URL, {"sort": "amount"})) == [
        Decimal("10"),
        Decimal("20"),
        Decimal("30"),
    ]


@pytest.mark.parametrize("persona", ["alice", "mary"])
def test_query_count_does_not_grow_with_rows(client, request, persona, alice, clock):
    user = request.getfixturevalue(persona)
    client.force_login(user)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    def add(n):
        for _ in range(n):
            pay(signed_contract(alice, amount="100"), "100", "2026-06-01")

    add(5)
    five = count_queries()
    add(45)
    assert count_queries() == five
