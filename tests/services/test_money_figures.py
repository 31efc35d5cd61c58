"""Received, outstanding, invoiced and overdue figures of contracts (issue 6).

Figures come from database subqueries; SQLite keeps decimals as floating
point, so every figure is compared in cents (exact on PostgreSQL as well).
"""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contracts.models import Contract
from payments.figures import money_of, with_money
from payments.services import (
    PlannedInstallment,
    installment_plan_replace,
    invoice_issue,
    invoice_set_status,
    payment_record,
)
from tests.factories import ContractFactory

D = Decimal
TODAY = date(2026, 6, 15)
FIGURES = ("amount", "received", "outstanding", "invoiced", "overdue")
pytestmark = pytest.mark.usefixtures("fixed_clock")


@pytest.fixture
def fixed_clock():
    with time_machine.travel("2026-06-15 10:00 +0800", tick=False):
        yield


def cents(figures: dict) -> dict:
    return {name: D(value).quantize(D("0.01")) for name, value in figures.items()}


def signed(owner, amount: str) -> Contract:
    return ContractFactory(
        owner=owner, status="signed", amount=D(amount), signed_on=date(2026, 3, 1)
    )


def plan(contract, by, *rows):
    return installment_plan_replace(
        contract=contract,
        rows=[PlannedInstallment(due, D(amount)) for due, amount in rows],
        by=by,
    )


def receive(contract, by, on, amount, **kwargs):
    return payment_record(
        contract=contract,
        by=by,
        received_on=on,
        amount=D(amount),
        method="bank_transfer",
        **kwargs,
    )


@pytest.fixture
def partly_paid(alice):
    """100,000: 30,000 due 31 March, 50,000 due today, 20,000 due 30 September.

    Paid before and on the first due date (22,000.25 in all) and 5,000 ahead
    of time matched to the last installment; three invoices, one of them void.
    """
    contract = signed(alice, "100000")
    _first, _second, third = plan(
        contract,
        alice,
        (date(2026, 3, 31), "30000"),
        (date(2026, 6, 15), "50000"),
        (date(2026, 9, 30), "20000"),
    )
    receive(contract, alice, date(2026, 3, 20), "10000")
    receive(contract, alice, date(2026, 3, 31), "12000.25")
    receive(contract, alice, date(2026, 5, 6), "5000", installment=third)
    invoice_issue(
        contract=contract,
        by=alice,
        number="44030001",
        kind="vat_special",
        amount=D("30000"),
        issued_on=date(2026, 3, 25),
    )
    wrong = invoice_issue(
        contract=contract,
        by=alice,
        number="44030002",
        kind="vat_special",
        amount=D("5000"),
        issued_on=date(2026, 5, 1),
    )
    invoice_set_status(invoice=wrong, status="void", by=alice, note="金额开错")
    delivered = invoice_issue(
        contract=contract,
        by=alice,
        number="44030003",
        kind="vat_general",
        amount=D("20000.10"),
        issued_on=date(2026, 6, 10),
    )
    invoice_set_status(invoice=delivered, status="delivered", by=alice)
    return contract


def test_a_partly_paid_contract_today(partly_paid):
    assert cents(money_of(partly_paid, today=TODAY)) == cents(
        {
            "amount": "100000",
            "received": "27000.25",
            "outstanding": "72999.75",
            "invoiced": "50000.10",  # the void invoice does not count
            # Only what the March installment lacks: the June one is due today,
            # and the September one is not due (and partly paid ahead).
            "overdue": "7999.75",
            "planned": "100000",
            "overpaid": "0",
        }
    )


@pytest.mark.parametrize(
    ("today", "overdue"),
    [
        (date(2026, 3, 31), "0"),  # the first due date itself: not overdue yet
        (date(2026, 4, 1), "7999.75"),
        (date(2026, 6, 16), "57999.75"),  # the June installment joins
        (date(2026, 9, 30), "57999.75"),
        (date(2026, 10, 1), "72999.75"),  # everything unpaid is overdue
    ],
)
def test_overdue_grows_as_due_dates_pass(partly_paid, today, overdue):
    figures = cents(money_of(partly_paid, today=today))
    assert figures["overdue"] == D(overdue)
    assert figures["outstanding"] == D("72999.75")


def test_installments_settle_in_due_date_order_except_matched_money(partly_paid):
    assert [
        (i.due_date, i.paid_amount.quantize(D("0.01")))
        for i in partly_paid.installments.all()
    ] == [
        (date(2026, 3, 31), D("22000.25")),
        (date(2026, 6, 15), D("0.00")),
        (date(2026, 9, 30), D("5000.00")),
    ]


def test_paying_the_overdue_part_clears_it(partly_paid, alice):
    receive(partly_paid, alice, TODAY, "7999.75")
    figures = cents(money_of(partly_paid, today=TODAY))
    assert (figures["overdue"], figures["outstanding"]) == (D("0"), D("65000"))
    later = cents(money_of(partly_paid, today=date(2026, 6, 16)))
    assert later["overdue"] == D("50000")


def test_an_overpaid_contract(alice):
    contract = signed(alice, "10000")
    plan(contract, alice, (date(2026, 5, 1), "10000"))
    receive(contract, alice, date(2026, 5, 2), "12000.50", is_overpayment=True)
    figures = cents(money_of(contract, today=TODAY))
    assert figures == cents(
        {
            "amount": "10000",
            "received": "12000.50",
            "outstanding": "0",  # never below zero
            "invoiced": "0",
            "overdue": "0",
            "planned": "10000",
            "overpaid": "2000.50",
        }
    )
    assert contract.installments.get().paid_amount == D("10000")


def test_a_contract_with_nothing_yet(alice):
    contract = signed(alice, "88000")
    assert cents(money_of(contract, today=TODAY)) == cents(
        {
            "amount": "88000",
            "received": "0",
            "outstanding": "88000",
            "invoiced": "0",
            "overdue": "0",
            "planned": "0",
            "overpaid": "0",
        }
    )


def test_with_money_can_filter_on_its_figures(partly_paid, alice):
    settled = signed(alice, "5000")
    plan(settled, alice, (date(2026, 4, 1), "5000"))
    receive(settled, alice, date(2026, 4, 1), "5000")
    overdue = with_money(Contract.objects.all(), today=TODAY).filter(overdue__gt=0)
    assert list(overdue) == [partly_paid]
    unpaid = with_money(Contract.objects.all(), today=TODAY).filter(outstanding=0)
    assert list(unpaid) == [settled]


def test_a_page_of_20_contracts_is_annotated_in_one_query(alice, mary):
    contracts = []
    for index in range(22):
        contract = signed(alice, f"{10000 + index}.50")
        plan(
            contract,
            alice,
            (date(2026, 4, 1), "5000"),
            (date(2026, 7, 1), f"{5000 + index}.50"),
        )
        receive(contract, alice, date(2026, 4, 3), "3000")
        receive(contract, alice, date(2026, 5, 3), f"{index}.25")
        contracts.append(contract)

    queryset = with_money(
        Contract.objects.visible_to(mary).for_list().order_by("id"), today=TODAY
    )
    with CaptureQueriesContext(connection) as queries:
        page = list(queryset[:20])
        shown = [
            (row.customer.legal_name, row.owner.username, row.received, row.overdue)
            for row in page
        ]
    assert len(queries) == 1
    assert len(shown) == 20
    assert [row.pk for row in page] == [c.pk for c in contracts[:20]]
    for index, row in enumerate(page):
        assert cents({name: getattr(row, name) for name in FIGURES}) == cents(
            {
                "amount": f"{10000 + index}.50",
                "received": f"{3000 + index}.25",
                "outstanding": "7000.25",
                "invoiced": "0",
                "overdue": str(D(5000) - D(f"{3000 + index}.25")),
            }
        )


@pytest.mark.parametrize(
    ("status", "outstanding", "overdue"),
    [
        ("draft", "0", "0"),
        ("approved", "0", "0"),
        ("void", "0", "0"),
        ("signed", "60000", "60000"),
        ("completed", "60000", "60000"),
    ],
)
def test_only_signed_contracts_owe_money(alice, status, outstanding, overdue):
    """A draft's plan is not owed yet, and a void contract owes nothing any more."""
    contract = ContractFactory(owner=alice, amount=D("60000"))
    plan(contract, alice, (date(2026, 5, 1), "60000"))
    Contract.objects.filter(pk=contract.pk).update(
        status=status, void_reason="Cancelled" if status == "void" else ""
    )
    figures = cents(money_of(contract, today=TODAY))
    assert figures["outstanding"] == D(outstanding)
    assert figures["overdue"] == D(overdue)
