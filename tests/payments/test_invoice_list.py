"""payments:invoices — invoices of visible contracts, filters, non-void totals."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import InvoiceFactory
from tests.payments.conftest import signed_contract

URL = reverse("payments:invoices")


def invoice_numbers(response) -> list[str]:
    return [i.number for i in response.context["invoices"]]


@pytest.fixture
def invoices(alice, olivia, clock):
    contract = signed_contract(alice, amount="10000", title="Plant MES")
    InvoiceFactory(
        contract=contract, number="11110001", amount=1000, issued_on="2026-05-01"
    )
    InvoiceFactory(
        contract=contract,
        number="11110002",
        amount=2000,
        kind="vat_general",
        status="delivered",
        issued_on="2026-06-01",
    )
    InvoiceFactory(
        contract=contract,
        number="11110003",
        amount=4000,
        status="void",
        issued_on="2026-06-02",
    )
    InvoiceFactory(contract=signed_contract(olivia), number="99990001")


def test_lists_visible_invoices_with_non_void_totals(client, alice, invoices):
    client.force_login(alice)
    response = client.get(URL)
    assert invoice_numbers(response) == ["11110003", "11110002", "11110001"]
    totals = response.context["totals"]
    assert (totals["counted"], totals["void"], totals["amount"]) == (
        2,
        1,
        Decimal("3000"),
    )
    assert "99990001" not in response.content.decode()


def test_filters(client, alice, invoices):
    client.force_login(alice)
    assert invoice_numbers(client.get(URL, {"kind": "vat_general"})) == ["11110002"]
    assert invoice_numbers(client.get(URL, {"status": "void"})) == ["11110003"]
    assert invoice_numbers(
        client.get(URL, {"issued_after": "2026-05-15", "issued_before": "2026-06-01"})
    ) == ["11110002"]
    assert invoice_numbers(client.get(URL, {"q": "0001"})) == ["11110001"]
    assert len(invoice_numbers(client.get(URL, {"q": "plant"}))) == 3


def test_sort_by_amount(client, alice, invoices):
    client.force_login(alice)
    assert invoice_numbers(client.get(URL, {"sort": "-amount"})) == [
        "11110003",
        "11110002",
        "11110001",
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
            InvoiceFactory(contract=signed_contract(alice), amount=10)

    add(5)
    five = count_queries()
    add(45)
    assert count_queries() == five
