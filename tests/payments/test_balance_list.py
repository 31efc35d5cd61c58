"""payments:balances — each receiving contract's figures, filters, totals."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ContractFactory, CustomerFactory, InvoiceFactory
from tests.payments.conftest import make_plan, pay, signed_contract

URL = reverse("payments:balances")


def numbers(response) -> list[str]:
    return [c.number for c in response.context["contracts"]]


@pytest.fixture
def book(alice, clock):
    """Three signed contracts of alice's in different states, and a draft."""
    late = signed_contract(alice, amount="1000", number="HT-LATE", title="Late")
    make_plan(late, ("2026-05-01", "600"), ("2026-07-01", "400"))
    pay(late, "200", "2026-05-05")
    InvoiceFactory(contract=late, amount=1000)

    paid = signed_contract(alice, amount="500", number="HT-PAID", title="Paid")
    pay(paid, "500", "2026-06-01")
    InvoiceFactory(contract=paid, amount=300)
    InvoiceFactory(contract=paid, amount=200, status="void")

    fresh = signed_contract(alice, amount="2000", number="HT-FRESH", title="Fresh")
    make_plan(fresh, ("2026-08-01", "2000"))

    ContractFactory(owner=alice, number="HT-DRAFT", amount=9999)
    return {"late": late, "paid": paid, "fresh": fresh}


def test_shows_the_figures_of_receiving_contracts_only(client, alice, book):
    client.force_login(alice)
    response = client.get(URL)
    rows = {c.number: c for c in response.context["contracts"]}
    assert set(rows) == {"HT-LATE", "HT-PAID", "HT-FRESH"}
    late = rows["HT-LATE"]
    assert (late.received, late.outstanding, late.invoiced, late.overdue) == (
        Decimal("200"),
        Decimal("800"),
        Decimal("1000"),
        Decimal("400"),
    )
    # A void invoice does not count.
    assert rows["HT-PAID"].invoiced == Decimal("300")
    assert rows["HT-PAID"].outstanding == Decimal("0")


def test_default_order_is_most_outstanding_first(client, alice, book):
    client.force_login(alice)
    assert numbers(client.get(URL)) == ["HT-FRESH", "HT-LATE", "HT-PAID"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("received", ["HT-FRESH", "HT-LATE", "HT-PAID"]),
        ("-invoiced", ["HT-LATE", "HT-PAID", "HT-FRESH"]),
        ("-overdue", ["HT-LATE", "HT-FRESH", "HT-PAID"]),  # ties: newest first
        ("amount", ["HT-PAID", "HT-LATE", "HT-FRESH"]),
    ],
)
def test_sort_by_any_figure(client, alice, book, sort, expected):
    client.force_login(alice)
    assert numbers(client.get(URL, {"sort": sort})) == expected


def test_filters(client, alice, book):
    client.force_login(alice)
    assert numbers(client.get(URL, {"has_overdue": "true"})) == ["HT-LATE"]
    assert sorted(numbers(client.get(URL, {"not_fully_invoiced": "true"}))) == [
        "HT-FRESH",
        "HT-PAID",
    ]
    assert numbers(client.get(URL, {"q": "fresh"})) == ["HT-FRESH"]
    book["paid"].status = "completed"
    book["paid"].save()
    assert numbers(client.get(URL, {"status": "completed"})) == ["HT-PAID"]


def test_totals_cover_the_filtered_set(client, alice, book):
    client.force_login(alice)
    totals = client.get(URL).context["totals"]
    assert totals["count"] == 3
    assert totals["amount"] == Decimal("3500")
    assert totals["received"] == Decimal("700")
    assert totals["outstanding"] == Decimal("2800")
    assert totals["invoiced"] == Decimal("1300")
    assert totals["overdue"] == Decimal("400")
    totals = client.get(URL, {"not_fully_invoiced": "true"}).context["totals"]
    assert totals["amount"] == Decimal("2500")


def test_totals_span_pages(client, alice, clock):
    customer = CustomerFactory(owner=alice)
    for _ in range(30):
        signed_contract(alice, amount="100", customer=customer)
    client.force_login(alice)
    response = client.get(URL)
    assert len(response.context["contracts"]) == 25
    assert response.context["totals"]["outstanding"] == Decimal("3000")
    assert "¥3,000.00" in response.content.decode()


def test_visibility(client, alice, bob, mary, olivia, clock):
    signed_contract(alice, number="HT-A")
    signed_contract(bob, number="HT-B")
    signed_contract(olivia, number="HT-O")
    client.force_login(alice)
    assert numbers(client.get(URL)) == ["HT-A"]
    client.force_login(mary)
    assert sorted(numbers(client.get(URL))) == ["HT-A", "HT-B"]


@pytest.mark.parametrize("persona", ["alice", "mary"])
def test_query_count_does_not_grow_with_rows(client, request, persona, alice, clock):
    user = request.getfixturevalue(persona)
    client.force_login(user)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, {"has_overdue": "true"}).status_code == 200
        return len(queries)

    def add(n):
        for _ in range(n):
            contract = signed_contract(alice, amount="100")
            make_plan(contract, ("2026-06-01", "100"))
            pay(contract, "10", "2026-06-02")
            InvoiceFactory(contract=contract, amount=50)

    add(5)
    five = count_queries()
    add(45)
    assert count_queries() == five
