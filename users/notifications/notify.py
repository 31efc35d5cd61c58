"""Creating notifications once and queueing their delivery.

Jobs call `notify_once` with what they found; each notification is claimed by
its dedupe key in one INSERT that skips conflicts, so a repeated beat tick, a
retried task or a second worker creates nothing twice. Only the rows this
call created are queued for delivery, after commit.
"""

import logging
import uuid
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from users.notifications.records import Notification
from users.notifications.tasks import deliver_notification

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Notice:
    """One notification a job wants to send."""

    recipient_id: int
    kind: str
    dedupe_key: str
    params: dict = field(default_factory=dict)
    record: models.Model | None = None


def notify_once(notices: list[Notice]) -> list[int]:
    """Create the notices not sent before; queue their delivery; return new ids."""
    if not notices:
        return []
    claim = uuid.uuid4()
    rows = []
    for notice in notices:
        record = notice.record
        rows.append(
            Notification(
                recipient_id=notice.recipient_id,
                kind=notice.kind,
                params=notice.params,
                content_type=(
                    ContentType.objects.get_for_model(record) if record else None
                ),
                object_id=record.pk if record else None,
                dedupe_key=notice.dedupe_key,
                claim=claim,
            )
        )
    with transaction.atomic():
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        created = list(
            Notification.objects.filter(claim=claim).values_list("pk", flat=True)
        )
        for pk in created:
            transaction.on_commit(lambda pk=pk: _queue(deliver_notification, pk))
    return created


def _queue(task, pk: int) -> None:
    # The notification is saved and shows in the app either way; a broker
    # outage must not fail the job that found it.
    try:
        task.delay(pk)
    except Exception:
        logger.exception("Could not queue notification %s", pk)
