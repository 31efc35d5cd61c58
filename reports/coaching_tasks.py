"""The coaching pages' periodic jobs: this week's hygiene per person, and
reminders of the follow-ups managers set on coaching notes."""

import logging

from celery import shared_task
from django.utils import timezone

from reports.coaching_models import CoachingNote
from reports.coaching_notes import hygiene_snapshot_take
from users.notifications.notify import Notice, notify_once
from users.notifications.records import Kind

logger = logging.getLogger(__name__)


@shared_task
def take_hygiene_snapshots() -> int:
    """Daily; stores each person's hygiene once a week, on the week's first run."""
    taken = hygiene_snapshot_take(today=timezone.localdate())
    logger.info("Stored %d hygiene snapshots for this week", taken)
    return taken


@shared_task
def remind_coaching_follow_ups() -> int:
    """Daily; tells each author of a coaching note whose follow-up is due, once."""
    today = timezone.localdate()
    notes = (
        CoachingNote.objects.filter(
            follow_up_on__lte=today,
            followed_up_at__isnull=True,
            author__is_active=True,
        )
        .select_related("person")
        .order_by("pk")
    )
    notices = [
        Notice(
            note.author_id,
            Kind.COACHING_FOLLOW_UP,
            f"coaching:{note.pk}",
            {
                "name": str(note.person),
                "day": note.follow_up_on.isoformat(),
                "agreed": note.agreed[:200],
            },
        )
        for note in notes.iterator(chunk_size=500)
    ]
    sent = len(notify_once(notices))
    logger.info("Coaching follow-up reminders: %d sent", sent)
    return sent
