"""Converting a lead: customer (created or linked), contact, optional opportunity.

It lives here, in the first app of the chain that knows all three.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from customers.duplicates import customer_duplicate
from customers.models import Contact, Customer
from leads.models import Lead, LeadStatus
from opportunities.models import Activity, Opportunity
from opportunities.services import opportunity_save
from users.models import User


@dataclass(frozen=True)
class Conversion:
    customer: Customer
    contact: Contact
    opportunity: Opportunity | None
    customer_created: bool


@transaction.atomic
def lead_convert(
    *,
    lead: Lead,
    by: User,
    contact_fields: dict[str, Any],
    customer: Customer | None = None,
    customer_fields: dict[str, Any] | None = None,
    opportunity_fields: dict[str, Any] | None = None,
) -> Conversion:
    """Convert a lead in one step, all or nothing.

    Pass `customer` to link an existing customer, or `customer_fields` to
    create one; a new customer that would duplicate an existing one (same
    normalized legal name or credit code) is refused.
    """
    lead = Lead.objects.select_for_update().get(pk=lead.pk)
    if lead.is_converted:
        raise ValidationError(_("This lead has already been converted."))
    owner = lead.owner or by

    created = customer is None
    if created:
        fields = customer_fields or {}
        for field in ("legal_name", "credit_code"):
            duplicate = customer_duplicate(field, fields.get(field, ""), user=by)
            if duplicate is not None:
                raise ValidationError({field: duplicate.error})
        customer = Customer(owner=owner, **fields)
        customer.full_clean()
        customer.save()

    contact = Contact(customer=customer, source_lead=lead, **contact_fields)
    contact.full_clean()
    contact.save()

    opportunity = None
    if opportunity_fields:
        opportunity = Opportunity(
            owner=owner, customer=customer, source_lead=lead, **opportunity_fields
        )
        opportunity_save(opportunity=opportunity, by=by)

    _carry_follow_ups(
        lead=lead, customer=customer, contact=contact, opportunity=opportunity
    )

    lead.status = LeadStatus.CONVERTED
    lead.converted_at = timezone.now()
    lead.owner = owner
    lead._change_reason = gettext_noop("converted")
    lead.save()
    return Conversion(customer, contact, opportunity, created)


def _carry_follow_ups(
    *,
    lead: Lead,
    customer: Customer,
    contact: Contact,
    opportunity: Opportunity | None,
) -> None:
    """Copy the lead's follow-ups into the customer's log, so the story goes on.

    The lead keeps its own; the customer's (and new deal's) last and next contact
    move forward when the lead's are more recent.
    """
    follow_ups = list(lead.activities.all())
    Activity.objects.bulk_create(
        Activity(
            customer=customer,
            opportunity=opportunity,
            contact=contact,
            kind=follow_up.kind,
            occurred_at=follow_up.occurred_at,
            summary=follow_up.summary,
            next_contact_at=follow_up.next_contact_at,
            logged_by_id=follow_up.logged_by_id,
        )
        for follow_up in follow_ups
    )
    if lead.last_contact_at is None:
        return
    for record in (customer, opportunity):
        if record is None:
            continue
        if (
            record.last_contact_at is None
            or lead.last_contact_at > record.last_contact_at
        ):
            type(record).objects.filter(pk=record.pk).update(
                last_contact_at=lead.last_contact_at,
                next_contact_at=lead.next_contact_at,
            )
