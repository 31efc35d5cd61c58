import logging

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from opportunities.models import Opportunity
from opportunities.recompute import recompute_open_deals, rederive_open_deals
from users.models import User
from users.notifications.contact_reminders import remind_contacts

logger = logging.getLogger(__name__)


@shared_task
def recompute_probabilities(changed_by_id: int | None = None) -> int:
    """Bring every open deal up to date with the funnel configuration.

    Stages first (mode B places deals by their ticks), then the stored
    probabilities; returns how many deals' numbers changed. Also run nightly,
    so a change whose task was lost is caught up.
    """
    by = User.objects.filter(pk=changed_by_id).first() if changed_by_id else None
    moved = rederive_open_deals(by=by)
    changed = recompute_open_deals()
    logger.info("Recomputed open deals: %d moved stage, %d new numbers", moved, changed)
    return changed


def recompute_probabilities_on_commit(changed_by_id: int | None = None) -> None:
    """Queue the bulk refresh once the configuration change is committed."""

    def publish() -> None:
        # The configuration is saved either way; with the broker down the
        # nightly run catches up, so log rather than fail the admin's page.
        try:
            recompute_probabilities.delay(changed_by_id)
        except Exception:
            logger.exception("Could not queue the recompute of open deals")

    transaction.on_commit(publish)


@shared_task
def remind_deal_contacts() -> int:
    """Remind owners of open deals whose next contact is near (every 5 minutes)."""
    reminded = remind_contacts(
        Opportunity.objects.open().select_related("customer"),
        now=timezone.now(),
        extra=lambda deal: {"customer": str(deal.customer)},
    )
    logger.info("Deal contact reminders: %d sent", reminded)
    return reminded
