"""Writes on receivables: the plan, payments and invoices of a contract.

Every write locks the contract row first, so two people recording money on
the same contract at once cannot both pass the checks against its amount.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contracts.models import Contract, ContractEvent, ContractStatus, MoneyEvent
from payments import allocation
from payments.models import Installment, Invoice, InvoiceStatus, Payment
from users.models import User
from users.money import format_money as money
from users.versioning import claim_version

ZERO = Decimal(0)


@dataclass(frozen=True)
class PlannedInstallment:
    """One row of a receivable plan as entered; `pk` is None for a new one."""

    due_date: date
    amount: Decimal
    note: str = ""
    pk: int | None = None


def _locked(contract: Contract) -> Contract:
    return Contract.objects.select_for_update().get(pk=contract.pk)


COMPLETED_REFUSAL = gettext_lazy(
    "This contract is completed: its payments and invoices can no longer change."
)


def money_refusal(contract: Contract, refusal: str) -> str | None:
    """Why payments and invoices of `contract` cannot change, or None if they can.

    `refusal` speaks of a contract not signed (yet, or any more); a completed
    contract has closed its books and says so.
    """
    if contract.accepts_money:
        return None
    if contract.status == ContractStatus.COMPLETED:
        return str(COMPLETED_REFUSAL)
    return refusal


def _check_open_for_money(contract: Contract, refusal: str) -> None:
    message = money_refusal(contract, refusal)
    if message is not None:
        raise ValidationError(message)


def contract_totals_refresh(*, contract: Contract) -> None:
    """Store the contract's received and invoiced totals (under its lock).

    Lists of contracts read the totals from the row (`Contract.received_amount`).
    The writes below keep them as they go; this sets both from the records.
    """
    received = contract.payments.aggregate(total=Sum("amount"))["total"]
    Contract.objects.filter(pk=contract.pk).update(
        received_amount=received or 0, invoiced_amount=_invoiced_total(contract)
    )


def _invoiced_total(contract: Contract) -> Decimal:
    counted = Invoice.objects.counted().filter(contract=contract)
    return counted.aggregate(total=Sum("amount"))["total"] or Decimal(0)


def _store_invoiced_total(contract: Contract) -> None:
    Contract.objects.filter(pk=contract.pk).update(
        invoiced_amount=_invoiced_total(contract)
    )


def installments_reallocate(*, contract: Contract) -> None:
    """Set each installment's paid amount, each payment's overpayment flag and
    the contract's received total from its payments, after any of them or the
    plan changed."""
    installments = list(contract.installments.all())
    payments = list(
        contract.payments.order_by("received_on", "id").only(
            "id", "amount", "installment_id", "is_overpayment"
        )
    )
    paid = allocation.allocate(
        [allocation.Due(i.pk, i.due_date, i.amount) for i in installments],
        [allocation.Received(p.amount, p.installment_id) for p in payments],
    )
    changed = []
    for installment in installments:
        if installment.paid_amount != paid[installment.pk]:
            installment.paid_amount = paid[installment.pk]
            changed.append(installment)
    Installment.objects.bulk_update(changed, ["paid_amount"])
    flags = allocation.overpayments(contract.amount, [p.amount for p in payments])
    flipped = []
    for payment, flag in zip(payments, flags, strict=True):
        if payment.is_overpayment != flag:
            payment.is_overpayment = flag
            flipped.append(payment)
    Payment.objects.bulk_update(flipped, ["is_overpayment"])
    # The received total, from the payments already loaded.
    Contract.objects.filter(pk=contract.pk).update(
        received_amount=sum((p.amount for p in payments), Decimal(0))
    )


@transaction.atomic
def installment_plan_replace(
    *,
    contract: Contract,
    rows: list[PlannedInstallment],
    by: User,
    expected_version: int | None = None,
) -> list[Installment]:
    """Replace the plan with `rows`; they must add up to the contract amount.

    `expected_version` is the plan version the editor opened; raises
    EditConflict if someone saved the plan since.
    """
    contract = _locked(contract)
    claim_version(contract, expected_version, field="plan_version")
    if contract.is_final:
        raise ValidationError(
            _("The plan of a completed or void contract cannot change.")
        )
    if not rows:
        raise ValidationError(_("Add at least one installment."))
    for row in rows:
        if row.amount is None or row.amount <= 0:
            raise ValidationError(_("Every installment needs an amount above zero."))
    difference = allocation.plan_difference(
        contract.amount, [row.amount for row in rows]
    )
    if difference:
        raise ValidationError(
            _(
                "The installments add up to %(total)s but the contract amount is "
                "%(amount)s: %(difference)s %(direction)s."
            )
            % {
                "total": money(contract.amount + difference),
                "amount": money(contract.amount),
                "difference": money(abs(difference)),
                "direction": _("too much") if difference > 0 else _("missing"),
            }
        )
    existing = {i.pk: i for i in contract.installments.all()}
    kept = []
    for row in rows:
        installment = existing.pop(row.pk, None) if row.pk else None
        if installment is None:
            installment = Installment(contract=contract)
        installment.due_date = row.due_date
        installment.amount = row.amount
        installment.note = row.note
        installment.paid_amount = ZERO  # set again below, from the payments
        installment.full_clean(exclude=["contract"])
        kept.append(installment)
    for removed in existing.values():
        removed._history_user = by
        removed.delete()
    for installment in kept:
        installment._history_user = by
        installment.save()
    installments_reallocate(contract=contract)
    return list(contract.installments.all())


def received_total(contract: Contract) -> Decimal:
    return contract.payments.aggregate(total=Sum("amount"))["total"] or ZERO


def invoiced_total(contract: Contract) -> Decimal:
    return (
        Invoice.objects.counted()
        .filter(contract=contract)
        .aggregate(total=Sum("amount"))["total"]
        or ZERO
    )


@transaction.atomic
def payment_record(
    *,
    contract: Contract,
    by: User,
    received_on: date,
    amount: Decimal,
    method: str,
    installment: Installment | None = None,
    reference: str = "",
    note: str = "",
    is_overpayment: bool = False,
) -> Payment:
    """Record money received; above the outstanding amount only as an overpayment."""
    contract = _locked(contract)
    _check_open_for_money(
        contract, _("Payments are recorded on signed contracts only.")
    )
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("The amount must be above zero.")})
    if received_on > timezone.localdate():
        raise ValidationError(
            {"received_on": _("A payment cannot be received in the future.")}
        )
    if installment is not None and installment.contract_id != contract.pk:
        raise ValidationError(
            {"installment": _("This installment belongs to another contract.")}
        )
    outstanding = contract.amount - received_total(contract)
    exceeds = amount > outstanding
    if exceeds and not is_overpayment:
        raise ValidationError(
            {
                "amount": _(
                    "Only %(outstanding)s is outstanding on this contract. Tick "
                    "“overpayment” if the customer really paid %(amount)s."
                )
                % {
                    "outstanding": money(max(outstanding, ZERO)),
                    "amount": money(amount),
                }
            }
        )
    payment = Payment(
        contract=contract,
        installment=installment,
        received_on=received_on,
        amount=amount,
        method=method,
        reference=reference.strip(),
        note=note.strip(),
        is_overpayment=exceeds,
        recorded_by=by,
    )
    payment.full_clean()
    payment._history_user = by
    payment.save()
    installments_reallocate(contract=contract)
    # A payment dated before others may move the overpayment onto a later one.
    payment.refresh_from_db(fields=["is_overpayment"])
    return payment


def _record_money_event(
    contract: Contract, *, kind: str, by: User, reason: str, amount, reference: str
) -> None:
    """Keep in the contract's history who took money back, which, and why."""
    ContractEvent.objects.create(
        contract=contract,
        action=kind,
        from_status=contract.status,
        to_status=contract.status,
        by=by,
        note=reason,
        amount=amount,
        reference=reference[:120],
    )


@transaction.atomic
def payment_delete(*, payment: Payment, by: User, reason: str = "") -> None:
    """Delete a payment recorded by mistake, saying why; the plan follows.

    The contract's history keeps the deleted payment and the reason.
    """
    contract = _locked(payment.contract)
    _check_open_for_money(contract, _("Payments of this contract cannot change."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the payment is deleted.")})
    _record_money_event(
        contract,
        kind=MoneyEvent.PAYMENT_DELETED,
        by=by,
        reason=reason,
        amount=payment.amount,
        reference=" ".join(
            part
            for part in (f"{payment.received_on:%Y-%m-%d}", payment.reference)
            if part
        ),
    )
    payment._history_user = by
    payment.delete()
    installments_reallocate(contract=contract)


@transaction.atomic
def invoice_issue(
    *,
    contract: Contract,
    by: User,
    number: str,
    kind: str,
    amount: Decimal,
    issued_on: date,
    note: str = "",
) -> Invoice:
    """Record an invoice; the invoiced total never exceeds the contract amount."""
    contract = _locked(contract)
    _check_open_for_money(
        contract, _("Invoices are recorded on signed contracts only.")
    )
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("The amount must be above zero.")})
    if issued_on > timezone.localdate():
        raise ValidationError(
            {"issued_on": _("An invoice cannot be issued in the future.")}
        )
    left = contract.amount - invoiced_total(contract)
    if amount > left:
        raise ValidationError(
            {
                "amount": _("Only %(left)s of this contract is not invoiced yet.")
                % {"left": money(max(left, ZERO))}
            }
        )
    invoice = Invoice(
        contract=contract,
        number="".join(number.split()),
        kind=kind,
        amount=amount,
        issued_on=issued_on,
        note=note.strip(),
        issued_by=by,
    )
    invoice.full_clean()
    invoice._history_user = by
    invoice.save()
    _store_invoiced_total(contract)
    return invoice


@transaction.atomic
def invoice_set_status(
    *, invoice: Invoice, status: str, by: User, note: str = ""
) -> Invoice:
    """Mark an invoice delivered, or void it (a void invoice needs a reason)."""
    contract = _locked(invoice.contract)
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.status == InvoiceStatus.VOID:
        raise ValidationError(_("This invoice is void already."))
    if status == InvoiceStatus.VOID:
        # Delivering is a fact of the post; voiding changes the invoiced total,
        # which a completed contract has closed. (A void contract's invoices
        # may still be voided.)
        if contract.status == ContractStatus.COMPLETED:
            raise ValidationError(COMPLETED_REFUSAL)
        if not note.strip():
            raise ValidationError({"note": _("Say why the invoice is void.")})
        _record_money_event(
            contract,
            kind=MoneyEvent.INVOICE_VOIDED,
            by=by,
            reason=note.strip(),
            amount=invoice.amount,
            reference=invoice.number,
        )
        invoice.note = ((f"{invoice.note}\n" if invoice.note else "") + note.strip())[
            :500
        ]
    elif status != InvoiceStatus.DELIVERED or invoice.status != InvoiceStatus.ISSUED:
        raise ValidationError(_("This invoice cannot move to that status."))
    invoice.status = status
    invoice._history_user = by
    invoice.save(update_fields=["status", "note", "updated_at"])
    _store_invoiced_total(contract)
    return invoice
