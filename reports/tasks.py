import logging

from celery import shared_task
from django.utils import timezone

from reports.services import forecast_snapshot_take

logger = logging.getLogger(__name__)


@shared_task
def take_forecast_snapshots() -> int:
    """On the first of each month, freeze this month's forecast per person."""
    taken = forecast_snapshot_take(month=timezone.localdate())
    logger.info("Froze %d forecasts for this month", taken)
    return taken


# Celery finds tasks in `tasks` modules; the coaching job lives in its own.
from reports.coaching_tasks import take_hygiene_snapshots  # noqa: E402, F401
