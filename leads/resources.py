"""The spreadsheet columns of a lead, for import and export."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from leads.classification import Industry, LeadSource, Region
from leads.models import Lead
from users.spreadsheets.columns import Column, choice_value
from users.spreadsheets.exporting import ExportColumn
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


def lead_validate(lead: Lead) -> None:
    # The owner and creator come from visible_users and the request; checking
    # that they exist would cost a query per row.
    lead.full_clean(exclude=["owner", "created_by"])


LEAD_IMPORT = ImportSpec(
    key="leads", columns=LEAD_COLUMNS, build=lead_from_row, validate=lead_validate
)


def _owner_name(record) -> str:
    return str(record.owner) if record.owner_id else ""


LEAD_EXPORT = (
    ExportColumn(_("Company"), lambda lead: lead.company_name),
    ExportColumn(_("Contact person"), lambda lead: lead.contact_name),
    ExportColumn(_("Job title"), lambda lead: lead.title),
    ExportColumn(_("Phone"), lambda lead: lead.phone),
    ExportColumn(_("Email"), lambda lead: lead.email),
    ExportColumn(_("Source"), lambda lead: lead.get_source_display()),
    ExportColumn(_("Industry"), lambda lead: lead.get_industry_display()),
    ExportColumn(_("Region"), lambda lead: lead.get_region_display()),
    ExportColumn(_("Status"), lambda lead: lead.get_status_display()),
    ExportColumn(_("Score"), lambda lead: lead.score),
    ExportColumn(_("Owner"), _owner_name),
    ExportColumn(_("Next contact"), lambda lead: lead.next_contact_at),
    ExportColumn(_("Created"), lambda lead: lead.created_at),
    ExportColumn(_("Notes"), lambda lead: lead.notes),
)
