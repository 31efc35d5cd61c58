"""A large lead file goes through the configured broker to a real worker.

Without REDIS_URL that broker is the embedded one (kombu's filesystem
transport), as on a machine run by scripts/run: the upload queues the task
when it commits, a worker thread consumes it with its own database
connection, and the import page shows the result.
"""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse

from config.celery import app
from leads.models import Lead, LeadImport
from tests.transfer.conftest import csv_upload

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker():
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield


def test_an_upload_is_imported_by_the_worker(
    client, alice, worker, monkeypatch, migrated_data
):
    monkeypatch.setattr("users.spreadsheets.import_page.MAX_ROWS", 2)
    client.force_login(alice)
    rows = [["公司名称", "电话"]] + [[f"公司{n}", f"1390000{n:04d}"] for n in range(5)]

    response = client.post(reverse("leads:import"), {"file": csv_upload(rows)})

    job = LeadImport.objects.get()
    assert response["Location"] == reverse("leads:import_detail", args=[job.pk])
    deadline = time.monotonic() + 60
    while job.is_running:
        assert time.monotonic() < deadline, "the worker never finished the import"
        time.sleep(0.2)
        job.refresh_from_db()
    assert (job.status, job.created_count) == ("done", 5)
    assert Lead.objects.filter(owner=alice, created_by=alice).count() == 5
    page = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 2s"' not in page
