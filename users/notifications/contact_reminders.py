"""The next-contact reminder every record with a next contact gets, whatever
its app: leads, customers and deals each run it over their own queryset.

A tick reminds the owner of each record whose next contact falls within the
lead time (or passed within the last tick or two, in case beat was late),
once per (record, owner, next-contact time): the notification's unique key
makes a repeated tick, a retry or a second worker remind nobody twice, and a
rescheduled contact (a new time) or a new owner is reminded afresh.
"""

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from itertools import islice

from django.db.models import Model, QuerySet

from users.notifications.notify import Notice, notify_once
from users.notifications.records import Kind
from users.notifications.settings_row import ReminderSettings

BATCH = 500
# A contact that passed since the last tick is still reminded (ticks every 5
# minutes; beat may be a little late).
GRACE = timedelta(minutes=15)


def remind_contacts(
    records: QuerySet,
    *,
    now: datetime,
    extra: Callable[[Model], dict] | None = None,
) -> int:
    """Remind the active owners of `records` whose next contact is near; how many.

    `records` holds only what may be reminded (open deals, open leads); `extra`
    adds parameters to the message, such as a deal's customer.
    """
    lead_time = timedelta(minutes=ReminderSettings.load().lead_minutes)
    due = due_for_reminder(records, now=now, lead_time=lead_time)
    label = f"{records.model._meta.app_label}.{records.model._meta.model_name}"
    created = 0
    for batch in batches(due.iterator(chunk_size=BATCH)):
        notices = [
            Notice(
                recipient_id=record.owner_id,
                kind=Kind.CONTACT_DUE,
                dedupe_key=f"contact:{label}:{record.pk}:"
                f"{record.next_contact_at.isoformat()}",
                params={
                    "record": label,
                    "name": str(record),
                    "due_at": record.next_contact_at.isoformat(),
                    **(extra(record) if extra else {}),
                },
                record=record,
            )
            for record in batch
        ]
        created += len(notify_once(notices))
    return created


def due_for_reminder(
    records: QuerySet, *, now: datetime, lead_time: timedelta
) -> QuerySet:
    """The scan of one tick: active owners, next contact within the lead time.

    It reads the partial index on next_contact_at of each model (a range scan
    of a few minutes' contacts, whatever the table's size).
    """
    return records.filter(
        owner__is_active=True,
        next_contact_at__gt=now - GRACE,
        next_contact_at__lte=now + lead_time,
    ).order_by("next_contact_at", "pk")


def batches(rows: Iterator) -> Iterator[list]:
    """`rows` in lists of BATCH."""
    while batch := list(islice(rows, BATCH)):
        yield batch
