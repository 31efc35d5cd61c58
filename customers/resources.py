"""The spreadsheet columns of a customer, for import and export."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from customers.duplicates import customer_duplicate
from customers.models import Customer
from leads.classification import Industry, Region
from leads.dedupe import normalize_company_name
from users.spreadsheets.columns import Column, choice_value
from users.spreadsheets.exporting import ExportColumn, choice_column
from users.spreadsheets.importing import ImportSpec

if TYPE_CHECKING:
    from users.models import User

CHOICE_HINT = _("The value as the app shows it, in English or Chinese.")

CUSTOMER_COLUMNS = (
    Column("legal_name", _("Legal name"), ("公司名称", "客户名称", "企业名称"), True),
    Column(
        "credit_code",
        _("Unified social credit code"),
        ("统一社会信用代码", "信用代码", "credit code"),
        hint=_("18 characters; checked with its check digit."),
    ),
    Column("industry", _("Industry"), ("行业",), hint=CHOICE_HINT),
    Column("region", _("Region"), ("地区", "省份"), hint=CHOICE_HINT),
    Column("address", _("Address"), ("地址",)),
    Column("phone", _("Phone"), ("电话", "联系电话")),
    Column("website", _("Website"), ("网站", "网址")),
    Column("notes", _("Notes"), ("备注",)),
    Column(
        "owner",
        _("Owner"),
        ("负责人", "owner username"),
        hint=_("Username of a person in your teams; empty means you."),
    ),
)


def customer_from_row(values: dict[str, str], owner: User, user: User) -> Customer:
    """An unsaved customer from one imported row (choices by value or label)."""
    website = values.get("website", "")
    if website and "://" not in website:
        website = f"https://{website}"
    return Customer(
        legal_name=values.get("legal_name", ""),
        credit_code=values.get("credit_code", "").replace(" ", "").upper(),
        industry=choice_value(values.get("industry", ""), Industry),
        region=choice_value(values.get("region", ""), Region),
        address=values.get("address", ""),
        phone=values.get("phone", ""),
        website=website,
        notes=values.get("notes", ""),
        owner=owner,
    )


def customer_validate(customer: Customer, user: User) -> None:
    """full_clean, and the form's refusal of a legal name or code already in use.

    Duplicates are checked against every customer, whoever owns it: a
    customer exists once. The message names the existing customer only when
    `user` may open it, in the form's words.
    """
    errors: dict[str, list[str]] = {}
    # The owner comes from visible_users; the normalized name is derived in
    # save(); uniqueness is checked below, with the form's messages.
    exclude = {"owner", "name_normalized"}
    for field in ("legal_name", "credit_code"):
        duplicate = customer_duplicate(field, getattr(customer, field), user=user)
        if duplicate is not None:
            errors[field] = duplicate.error.messages
            exclude.add(field)
    try:
        customer.full_clean(exclude=exclude)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def customer_file_keys(customer: Customer) -> list[tuple[str, str]]:
    return [
        ("legal_name", normalize_company_name(customer.legal_name)),
        ("credit_code", customer.credit_code),
    ]


CUSTOMER_IMPORT = ImportSpec(
    key="customers",
    columns=CUSTOMER_COLUMNS,
    build=customer_from_row,
    validate=customer_validate,
    file_keys=customer_file_keys,
)

CUSTOMER_EXPORT = (
    ExportColumn(_("Legal name"), lambda c: c.legal_name),
    ExportColumn(_("Unified social credit code"), lambda c: c.credit_code),
    choice_column(_("Industry"), "industry"),
    choice_column(_("Region"), "region"),
    ExportColumn(_("Address"), lambda c: c.address),
    ExportColumn(_("Phone"), lambda c: c.phone),
    ExportColumn(_("Website"), lambda c: c.website),
    ExportColumn(_("Owner"), lambda c: str(c.owner)),
    ExportColumn(_("Last contact"), lambda c: c.last_contact_at),
    ExportColumn(_("Next contact"), lambda c: c.next_contact_at),
    ExportColumn(_("Created"), lambda c: c.created_at),
    ExportColumn(_("Notes"), lambda c: c.notes),
)
