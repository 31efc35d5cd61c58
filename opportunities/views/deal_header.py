"""The top of a deal page that a follow-up changes: its flags (stale, next
contact overdue, no decision maker), its contact dates and its numbers. After
a follow-up is logged on the deal page, these come back out of band with the
timeline."""

from typing import Any

from django.utils import timezone

from customers.models import BuyingRole, Contact
from opportunities import probability
from opportunities.models import CompetitionFactor, DealContact, Opportunity
from opportunities.views.list_rows import mark_rows
from users.models import ReminderSettings


def decision_maker(
    opportunity: Opportunity, links: list[DealContact]
) -> Contact | None:
    """Whom the phone bar calls: the deal's decision maker, else the customer's.

    Only someone with a phone number. `links` is the deal's buying team loaded
    with its contacts, so a linked decision maker costs no query.
    """
    linked = [
        link.contact
        for link in links
        if link.role == BuyingRole.DECISION_MAKER and link.contact.phone
    ]
    if linked:
        return min(linked, key=lambda contact: (contact.name, contact.pk))
    return (
        opportunity.customer.contacts.filter(buying_role=BuyingRole.DECISION_MAKER)
        .exclude(phone="")
        .order_by("name", "pk")
        .first()
    )


def refreshed_header(opportunity_pk: int) -> dict[str, Any]:
    """What the out-of-band header partials need, read fresh after a write."""
    opportunity = (
        Opportunity.objects.select_related("stage")
        .with_decision_maker()
        .get(pk=opportunity_pk)
    )
    stale_days = ReminderSettings.load().stale_after_days
    mark_rows([opportunity], now=timezone.now(), days=stale_days)
    factor = probability.competition_factor(
        opportunity.competitors.count(), CompetitionFactor.objects.as_table()
    )
    return {
        "opportunity": opportunity,
        "stale_days": stale_days,
        "lines": opportunity.lines.exists(),
        "competition_factor": factor,
    }
