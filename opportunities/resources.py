"""The spreadsheet columns of an opportunity, for export."""

from django.utils.translation import gettext_lazy as _

from users.spreadsheets.exporting import ExportColumn

OPPORTUNITY_EXPORT = (
    ExportColumn(_("Name"), lambda o: o.name),
    ExportColumn(_("Customer"), lambda o: o.customer.legal_name),
    ExportColumn(_("Stage"), lambda o: o.stage.name),
    ExportColumn(_("Status"), lambda o: o.get_status_display()),
    ExportColumn(_("Amount"), lambda o: o.amount),
    ExportColumn(_("Win probability"), lambda o: o.win_probability),
    ExportColumn(_("Weighted amount"), lambda o: o.weighted_amount),
    ExportColumn(_("Expected win date"), lambda o: o.expected_win_date),
    ExportColumn(_("Last contact"), lambda o: o.last_contact_at),
    ExportColumn(_("Next contact"), lambda o: o.next_contact_at),
    ExportColumn(_("Owner"), lambda o: str(o.owner)),
    ExportColumn(_("Created"), lambda o: o.created_at),
)
