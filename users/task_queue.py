"""Sending background tasks so that a broker outage never fails a page.

Every task is sent once the transaction that asked for it commits. If the
broker (Redis) cannot be reached the save has already happened: the failure
is logged and the page answers as usual. Each task's nightly run (a beat
schedule) makes up for sends that were lost, and tasks are idempotent, so
the work is done once when the broker is back.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)


def send_task_on_commit(task: Any, *args: Any) -> None:
    """`task.delay(*args)` after commit; a broker failure is logged, not raised."""

    def publish() -> None:
        try:
            task.delay(*args)
        except Exception:
            logger.exception(
                "Could not send %s to the broker; its nightly run will catch up",
                getattr(task, "name", task),
            )

    transaction.on_commit(publish)
