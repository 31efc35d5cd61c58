"""The spreadsheet columns of a lead, for import and export."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from leads.classification import Industry, LeadSource, Region
from leads.dedupe import normalize_company_name, normalize_email, normalize_phone
from leads.models import Lead
from users.spreadsheets.columns import Column, choice_value
from users.spreadsheets.exporting import ExportColumn, choice_column
from users.spreadsheets.importing import ImportSpec

if TYPE_CHECKING:
    from users.models import User

CHOICE_HINT = _("The value as the app shows it, in English or Chinese.")

LEAD_COLUMNS = (
    Column("company_name", _("Company"), ("公司名称", "公司", "企业名称"), True),
    Column("contact_name", _("Contact person"), ("联系人", "姓名")),
    Column("title", _("Job title"), ("职务", "职位")),
    Column("phone", _("Phone"), ("电话", "手机", "联系电话")),
    Column("email", _("Email"), ("邮箱", "电子邮箱", "e-mail")),
    Column("source", _("Source"), ("来源", "线索来源"), hint=CHOICE_HINT),
    Column("industry", _("Industry"), ("行业",), hint=CHOICE_HINT),
    Column("region", _("Region"), ("地区", "省份"), hint=CHOICE_HINT),
    Column("notes", _("Notes"), ("备注",)),
    Column(
        "owner",
        _("Owner"),
        ("负责人", "owner username"),
        hint=_("Username of a person in your teams; empty means you."),
    ),
)


def lead_from_row(values: dict[str, str], owner: User, user: User) -> Lead:
    """An unsaved lead from one imported row (choices by value or label)."""
    return Lead(
        company_name=values.get("company_name", ""),
        contact_name=values.get("contact_name", ""),
        title=values.get("title", ""),
        phone=values.get("phone", ""),
        email=values.get("email", ""),
        source=choice_value(values.get("source", ""), LeadSource) or LeadSource.OTHER,
        industry=choice_value(values.get("industry", ""), Industry),
        region=choice_value(values.get("region", ""), Region),
        notes=values.get("notes", ""),
        owner=owner,
        created_by=user,
    )


# The normalized copy of each value that must not repeat an existing lead.
DUPLICATE_FIELDS = {
    "company_name": "company_normalized",
    "phone": "phone_normalized",
    "email": "email_normalized",
}
DUPLICATE_MESSAGES = {
    "company_name": _("A lead with this company already exists."),
    "phone": _("A lead with this phone number already exists."),
    "email": _("A lead with this email already exists."),
}


def lead_duplicate_keys(lead: Lead) -> list[tuple[str, str]]:
    """(field, normalized value) pairs that no two leads should share."""
    return [
        ("company_name", normalize_company_name(lead.company_name)),
        ("phone", normalize_phone(lead.phone)),
        ("email", normalize_email(lead.email)),
    ]


def lead_validate(lead: Lead, user: User) -> None:
    """full_clean, and a refusal of values that a saved lead already has.

    This is the rule for one row; imports check many rows at once through
    `leads.import_batches`, which must give the same result row for row (its
    tests compare the two).

    Duplicates are looked for among every lead, whoever owns it, as the lead
    form does; a different company that only looks the same can still be
    entered on the form, which offers "save anyway".
    """
    errors: dict[str, list[str]] = {}
    try:
        # The owner and creator come from visible_users and the request;
        # checking that they exist would cost a query per row.
        lead.full_clean(exclude=["owner", "created_by"])
    except ValidationError as exc:
        errors = {name: list(found) for name, found in exc.message_dict.items()}
    keys = {name: key for name, key in lead_duplicate_keys(lead) if key}
    if keys:
        # One indexed query per row tells which of the values are taken.
        duplicates = Lead.objects.duplicates_of(
            company_name=lead.company_name, phone=lead.phone, email=lead.email
        )
        taken = duplicates.aggregate(
            **{
                name: Count("pk", filter=Q(**{DUPLICATE_FIELDS[name]: key}))
                for name, key in keys.items()
            }
        )
        for name in keys:
            if taken[name]:
                errors.setdefault(name, []).append(str(DUPLICATE_MESSAGES[name]))
    if errors:
        raise ValidationError(errors)


def lead_batches(user: User):
    """A LeadBatchImporter for one file (imported here: it reads this module)."""
    from leads.import_batches import LeadBatchImporter

    return LeadBatchImporter(user, LEAD_IMPORT)


LEAD_IMPORT = ImportSpec(
    key="leads",
    columns=LEAD_COLUMNS,
    build=lead_from_row,
    validate=lead_validate,
    file_keys=lead_duplicate_keys,
    batches=lead_batches,
)


def _owner_name(record) -> str:
    return str(record.owner) if record.owner_id else ""


LEAD_EXPORT = (
    ExportColumn(_("Company"), lambda lead: lead.company_name),
    ExportColumn(_("Contact person"), lambda lead: lead.contact_name),
    ExportColumn(_("Job title"), lambda lead: lead.title),
    ExportColumn(_("Phone"), lambda lead: lead.phone),
    ExportColumn(_("Email"), lambda lead: lead.email),
    choice_column(_("Source"), "source"),
    choice_column(_("Industry"), "industry"),
    choice_column(_("Region"), "region"),
    choice_column(_("Status"), "status"),
    ExportColumn(_("Score"), lambda lead: lead.score),
    ExportColumn(_("Owner"), _owner_name),
    ExportColumn(_("Next contact"), lambda lead: lead.next_contact_at),
    ExportColumn(_("Created"), lambda lead: lead.created_at),
    ExportColumn(_("Notes"), lambda lead: lead.notes),
)
