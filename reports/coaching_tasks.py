"""The coaching pages' periodic job: this week's hygiene per person."""

import logging

from celery import shared_task
from django.utils import timezone

from reports.coaching_notes import hygiene_snapshot_take

logger = logging.getLogger(__name__)


@shared_task
def take_hygiene_snapshots() -> int:
    """Daily; stores each person's hygiene once a week, on the week's first run."""
    taken = hygiene_snapshot_take(today=timezone.localdate())
    logger.info("Stored %d hygiene snapshots for this week", taken)
    return taken
