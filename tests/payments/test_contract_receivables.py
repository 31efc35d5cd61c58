"""The money section of the contract page: {% contract_receivables contract %}."""

from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from payments.figures import money_of
from tests.factories import ContractFactory, InvoiceFactory
from tests.payments.conftest import make_plan, pay, render_tag, signed_contract

PLAN = (
    ("2026-03-31", "100000"),
    ("2026-06-30", "100000"),
    ("2026-09-30", "100000"),
)


def figures(contract) -> dict:
    return money_of(contract, today=timezone.localdate())


def test_figures_follow_partial_payments_and_due_dates(alice):
    with time_machine.travel("2026-01-10 10:00 +0800", tick=False) as clock:
        contract = signed_contract(alice, amount="300000")
        first, _second, third = make_plan(contract, *PLAN)

        clock.move_to("2026-03-20 10:00 +0800")
        pay(contract, "60000", "2026-03-20")
        # On the due date itself the first installment is due, not overdue.
        clock.move_to("2026-03-31 23:00 +0800")
        numbers = figures(contract)
        assert numbers["received"] == Decimal("60000")
        assert numbers["outstanding"] == Decimal("240000")
        assert numbers["overdue"] == Decimal("0")
        # The next day, what the first installment lacks is overdue.
        clock.move_to("2026-04-01 08:00 +0800")
        assert figures(contract)["overdue"] == Decimal("40000")

        clock.move_to("2026-05-10 10:00 +0800")
        pay(contract, "30000", "2026-05-10")
        clock.move_to("2026-06-15 10:00 +0800")
        numbers = figures(contract)
        assert numbers["received"] == Decimal("90000")
        assert numbers["outstanding"] == Decimal("210000")
        assert numbers["overdue"] == Decimal("10000")

        # Matched to the third installment: it settles that one, not the first.
        pay(contract, "50000", "2026-06-15", installment=third)
        numbers = figures(contract)
        assert numbers["received"] == Decimal("140000")
        assert numbers["outstanding"] == Decimal("160000")
        assert numbers["overdue"] == Decimal("10000")
        first.refresh_from_db()
        third.refresh_from_db()
        assert first.remaining == Decimal("10000")
        assert first.is_overdue_on(timezone.localdate())
        assert third.paid_amount == Decimal("50000")

        body = render_tag("contract_receivables", contract, alice)
        assert "¥140,000.00" in body  # received
        assert "¥160,000.00" in body  # outstanding
        assert "Overdue 76 days" in body  # the first installment, due 2026-03-31
        assert "Partly paid" in body  # the third
        assert body.count(">Due<") == 1  # the second, not due before 2026-06-30

        # After the second due date both shortfalls are overdue.
        clock.move_to("2026-07-01 09:00 +0800")
        assert figures(contract)["overdue"] == Decimal("110000")
        body = render_tag("contract_receivables", contract, alice)
        assert "¥110,000.00" in body


def test_overpaid_contract_shows_the_surplus(alice, clock):
    contract = signed_contract(alice, amount="1000")
    pay(contract, "1200", "2026-06-10", is_overpayment=True)
    body = render_tag("contract_receivables", contract, alice)
    assert "¥200.00 overpaid" in body
    assert "overpayment" in body


def test_a_plan_that_no_longer_adds_up_is_flagged(alice, clock):
    contract = signed_contract(alice, amount="300000")
    make_plan(contract, *PLAN)
    # The amount changed after the plan was made.
    contract.amount = Decimal("320000")
    contract.save()
    body = render_tag("contract_receivables", contract, alice)
    assert "The receivable plan adds up to ¥300,000.00" in body
    assert "the contract amount is ¥320,000.00" in body
    assert reverse("payments:plan", args=[contract.pk]) in body


def test_plan_that_adds_up_has_no_warning(alice, clock):
    contract = signed_contract(alice, amount="300000")
    make_plan(contract, *PLAN)
    body = render_tag("contract_receivables", contract, alice)
    assert "The receivable plan adds up to" not in body


def test_buttons_of_a_signed_contract(alice, clock):
    contract = signed_contract(alice)
    invoice = InvoiceFactory(contract=contract, status="issued")
    body = render_tag("contract_receivables", contract, alice)
    assert reverse("payments:create", args=[contract.pk]) in body
    assert reverse("payments:invoice_create", args=[contract.pk]) in body
    assert reverse("payments:plan", args=[contract.pk]) in body
    assert reverse("payments:invoice_status", args=[invoice.pk]) in body
    assert 'name="status" value="delivered"' in body


def test_a_draft_contract_plans_but_records_no_money(alice, clock):
    contract = ContractFactory(owner=alice, amount=1000)
    body = render_tag("contract_receivables", contract, alice)
    assert reverse("payments:plan", args=[contract.pk]) in body
    assert reverse("payments:create", args=[contract.pk]) not in body
    assert reverse("payments:invoice_create", args=[contract.pk]) not in body
    assert "recorded once the contract is signed" in body


def test_a_completed_contract_cannot_change_its_plan_or_money(alice, clock):
    contract = signed_contract(alice, amount="1000")
    make_plan(contract, ("2026-06-01", "1000"))
    pay(contract, "1000", "2026-06-01")
    invoice = InvoiceFactory(contract=contract, amount=1000)
    contract.status = "completed"
    contract.save()
    body = render_tag("contract_receivables", contract, alice)
    assert reverse("payments:plan", args=[contract.pk]) not in body
    assert reverse("payments:create", args=[contract.pk]) not in body
    assert reverse("payments:invoice_create", args=[contract.pk]) not in body
    assert 'data-bs-target="#invoice-void-modal"' not in body
    # Delivering an invoice stays open: it changes no money.
    assert reverse("payments:invoice_status", args=[invoice.pk]) in body
    assert "its payments and invoices can no longer change" in body


def test_the_contract_page_shows_the_section(client, alice, clock):
    contract = signed_contract(alice)
    client.force_login(alice)
    body = client.get(reverse("contracts:detail", args=[contract.pk])).content.decode()
    assert 'id="receivables"' in body
    assert reverse("payments:create", args=[contract.pk]) in body


def test_query_count_does_not_grow_with_rows(alice, clock):
    def count(contract) -> int:
        with CaptureQueriesContext(connection) as queries:
            render_tag("contract_receivables", contract, alice)
        return len(queries)

    small = signed_contract(alice, amount="5000")
    make_plan(small, *[(f"2026-0{m}-10", "1000") for m in range(1, 6)])
    for day in range(1, 6):
        pay(small, "100", f"2026-06-{day:02d}")
    InvoiceFactory.create_batch(5, contract=small, amount=100)

    large = signed_contract(alice, amount="50000")
    make_plan(
        large,
        *[(f"2026-{1 + m // 28:02d}-{1 + m % 28:02d}", "1000") for m in range(50)],
    )
    for day in range(1, 11):
        for _ in range(5):
            pay(large, "10", f"2026-06-{day:02d}")
    InvoiceFactory.create_batch(50, contract=large, amount=10)
    # figures, plan, payments (with who recorded them), invoices
    assert count(small) == count(large) == 4


def test_only_the_empty_plan_explains_how_to_plan(alice, clock):
    """The plan's hint must not leak into the empty payments and invoices."""
    body = render_tag("contract_receivables", signed_contract(alice), alice)
    assert body.count("Split the contract amount into installments") == 1


@pytest.mark.parametrize(
    ("status", "badge", "outstanding"),
    [
        ("draft", "Planned", "Not signed yet"),
        ("approved", "Planned", "Not signed yet"),
        ("void", "Not owed", "Not owed"),
    ],
)
def test_a_contract_not_receiving_shows_no_overdue_installments(
    alice, clock, status, badge, outstanding
):
    contract = ContractFactory(owner=alice, amount=1000)
    make_plan(contract, ("2026-05-01", "1000"))  # 45 days ago
    contract.status = status
    contract.void_reason = "Cancelled" if status == "void" else ""
    contract.save()
    body = render_tag("contract_receivables", contract, alice)
    assert "Overdue 45 days" not in body
    assert f">{badge}</span>" in body
    assert outstanding in body
    assert "¥1,000.00 overdue" not in body


def test_a_signed_contracts_late_installment_is_overdue(alice, clock):
    contract = signed_contract(alice, amount="1000")
    make_plan(contract, ("2026-05-01", "1000"))
    body = render_tag("contract_receivables", contract, alice)
    assert "Overdue 45 days" in body
    assert "Not signed yet" not in body
