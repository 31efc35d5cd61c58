from django.db import migrations

from users.beat_schedules import schedule_daily, unschedule

# Frozen here so later code changes cannot alter what this migration does.
TASK = "leads.tasks.leads_refresh_scores"
NAME = "Refresh lead scores"
DESCRIPTION = (
    "Daily: stored lead scores lose their recent-contact points as the last "
    "contact ages."
)


def schedule_daily_refresh(apps, schema_editor):
    """A new installation refreshes lead scores every night at 02:30."""
    schedule_daily(
        apps, name=NAME, task=TASK, hour=2, minute=30, description=DESCRIPTION
    )


def remove_schedule(apps, schema_editor):
    unschedule(apps, name=NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("leads", "0001_initial"),
        ("django_celery_beat", "0018_improve_crontab_helptext"),
    ]

    operations = [migrations.RunPython(schedule_daily_refresh, remove_schedule)]
