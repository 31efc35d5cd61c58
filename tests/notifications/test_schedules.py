"""A new installation has every reminder job scheduled in beat's database."""

import pytest
from django_celery_beat.models import PeriodicTask

from config.celery import app

JOBS = {
    "opportunities.tasks.remind_deal_contacts": (5, "minutes"),
    "customers.tasks.remind_customer_contacts": (5, "minutes"),
    "leads.tasks.remind_lead_contacts": (5, "minutes"),
    "reports.tasks.send_daily_agendas": (15, "minutes"),
    "reports.tasks.send_weekly_plans": (15, "minutes"),
    "reports.tasks.send_manager_digests": (15, "minutes"),
}


@pytest.mark.django_db
def test_the_reminder_jobs_are_scheduled_and_known_to_the_worker():
    app.loader.import_default_modules()
    for task, (every, period) in JOBS.items():
        entry = PeriodicTask.objects.get(task=task)
        assert (entry.interval.every, entry.interval.period) == (every, period)
        assert task in app.tasks
    recycling = PeriodicTask.objects.get(task="leads.tasks.recycle_neglected_leads")
    assert (recycling.crontab.hour, recycling.crontab.minute) == ("3", "0")
