"""On the first of every month, freeze the month's forecast (editable in admin)."""

from django.db import migrations

from users.beat_schedules import schedule_monthly, unschedule

TASK = "reports.tasks.take_forecast_snapshots"
NAME = "Freeze this month's forecast"
DESCRIPTION = (
    "Monthly, on the first: each person's forecast for the month is stored, so "
    "the forecast report can compare it with what was won."
)


def create_schedule(apps, schema_editor):
    schedule_monthly(
        apps, name=NAME, task=TASK, day=1, hour=0, minute=30, description=DESCRIPTION
    )


def remove_schedule(apps, schema_editor):
    unschedule(apps, name=NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
