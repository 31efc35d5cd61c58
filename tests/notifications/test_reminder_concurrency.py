"""Two workers run the same reminder tick at the same moment: one reminder.

The notification's unique key is claimed by an INSERT that skips conflicts;
on PostgreSQL the second insert waits for the first and then skips. SQLite
writes one transaction at a time anyway.
"""

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection

from opportunities.tasks import remind_deal_contacts
from tests.factories import OpportunityFactory
from users.models import Notification

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent inserts need PostgreSQL"
    ),
    pytest.mark.django_db(transaction=True),
]


def test_two_ticks_at_once_remind_once(migrated_data, alice):
    due = datetime(2026, 6, 17, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    OpportunityFactory.create_batch(20, owner=alice, next_contact_at=due)
    barrier = threading.Barrier(2)
    created: list[int] = []

    def run() -> None:
        try:
            barrier.wait(timeout=10)
            created.append(remind_deal_contacts())
        finally:
            connection.close()

    with time_machine.travel(datetime(2026, 6, 17, 9, 30, tzinfo=due.tzinfo)):
        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert sum(created) == 20
    assert Notification.objects.filter(recipient=alice).count() == 20
