"""The spreadsheet columns of an opportunity, for export."""

from django.utils.translation import gettext_lazy as _

from users.spreadsheets.exporting import ExportColumn, choice_column

OPPORTUNITY_EXPORT = (
    ExportColumn(_("Name"), lambda o: o.name),
    ExportColumn(_("Customer"), lambda o: o.customer.legal_name),
    ExportColumn(_("Stage"), lambda o: o.stage.name),
    choice_column(_("Status"), "status"),
    ExportColumn(_("Amount"), lambda o: o.amount),
    ExportColumn(_("Win probability"), lambda o: o.win_probability),
    ExportColumn(_("Weighted amount"), lambda o: o.weighted_amount),
    ExportColumn(_("Expected win date"), lambda o: o.expected_win_date),
    ExportColumn(_("Last contact"), lambda o: o.last_contact_at),
    ExportColumn(_("Next contact"), lambda o: o.next_contact_at),
    ExportColumn(_("Owner"), lambda o: str(o.owner)),
    ExportColumn(_("Created"), lambda o: o.created_at),
)

# What the columns read, for `QuerySet.only()`.
EXPORT_FIELDS = (
    "name",
    "customer__legal_name",
    "stage__name_en",
    "stage__name_zh",
    "status",
    "amount",
    "win_probability",
    "weighted_amount",
    "expected_win_date",
    "last_contact_at",
    "next_contact_at",
    "owner__username",
    "owner__first_name",
    "owner__last_name",
    "created_at",
)
