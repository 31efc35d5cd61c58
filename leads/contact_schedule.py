"""When a next contact is due: one definition of "overdue" and "today" for
leads, customers and deals, used by the reminder jobs, the workbench, My day,
the lists and their badges.

- due today: the next contact falls on today's local date (earlier today
  included), so a call planned for 10:00 is not overdue at 14:00;
- overdue: the next contact fell before today and no follow-up was logged
  since (a follow-up sets a new next contact, or clears it).
"""

from datetime import datetime, timedelta

from django.db import models
from django.utils import timezone

from users.counting import count_rows


def day_bounds(now: datetime) -> tuple[datetime, datetime]:
    """Local midnight of `now`'s day and of the next day."""
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + timedelta(days=1)


def _not_followed_up() -> models.Q:
    return models.Q(last_contact_at__isnull=True) | models.Q(
        last_contact_at__lt=models.F("next_contact_at")
    )


def overdue_q(now: datetime) -> models.Q:
    """What makes a next contact overdue at `now` (see `overdue`)."""
    start, _end = day_bounds(now)
    return _not_followed_up() & models.Q(next_contact_at__lt=start)


class ContactScheduleQuerySet(models.QuerySet):
    """Mixed into the querysets of records with `next_contact_at`."""

    def overdue(self, now: datetime):
        """Next contact before today, with no follow-up logged since."""
        return self.filter(overdue_q(now))

    def due_today(self, now: datetime):
        """Next contact on today's local date."""
        start, end = day_bounds(now)
        return self.filter(next_contact_at__gte=start, next_contact_at__lt=end)

    def due_between(self, start: datetime, end: datetime):
        return self.filter(next_contact_at__gte=start, next_contact_at__lt=end)

    def due_counts(self, now: datetime) -> dict[str, int]:
        """How many are due today and how many overdue, in one query."""
        start, end = day_bounds(now)
        return self.aggregate(
            today=models.Count(
                "pk",
                filter=models.Q(next_contact_at__gte=start, next_contact_at__lt=end),
            ),
            overdue=count_rows(filter=overdue_q(now)),
        )


def is_overdue(record, now: datetime) -> bool:
    """`ContactScheduleQuerySet.overdue` for one loaded record."""
    due = record.next_contact_at
    if due is None or due >= day_bounds(now)[0]:
        return False
    return record.last_contact_at is None or record.last_contact_at < due
