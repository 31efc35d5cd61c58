from django.db import migrations

from users.beat_schedules import schedule_daily, unschedule

# Frozen here so later code changes cannot alter what this migration does.
TASK = "leads.tasks.recycle_neglected_leads"
NAME = "Return neglected leads to the pool"
DESCRIPTION = (
    "Daily, when turned on in the reminder settings: warn owners of claimed "
    "leads nobody follows up, then return them to the shared pool."
)


def schedule_recycling(apps, schema_editor):
    schedule_daily(
        apps, name=NAME, task=TASK, hour=3, minute=0, description=DESCRIPTION
    )


def remove_schedule(apps, schema_editor):
    unschedule(apps, name=NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("leads", "0003_contact_reminders"),
        ("django_celery_beat", "0018_improve_crontab_helptext"),
    ]

    operations = [migrations.RunPython(schedule_recycling, remove_schedule)]
