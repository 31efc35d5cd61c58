"""The spreadsheet columns of a contract, for export."""

from django.utils.translation import gettext_lazy as _

from users.spreadsheets.exporting import ExportColumn, choice_column

CONTRACT_EXPORT = (
    ExportColumn(_("Number"), lambda c: c.number),
    ExportColumn(_("Title"), lambda c: c.title),
    ExportColumn(_("Customer"), lambda c: c.customer.legal_name),
    ExportColumn(
        _("Opportunity"), lambda c: c.opportunity.name if c.opportunity else ""
    ),
    choice_column(_("Status"), "status"),
    ExportColumn(_("Amount"), lambda c: c.amount),
    ExportColumn(_("Signed on"), lambda c: c.signed_on),
    ExportColumn(_("Starts on"), lambda c: c.starts_on),
    ExportColumn(_("Ends on"), lambda c: c.ends_on),
    ExportColumn(_("Owner"), lambda c: str(c.owner)),
    ExportColumn(_("Created"), lambda c: c.created_at),
)
