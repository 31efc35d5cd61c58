import logging

from celery import shared_task
from django.utils import timezone

from opportunities.models import Opportunity
from opportunities.recompute import recompute_open_deals, rederive_open_deals
from users.models import User
from users.notifications.contact_reminders import remind_contacts
from users.task_queue import send_task_on_commit

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
    """Queue the bulk refresh once the configuration change is committed.

    The configuration is saved either way; with the broker down the nightly
    run catches up (`send_task_on_commit` logs rather than fails the page).
    """
    send_task_on_commit(recompute_probabilities, changed_by_id)


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
