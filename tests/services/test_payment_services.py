"""Receivable plans, payments and invoices (issue 6), on a fixed clock."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from contracts.models import ContractEvent
from payments.models import Installment, Invoice, InvoiceStatus, Payment
from payments.services import (
    PlannedInstallment,
    installment_plan_replace,
    invoice_issue,
    invoice_set_status,
    payment_delete,
    payment_record,
)
from tests.factories import ContractFactory, InvoiceFactory

D = Decimal
TODAY = date(2026, 6, 15)
pytestmark = pytest.mark.usefixtures("fixed_clock")


@pytest.fixture
def fixed_clock():
    with time_machine.travel("2026-06-15 10:00 +0800", tick=False):
        yield


@pytest.fixture
def contract(alice):
    """A signed 100,000 contract of alice's."""
    return ContractFactory(
        owner=alice, status="signed", amount=D("100000"), signed_on=date(2026, 3, 1)
    )


def plan(contract, by, *rows) -> list[Installment]:
    """Replace the plan with (due date, amount[, pk]) rows."""
    return installment_plan_replace(
        contract=contract,
        rows=[
            PlannedInstallment(
                due_date=row[0], amount=D(row[1]), pk=row[2] if len(row) > 2 else None
            )
            for row in rows
        ],
        by=by,
    )


def thirty_sixty_ten(contract, by) -> list[Installment]:
    return plan(
        contract,
        by,
        (date(2026, 3, 31), "30000"),
        (date(2026, 6, 30), "60000"),
        (date(2026, 12, 31), "10000"),
    )


def receive(contract, by, amount, **kwargs) -> Payment:
    kwargs.setdefault("received_on", TODAY)
    return payment_record(
        contract=contract, by=by, amount=D(amount), method="bank_transfer", **kwargs
    )


def plan_rows(contract):
    return list(
        Installment.objects.filter(contract=contract)
        .order_by("id")
        .values_list("id", "due_date", "amount", "paid_amount", "note")
    )


def paid(contract) -> list[Decimal]:
    return [
        i.paid_amount.quantize(D("0.01"))
        for i in Installment.objects.filter(contract=contract).order_by("due_date")
    ]


# The plan -------------------------------------------------------------------


def test_a_plan_that_adds_up_is_saved_in_due_date_order(contract, alice):
    installments = thirty_sixty_ten(contract, alice)
    assert [(i.due_date, i.amount, i.paid_amount) for i in installments] == [
        (date(2026, 3, 31), D("30000"), 0),
        (date(2026, 6, 30), D("60000"), 0),
        (date(2026, 12, 31), D("10000"), 0),
    ]


@pytest.mark.parametrize(
    ("amounts", "words"),
    [
        (["30000", "60000"], ["¥90,000.00", "¥100,000.00", "¥10,000.00 missing"]),
        (
            ["30000", "60000", "10000.01"],
            ["¥100,000.01", "¥100,000.00", "¥0.01 too much"],
        ),
    ],
)
def test_a_plan_that_does_not_add_up_is_refused_and_changes_nothing(
    contract, alice, amounts, words
):
    thirty_sixty_ten(contract, alice)
    receive(contract, alice, "35000")
    before = plan_rows(contract)
    with pytest.raises(ValidationError) as refused:
        plan(contract, alice, *[(date(2026, 9, 1), a) for a in amounts])
    for word in words:
        assert word in refused.value.messages[0]
    assert plan_rows(contract) == before


def test_an_empty_plan_is_refused(contract, alice):
    thirty_sixty_ten(contract, alice)
    before = plan_rows(contract)
    with pytest.raises(ValidationError, match="at least one installment"):
        plan(contract, alice)
    assert plan_rows(contract) == before


@pytest.mark.parametrize("amount", ["0", "-10000"])
def test_an_installment_of_zero_or_less_is_refused(contract, alice, amount):
    with pytest.raises(ValidationError, match="above zero"):
        plan(
            contract,
            alice,
            (date(2026, 7, 1), "110000"),
            (date(2026, 8, 1), amount),
        )
    assert not Installment.objects.exists()


@pytest.mark.parametrize("status", ["completed", "void"])
def test_the_plan_of_a_completed_or_void_contract_cannot_change(alice, status):
    contract = ContractFactory(
        owner=alice, status=status, amount=D("1000"), void_reason="作废"
    )
    with pytest.raises(ValidationError):
        plan(contract, alice, (date(2026, 7, 1), "1000"))
    assert not Installment.objects.exists()


def test_replacing_a_plan_keeps_the_rows_given_back_and_reallocates(contract, alice):
    first, second, third = thirty_sixty_ten(contract, alice)
    receive(contract, alice, "45000")
    assert paid(contract) == [D("30000"), D("15000"), 0]

    # The customer asks to pay the 60,000 in two halves; the retention stays.
    new = plan(
        contract,
        alice,
        (date(2026, 5, 31), "30000", first.pk),
        (date(2026, 6, 30), "30000", second.pk),
        (date(2026, 9, 30), "30000"),
        (date(2026, 12, 31), "10000", third.pk),
    )

    assert [i.pk for i in new][:2] == [first.pk, second.pk]
    assert new[3].pk == third.pk and new[2].pk not in {first.pk, second.pk, third.pk}
    assert [(i.due_date, i.amount) for i in new][:2] == [
        (date(2026, 5, 31), D("30000")),
        (date(2026, 6, 30), D("30000")),
    ]
    assert paid(contract) == [D("30000"), D("15000"), 0, 0]


def test_dropping_an_installment_frees_the_payments_matched_to_it(contract, alice):
    first, second, third = thirty_sixty_ten(contract, alice)
    receive(contract, alice, "10000", installment=third)
    assert paid(contract) == [0, 0, D("10000")]
    plan(contract, alice, (date(2026, 4, 30), "100000", first.pk))
    assert paid(contract) == [D("10000")]
    assert Payment.objects.get().installment is None
    assert not Installment.objects.filter(pk__in=[second.pk, third.pk]).exists()


def test_a_row_pointing_at_another_contracts_installment_makes_a_new_one(
    contract, alice
):
    other = ContractFactory(owner=alice, status="signed", amount=D("5000"))
    (foreign,) = plan(other, alice, (date(2026, 7, 1), "5000"))
    (mine,) = plan(contract, alice, (date(2026, 7, 1), "100000", foreign.pk))
    assert mine.pk != foreign.pk
    assert Installment.objects.get(pk=foreign.pk).contract == other


# Payments -------------------------------------------------------------------


@pytest.mark.parametrize("status", ["draft", "submitted", "approved", "void"])
def test_payments_are_refused_before_signing_and_after_voiding(alice, status):
    contract = ContractFactory(owner=alice, status=status, void_reason="x")
    with pytest.raises(ValidationError, match="signed contracts only"):
        receive(contract, alice, "1000")
    assert not Payment.objects.exists()


COMPLETED = (
    "This contract is completed: its payments and invoices can no longer change."
)


@pytest.fixture
def completed(contract, alice):
    """alice's contract, paid in full, invoiced once and then completed."""
    payment = receive(contract, alice, "100000")
    invoice = InvoiceFactory(contract=contract, amount=D("100000"), status="issued")
    type(contract).objects.filter(pk=contract.pk).update(status="completed")
    contract.refresh_from_db()
    return contract, payment, invoice


def test_a_completed_contract_takes_no_more_payments(completed, alice):
    contract, _payment, _invoice = completed
    with pytest.raises(ValidationError) as refused:
        receive(contract, alice, "1000", is_overpayment=True)
    assert refused.value.messages == [COMPLETED]
    assert Payment.objects.count() == 1


def test_a_completed_contracts_payments_cannot_be_deleted(completed, alice):
    _contract, payment, _invoice = completed
    with pytest.raises(ValidationError) as refused:
        payment_delete(payment=payment, by=alice, reason="录错了")
    assert refused.value.messages == [COMPLETED]
    assert Payment.objects.filter(pk=payment.pk).exists()


def test_a_completed_contract_issues_and_voids_no_invoices(completed, alice):
    contract, _payment, invoice = completed
    with pytest.raises(ValidationError) as refused:
        invoice_issue(
            contract=contract,
            by=alice,
            number="12345678",
            kind="vat_special",
            amount=D("1"),
            issued_on=TODAY,
        )
    assert refused.value.messages == [COMPLETED]
    with pytest.raises(ValidationError) as refused:
        invoice_set_status(invoice=invoice, status="void", by=alice, note="开错")
    assert refused.value.messages == [COMPLETED]
    # Delivering it is no change of money.
    invoice_set_status(invoice=invoice, status="delivered", by=alice)
    assert list(Invoice.objects.values_list("status", flat=True)) == ["delivered"]


@pytest.mark.parametrize("amount", ["0", "-500", "0.00"])
def test_a_payment_of_zero_or_less_is_refused(contract, alice, amount):
    with pytest.raises(ValidationError) as refused:
        receive(contract, alice, amount)
    assert "amount" in refused.value.message_dict
    assert not Payment.objects.exists()


def test_a_payment_received_tomorrow_is_refused(contract, alice):
    with pytest.raises(ValidationError) as refused:
        receive(contract, alice, "1000", received_on=date(2026, 6, 16))
    assert "received_on" in refused.value.message_dict
    assert receive(contract, alice, "1000", received_on=TODAY)


def test_an_installment_of_another_contract_is_refused(contract, alice):
    other = ContractFactory(owner=alice, status="signed", amount=D("5000"))
    (foreign,) = plan(other, alice, (date(2026, 7, 1), "5000"))
    with pytest.raises(ValidationError) as refused:
        receive(contract, alice, "1000", installment=foreign)
    assert "installment" in refused.value.message_dict
    assert not Payment.objects.exists()
    assert Installment.objects.get().paid_amount == 0


def test_a_payment_above_the_outstanding_amount_is_refused(contract, alice):
    receive(contract, alice, "90000")
    with pytest.raises(ValidationError) as refused:
        receive(contract, alice, "10000.01")
    message = refused.value.message_dict["amount"][0]
    assert "¥10,000.00 is outstanding" in message and "¥10,000.01" in message
    assert Payment.objects.count() == 1
    assert receive(contract, alice, "10000").is_overpayment is False


def test_an_overpayment_goes_through_only_when_marked(contract, alice):
    receive(contract, alice, "100000")
    with pytest.raises(ValidationError):
        receive(contract, alice, "500")
    extra = receive(contract, alice, "500", is_overpayment=True, note="多付运费")
    assert extra.is_overpayment is True
    assert sum(p.amount for p in Payment.objects.all()) == D("100500")


def test_the_overpayment_flag_is_kept_only_when_the_money_really_exceeds(
    contract, alice
):
    payment = receive(contract, alice, "100000", is_overpayment=True)
    payment.refresh_from_db()
    assert payment.is_overpayment is False


def overpayment_flags(contract) -> list[tuple[str, bool]]:
    return [
        (str(amount), flag)
        for amount, flag in Payment.objects.filter(contract=contract)
        .order_by("received_on", "id")
        .values_list("amount", "is_overpayment")
    ]


def test_deleting_an_earlier_payment_clears_the_overpayment_flag(contract, alice):
    first = receive(contract, alice, "100000", received_on=date(2026, 6, 1))
    receive(contract, alice, "500", is_overpayment=True)
    assert overpayment_flags(contract) == [("100000.00", False), ("500.00", True)]
    payment_delete(payment=first, by=alice, reason="录错了")
    assert overpayment_flags(contract) == [("500.00", False)]


def test_the_payment_that_takes_the_total_past_the_amount_is_the_overpayment(
    contract, alice
):
    receive(contract, alice, "100000", received_on=date(2026, 6, 10))
    # Received earlier, recorded later: the June 10 payment is the one too many.
    earlier = receive(
        contract, alice, "500", received_on=date(2026, 6, 1), is_overpayment=True
    )
    assert earlier.is_overpayment is False
    assert overpayment_flags(contract) == [("500.00", False), ("100000.00", True)]


def test_a_payment_is_recorded_with_who_and_stripped_text(contract, alice):
    payment = receive(
        contract,
        alice,
        "20000",
        received_on=date(2026, 4, 2),
        reference="  BOC-20260402-001 ",
        note=" 预付款 ",
    )
    payment.refresh_from_db()
    assert (payment.reference, payment.note, payment.recorded_by) == (
        "BOC-20260402-001",
        "预付款",
        alice,
    )
    assert payment.history.get().history_user == alice


def test_paid_amounts_follow_payments_recorded_and_deleted(contract, alice):
    first, _second, third = thirty_sixty_ten(contract, alice)
    receive(contract, alice, "10000", received_on=date(2026, 3, 20))
    assert paid(contract) == [D("10000"), 0, 0]
    retention = receive(contract, alice, "10000", installment=third)
    assert paid(contract) == [D("10000"), 0, D("10000")]
    big = receive(contract, alice, "50000.50", installment=first)
    # 20,000 settles the rest of the first; 30,000.50 flows on to the second.
    assert paid(contract) == [D("30000"), D("30000.50"), D("10000")]
    payment_delete(payment=big, by=alice, reason="录错了")
    assert paid(contract) == [D("10000"), 0, D("10000")]
    payment_delete(payment=retention, by=alice, reason="录错了")
    assert paid(contract) == [D("10000"), 0, 0]
    assert Payment.objects.count() == 1


def test_deleting_a_payment_needs_a_reason_kept_in_the_contracts_history(
    contract, alice, mary
):
    payment = receive(
        contract, alice, "1000", received_on=date(2026, 6, 2), reference="BOC-7"
    )
    with pytest.raises(ValidationError) as refused:
        payment_delete(payment=payment, by=mary, reason="  ")
    assert "reason" in refused.value.message_dict
    assert Payment.objects.exists() and not ContractEvent.objects.exists()
    payment_delete(payment=payment, by=mary, reason=" 重复录入 ")
    assert not Payment.objects.exists()
    event = ContractEvent.objects.get(contract=contract)
    assert (event.action, event.by, event.note) == ("payment_deleted", mary, "重复录入")
    assert (event.amount, event.reference) == (D("1000"), "2026-06-02 BOC-7")
    assert (event.from_status, event.to_status) == ("signed", "signed")


def test_voiding_an_invoice_is_kept_in_the_contracts_history(contract, alice):
    invoice = InvoiceFactory(contract=contract, number="44031234", amount=D("500"))
    invoice_set_status(invoice=invoice, status="void", by=alice, note="抬头错误")
    event = ContractEvent.objects.get(contract=contract)
    assert (event.action, event.by, event.note) == ("invoice_voided", alice, "抬头错误")
    assert (event.amount, event.reference) == (D("500"), "44031234")


def test_a_payment_of_a_void_contract_cannot_be_deleted(contract, alice):
    payment = receive(contract, alice, "1000")
    type(contract).objects.filter(pk=contract.pk).update(status="void", void_reason="x")
    with pytest.raises(ValidationError):
        payment_delete(payment=payment, by=alice, reason="录错了")
    assert Payment.objects.exists()


# Invoices -------------------------------------------------------------------


def issue(contract, by, amount, number="44031234", **kwargs) -> Invoice:
    kwargs.setdefault("issued_on", TODAY)
    kwargs.setdefault("kind", "vat_special")
    return invoice_issue(
        contract=contract, by=by, number=number, amount=D(amount), **kwargs
    )


def test_an_invoice_is_recorded_with_spaces_taken_out_of_its_number(contract, alice):
    invoice = issue(contract, alice, "30000", number=" 4403 1234 ")
    invoice.refresh_from_db()
    assert (invoice.number, invoice.status, invoice.issued_by) == (
        "44031234",
        InvoiceStatus.ISSUED,
        alice,
    )


def test_invoicing_above_what_is_not_invoiced_yet_is_refused(contract, alice):
    issue(contract, alice, "60000", number="44030001")
    with pytest.raises(ValidationError) as refused:
        issue(contract, alice, "40000.01", number="44030002")
    assert "¥40,000.00" in refused.value.message_dict["amount"][0]
    assert issue(contract, alice, "40000", number="44030003")
    assert Invoice.objects.count() == 2


def test_void_invoices_do_not_count_towards_the_invoiced_amount(contract, alice):
    wrong = issue(contract, alice, "100000", number="44030001")
    invoice_set_status(invoice=wrong, status="void", by=alice, note="税号填错")
    assert issue(contract, alice, "100000", number="44030002")


def test_an_invoice_number_is_used_once(contract, alice):
    issue(contract, alice, "1000", number="44030001")
    other = ContractFactory(owner=alice, status="signed")
    with pytest.raises(ValidationError) as refused:
        issue(other, alice, "1000", number="44030001")
    assert "number" in refused.value.message_dict
    assert Invoice.objects.count() == 1


@pytest.mark.parametrize("number", ["4403123", "44031234A", "NO.44031234", "1" * 21])
def test_an_invoice_number_has_8_to_20_digits(contract, alice, number):
    with pytest.raises(ValidationError) as refused:
        issue(contract, alice, "1000", number=number)
    assert "number" in refused.value.message_dict
    assert not Invoice.objects.exists()


def test_invoices_are_refused_on_unsigned_contracts_and_in_the_future(alice, contract):
    draft = ContractFactory(owner=alice)
    with pytest.raises(ValidationError, match="signed contracts only"):
        issue(draft, alice, "1000")
    with pytest.raises(ValidationError) as refused:
        issue(contract, alice, "1000", issued_on=date(2026, 6, 16))
    assert "issued_on" in refused.value.message_dict
    assert not Invoice.objects.exists()


def test_an_invoice_is_delivered_then_cannot_be_delivered_again(alice):
    invoice = InvoiceFactory(contract__owner=alice)
    invoice_set_status(invoice=invoice, status="delivered", by=alice)
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.DELIVERED
    with pytest.raises(ValidationError):
        invoice_set_status(invoice=invoice, status="delivered", by=alice)


def test_voiding_an_invoice_needs_a_reason_and_keeps_it(alice):
    invoice = InvoiceFactory(contract__owner=alice, note="首期款发票")
    with pytest.raises(ValidationError) as refused:
        invoice_set_status(invoice=invoice, status="void", by=alice, note="  ")
    assert "note" in refused.value.message_dict
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.ISSUED
    invoice_set_status(invoice=invoice, status="void", by=alice, note="抬头错误")
    invoice.refresh_from_db()
    assert (invoice.status, invoice.note) == (
        InvoiceStatus.VOID,
        "首期款发票\n抬头错误",
    )


def test_a_delivered_invoice_can_still_be_voided(alice):
    invoice = InvoiceFactory(contract__owner=alice, status="delivered")
    invoice_set_status(invoice=invoice, status="void", by=alice, note="客户退票")
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.VOID


def test_a_void_invoice_cannot_be_voided_again_or_revived(alice):
    invoice = InvoiceFactory(contract__owner=alice)
    invoice_set_status(invoice=invoice, status="void", by=alice, note="抬头错误")
    for status in ("void", "delivered", "issued"):
        with pytest.raises(ValidationError):
            invoice_set_status(invoice=invoice, status=status, by=alice, note="再来")
    invoice.refresh_from_db()
    assert (invoice.status, invoice.note) == (InvoiceStatus.VOID, "抬头错误")


def test_an_unknown_invoice_status_is_refused(alice):
    invoice = InvoiceFactory(contract__owner=alice)
    with pytest.raises(ValidationError):
        invoice_set_status(invoice=invoice, status="issued", by=alice)
    with pytest.raises(ValidationError):
        invoice_set_status(invoice=invoice, status="paid", by=alice)
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.ISSUED


def totals_of(contract) -> tuple[Decimal, Decimal]:
    contract.refresh_from_db(fields=["received_amount", "invoiced_amount"])
    return contract.received_amount, contract.invoiced_amount


def test_the_contract_row_keeps_its_received_and_invoiced_totals(contract, alice):
    def pay(amount, **fields):
        return payment_record(
            contract=contract,
            by=alice,
            received_on=date(2026, 6, 1),
            amount=D(amount),
            method="bank_transfer",
            **fields,
        )

    first = pay("30000")
    pay("75000", is_overpayment=True)
    assert totals_of(contract) == (D("105000"), D("0"))
    payment_delete(payment=first, by=alice, reason="录错了金额")
    assert totals_of(contract)[0] == D("75000")

    kept = invoice_issue(
        contract=contract,
        by=alice,
        number="44001234",
        kind="vat_special",
        amount=D("40000"),
        issued_on=date(2026, 6, 2),
    )
    voided = invoice_issue(
        contract=contract,
        by=alice,
        number="44001235",
        kind="vat_general",
        amount=D("20000"),
        issued_on=date(2026, 6, 3),
    )
    assert totals_of(contract) == (D("75000"), D("60000"))
    invoice_set_status(invoice=voided, status=InvoiceStatus.VOID, by=alice, note="开错")
    invoice_set_status(invoice=kept, status=InvoiceStatus.DELIVERED, by=alice)
    assert totals_of(contract) == (D("75000"), D("40000"))
