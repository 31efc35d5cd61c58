"""The nightly refresh of stored lead scores, and its schedule."""

import importlib
from datetime import timedelta

import time_machine
from django.apps import apps
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from leads.models import Lead
from leads.services import lead_log_activity, lead_refresh_scores
from leads.tasks import leads_refresh_scores
from tests.factories import LeadFactory

TASK = "leads.tasks.leads_refresh_scores"
# Company, contact, phone and e-mail filled (27 of 40), a website enquiry (20).
BASE = 27 + 20


def contacted_lead(owner):
    lead = LeadFactory(owner=owner, source="website")
    lead_log_activity(lead=lead, by=owner, kind="call", summary="Intro")
    lead.refresh_from_db()
    return lead


def test_scores_lose_their_recent_contact_points_as_the_contact_ages(alice):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        lead = contacted_lead(alice)
        untouched = LeadFactory(owner=alice, source="website")
    assert lead.score == BASE + 30
    updated_at, versions = lead.updated_at, lead.history.count()

    with time_machine.travel(start + timedelta(days=20), tick=False):
        assert leads_refresh_scores() == 1
    lead.refresh_from_db()
    assert lead.score == BASE + 15

    with time_machine.travel(start + timedelta(days=100), tick=False):
        assert leads_refresh_scores() == 1
        assert leads_refresh_scores() == 0, "a second run has nothing to do"
    lead.refresh_from_db()
    assert lead.score == BASE
    # Nobody edited the lead: no history row, no new "updated" time.
    assert (lead.updated_at, lead.history.count()) == (updated_at, versions)
    untouched_score = untouched.score
    untouched.refresh_from_db()
    assert untouched.score == untouched_score


def test_every_batch_is_refreshed(alice, bob):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        leads = [contacted_lead(owner) for owner in (alice, bob, alice)]
    with time_machine.travel(start + timedelta(days=40), tick=False):
        assert lead_refresh_scores(batch_size=2) == 3
    scores = Lead.objects.filter(pk__in=[lead.pk for lead in leads])
    assert set(scores.values_list("score", flat=True)) == {BASE + 5}


def test_the_refresh_is_scheduled_daily_after_migrating(db):
    task = PeriodicTask.objects.get(task=TASK)
    assert task.enabled
    assert (task.crontab.hour, task.crontab.minute) == ("2", "30")
    assert str(task.crontab.timezone) == "Asia/Shanghai"
    assert leads_refresh_scores.name == TASK


def test_scheduling_again_keeps_one_task_and_an_administrators_changes(db):
    migration = importlib.import_module("leads.migrations.0002_daily_score_refresh")
    PeriodicTask.objects.filter(task=TASK).update(enabled=False)
    migration.schedule_daily_refresh(apps, None)
    task = PeriodicTask.objects.get(task=TASK)
    assert not task.enabled

    migration.remove_schedule(apps, None)
    assert not PeriodicTask.objects.filter(task=TASK).exists()
    migration.schedule_daily_refresh(apps, None)
    assert PeriodicTask.objects.filter(task=TASK, enabled=True).count() == 1
