import logging

from celery import shared_task
from django.utils import timezone

from leads.models import Lead
from leads.services import lead_refresh_scores
from users.notifications.contact_reminders import remind_contacts

logger = logging.getLogger(__name__)


@shared_task
def leads_refresh_scores() -> int:
    """Let stored lead scores follow the age of each last contact (run daily).

    Lists sort and filter by the stored score, which save() computes; without
    this a lead contacted once would keep its recency points for good.
    """
    changed = lead_refresh_scores()
    logger.info("Refreshed lead scores: %d changed", changed)
    return changed


@shared_task
def remind_lead_contacts() -> int:
    """Remind owners of open leads whose next contact is near (every 5 minutes)."""
    reminded = remind_contacts(Lead.objects.open(), now=timezone.now())
    logger.info("Lead contact reminders: %d sent", reminded)
    return reminded
