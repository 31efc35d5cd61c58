"""The four exports: exactly the visible rows the list's filters select."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import InvoiceFactory
from tests.payments.conftest import make_plan, pay, signed_contract
from tests.transfer.conftest import downloaded_rows

EXPORTS = [
    "payments:export",
    "payments:balances_export",
    "payments:received_export",
    "payments:invoices_export",
]


def column(client, name, label, params=None) -> list:
    header, *rows = downloaded_rows(client.get(reverse(name), params or {}))
    index = header.index(label)
    return [row[index] for row in rows]


@pytest.fixture
def book(alice, bob, olivia, clock):
    def contract(owner, number, *, due, paid, invoice):
        record = signed_contract(owner, amount="1000", number=number)
        make_plan(record, (due, "1000"))
        pay(record, paid, "2026-06-01", reference=f"REF-{number}")
        InvoiceFactory(contract=record, number=invoice, amount=500)
        return record

    contract(alice, "HT-A1", due="2026-06-01", paid="100", invoice="10000001")
    contract(alice, "HT-A2", due="2026-06-30", paid="200", invoice="10000002")
    contract(bob, "HT-B1", due="2026-06-02", paid="300", invoice="10000003")
    contract(olivia, "HT-O1", due="2026-06-03", paid="400", invoice="10000004")


@pytest.mark.parametrize("name", EXPORTS)
def test_anonymous_is_sent_to_login(client, name):
    assert client.get(reverse(name))["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", EXPORTS)
def test_post_is_refused(client, alice, name):
    client.force_login(alice)
    assert client.post(reverse(name)).status_code == 405


def test_receivables_export(client, alice, mary, book):
    client.force_login(alice)
    assert column(client, "payments:export", "Contract number") == ["HT-A1", "HT-A2"]
    assert column(
        client, "payments:export", "Contract number", {"window": "overdue"}
    ) == ["HT-A1"]
    header, row = downloaded_rows(
        client.get(reverse("payments:export"), {"window": "overdue"})
    )
    cells = dict(zip(header, row, strict=True))
    assert cells["Remaining"] == "900.00"
    assert cells["Days overdue"] == "14"
    assert cells["Due date"] == "2026-06-01"
    client.force_login(mary)
    assert column(client, "payments:export", "Contract number") == [
        "HT-A1",
        "HT-B1",
        "HT-A2",
    ]


def test_balances_export(client, alice, mary, book):
    client.force_login(alice)
    assert sorted(column(client, "payments:balances_export", "Contract number")) == [
        "HT-A1",
        "HT-A2",
    ]
    assert column(
        client, "payments:balances_export", "Received", {"has_overdue": "true"}
    ) == ["100.00"]
    client.force_login(mary)
    assert sorted(
        column(client, "payments:balances_export", "Contract number", {"q": "B1"})
    ) == ["HT-B1"]


def test_received_export(client, alice, mary, book):
    client.force_login(alice)
    assert sorted(column(client, "payments:received_export", "Reference")) == [
        "REF-HT-A1",
        "REF-HT-A2",
    ]
    client.force_login(mary)
    assert column(
        client, "payments:received_export", "Amount", {"q": "B1", "format": "xlsx"}
    ) == [300]


def test_invoices_export(client, alice, dora, book):
    client.force_login(alice)
    assert sorted(column(client, "payments:invoices_export", "Invoice number")) == [
        "10000001",
        "10000002",
    ]
    client.force_login(dora)
    assert sorted(column(client, "payments:invoices_export", "Invoice number")) == [
        "10000001",
        "10000002",
        "10000003",
        "10000004",
    ]
    assert column(
        client, "payments:invoices_export", "Invoice number", {"q": "0004"}
    ) == ["10000004"]


@pytest.mark.parametrize("name", EXPORTS)
def test_query_count_does_not_grow_with_rows(client, alice, clock, name):
    client.force_login(alice)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            downloaded_rows(client.get(reverse(name), {"format": "xlsx"}))
        return len(queries)

    def add(n):
        for _ in range(n):
            contract = signed_contract(alice, amount="100")
            make_plan(contract, ("2026-06-30", "100"))
            pay(contract, "10", "2026-06-01")
            InvoiceFactory(contract=contract, amount=10)

    add(5)
    five = count_queries()
    add(45)
    assert count_queries() == five
