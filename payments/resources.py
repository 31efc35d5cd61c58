"""The spreadsheet columns of the receivable lists, for export."""

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from users.spreadsheets.exporting import ExportColumn, choice_column

CENT = Decimal("0.01")


def cents(value) -> Decimal:
    """A computed sum to two places (SQLite hands back Decimal('100'))."""
    return Decimal(value or 0).quantize(CENT)


def receivable_export(today: date) -> tuple[ExportColumn, ...]:
    """The receivables columns; days overdue are counted from `today`."""

    def days_overdue(installment) -> int | str:
        days = (today - installment.due_date).days
        return days if days > 0 else ""

    return (
        ExportColumn(_("Due date"), lambda i: i.due_date),
        ExportColumn(_("Contract number"), lambda i: i.contract.number),
        ExportColumn(_("Contract"), lambda i: i.contract.title),
        ExportColumn(_("Customer"), lambda i: i.contract.customer.legal_name),
        ExportColumn(_("Owner"), lambda i: str(i.contract.owner)),
        ExportColumn(_("Amount"), lambda i: i.amount),
        ExportColumn(_("Paid"), lambda i: i.paid_amount),
        ExportColumn(_("Remaining"), lambda i: i.remaining),
        ExportColumn(_("Days overdue"), days_overdue),
        ExportColumn(_("Note"), lambda i: i.note),
    )


BALANCE_EXPORT = (
    ExportColumn(_("Contract number"), lambda c: c.number),
    ExportColumn(_("Contract"), lambda c: c.title),
    ExportColumn(_("Customer"), lambda c: c.customer.legal_name),
    ExportColumn(_("Owner"), lambda c: str(c.owner)),
    choice_column(_("Status"), "status"),
    ExportColumn(_("Signed on"), lambda c: c.signed_on),
    ExportColumn(_("Amount"), lambda c: c.amount),
    ExportColumn(_("Received"), lambda c: cents(c.received)),
    ExportColumn(_("Outstanding"), lambda c: cents(c.outstanding)),
    ExportColumn(_("Invoiced"), lambda c: cents(c.invoiced)),
    ExportColumn(_("Overdue"), lambda c: cents(c.overdue)),
)

PAYMENT_EXPORT = (
    ExportColumn(_("Received on"), lambda p: p.received_on),
    ExportColumn(_("Contract number"), lambda p: p.contract.number),
    ExportColumn(_("Contract"), lambda p: p.contract.title),
    ExportColumn(_("Customer"), lambda p: p.contract.customer.legal_name),
    ExportColumn(_("Amount"), lambda p: p.amount),
    choice_column(_("Method"), "method"),
    ExportColumn(_("Reference"), lambda p: p.reference),
    ExportColumn(_("Overpayment"), lambda p: p.is_overpayment),
    ExportColumn(_("Recorded by"), lambda p: str(p.recorded_by or "")),
    ExportColumn(_("Note"), lambda p: p.note),
)

INVOICE_EXPORT = (
    ExportColumn(_("Invoice number"), lambda i: i.number),
    choice_column(_("Type"), "kind"),
    ExportColumn(_("Amount"), lambda i: i.amount),
    ExportColumn(_("Issued on"), lambda i: i.issued_on),
    choice_column(_("Status"), "status"),
    ExportColumn(_("Contract number"), lambda i: i.contract.number),
    ExportColumn(_("Contract"), lambda i: i.contract.title),
    ExportColumn(_("Customer"), lambda i: i.contract.customer.legal_name),
    ExportColumn(_("Recorded by"), lambda i: str(i.issued_by or "")),
    ExportColumn(_("Note"), lambda i: i.note),
)
