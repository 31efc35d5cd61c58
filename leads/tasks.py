import logging

from celery import shared_task

from leads.services import lead_refresh_scores

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
