"""The customers and contacts a lead being typed may already be.

Registered with `leads.duplicate_sources` by `CustomersConfig.ready()`. As in
`customers.duplicates`, a customer the user may not open is reported without
its name, its contacts or its owner.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from customers.models import Contact, Customer
from leads.dedupe import normalize_email, normalize_phone
from leads.duplicate_sources import ExistingRecord
from users.models import User
from users.visibility import visible_exists

# Names are unique, so one customer at most; one customer may have several
# contacts with the same switchboard number.
CONTACTS_SHOWN = 5

UNSEEN = _("Already a customer of another salesperson")


def customers_named_like_lead(
    *, company_name: str, phone: str, email: str, user: User
) -> list[ExistingRecord]:
    """The customer with the lead's company name (normalized), in one query."""
    if not company_name:
        return []
    customers = (
        Customer.objects.with_name(company_name)
        .select_related("owner")
        .annotate(seen=visible_exists(Customer, user, "pk"))
    )
    return [_record(c, seen=c.seen, fields=("company_name",)) for c in customers]


def contacts_reachable_like_lead(
    *, company_name: str, phone: str, email: str, user: User
) -> list[ExistingRecord]:
    """Contacts with the lead's phone or e-mail (normalized), in one query."""
    contacts = (
        Contact.objects.reachable_at(phone=phone, email=email)
        .select_related("customer__owner")
        .annotate(seen=visible_exists(Customer, user, "customer_id"))
        .order_by("customer__legal_name", "name", "pk")[:CONTACTS_SHOWN]
    )
    wanted = {"phone": normalize_phone(phone), "email": normalize_email(email)}
    return [
        _record(
            contact.customer,
            seen=contact.seen,
            fields=tuple(
                field
                for field, value in wanted.items()
                if value and getattr(contact, f"{field}_normalized") == value
            ),
            detail=contact.name,
        )
        for contact in contacts
    ]


def _record(
    customer: Customer, *, seen: bool, fields: tuple[str, ...], detail: str = ""
) -> ExistingRecord:
    if not seen:
        return ExistingRecord(label=str(UNSEEN), url=None, owner=None, fields=fields)
    return ExistingRecord(
        label=customer.legal_name,
        url=reverse("customers:detail", args=[customer.pk]),
        owner=str(customer.owner),
        fields=fields,
        detail=detail,
    )
