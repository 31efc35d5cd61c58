"""Writes and reads of a deal's buying team (the contacts linked to it).

Linking is always explicit: creating a deal or converting a lead links nobody,
even when the customer has a single decision maker.
"""

from django.db import transaction

from customers.models import Contact
from opportunities.models import DealContact, Opportunity
from users.models import User


@transaction.atomic
def deal_contact_link(
    *, opportunity: Opportunity, contact: Contact, by: User, role: str = ""
) -> DealContact:
    """Put a contact of the deal's customer on its buying team.

    An empty `role` takes the contact's buying role.
    """
    link = DealContact(
        opportunity=opportunity,
        contact=contact,
        role=role or contact.buying_role,
        added_by=by,
    )
    link.full_clean()
    link._history_user = by
    link.save()
    return link


@transaction.atomic
def deal_contact_unlink(*, link: DealContact, by: User) -> None:
    """Take a contact off a deal's buying team (the contact itself stays)."""
    link._history_user = by
    link.delete()


def deal_contacts_of_other_customers_drop(*, opportunity: Opportunity, by: User) -> int:
    """After the deal's customer changed: unlink the previous customer's people."""
    stale = opportunity.deal_contacts.exclude(contact__customer=opportunity.customer_id)
    dropped = 0
    for link in stale:
        deal_contact_unlink(link=link, by=by)
        dropped += 1
    return dropped
