"""The Celery wiring, end to end through the configured broker.

In CI the broker is the real Redis (REDIS_URL); without it, the embedded
filesystem broker. Either way a worker consumes the task and returns its result.
"""

import pytest
from celery.contrib.testing.worker import start_worker
from celery.utils.imports import symbol_by_name
from django.conf import settings
from django_celery_beat.schedulers import DatabaseScheduler

from config.celery import app
from users.tasks import ping

pytestmark = pytest.mark.broker


@pytest.fixture(scope="module")
def worker():
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield


def test_settings_point_celery_at_the_configured_broker():
    expected = settings.REDIS_URL or "filesystem://"
    assert app.conf.broker_url == expected


def test_a_task_sent_to_the_broker_is_run_by_a_worker(worker):
    result = ping.delay()
    assert result.get(timeout=20) == "pong"


def test_the_beat_schedule_is_read_from_the_database():
    scheduler = symbol_by_name(app.conf.beat_scheduler)
    assert issubclass(scheduler, DatabaseScheduler)
