"""The weekly hygiene snapshot job and the trend on the capability page."""

from datetime import date

import time_machine
from django.urls import reverse

from reports.coaching_notes import hygiene_snapshot_take
from reports.coaching_tasks import take_hygiene_snapshots
from reports.models import HygieneSnapshot
from tests.reports.coaching_data import deals


@time_machine.travel("2026-12-03 10:00 +0800", tick=False)
def test_the_job_stores_each_persons_score_once_a_week(alice, bob):
    deals(alice, 4, 2)
    deals(bob, 2, 3)
    assert take_hygiene_snapshots() == 2
    assert hygiene_snapshot_take(today=date(2026, 12, 5)) == 0  # same week
    snapshot = HygieneSnapshot.objects.get(person=alice)
    assert snapshot.week == date(2026, 11, 30)  # the Monday
    assert snapshot.open_deals == 4
    assert 0 <= snapshot.score <= 100
    assert hygiene_snapshot_take(today=date(2026, 12, 7)) == 2  # next week


@time_machine.travel("2026-12-03 10:00 +0800", tick=False)
def test_the_rep_page_draws_the_stored_weeks(client, mary, alice):
    url = reverse("reports:rep", args=[alice.pk])
    client.force_login(mary)
    assert client.get(url).context["trend"] == []
    deals(alice, 3, 2)
    hygiene_snapshot_take(today=date(2026, 11, 23))
    hygiene_snapshot_take(today=date(2026, 11, 30))
    response = client.get(url)
    assert [p.week for p in response.context["trend"]] == [
        date(2026, 11, 23),
        date(2026, 11, 30),
    ]
    assert 'id="hygiene-trend"' in response.content.decode()


def test_a_new_installation_has_the_nightly_job(db):
    from django_celery_beat.models import PeriodicTask

    job = PeriodicTask.objects.get(task="reports.coaching_tasks.take_hygiene_snapshots")
    assert (job.crontab.hour, job.crontab.minute) == ("1", "15")
