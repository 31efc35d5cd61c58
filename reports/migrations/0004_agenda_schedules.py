from django.db import migrations

from users.beat_schedules import schedule_every, unschedule

# Frozen here so later code changes cannot alter what this migration does.
# Each job sends at the time the reminder settings give; beat only wakes it.
JOBS = [
    (
        "Send daily agendas",
        "reports.tasks.send_daily_agendas",
        "Every 15 minutes: at the agenda time of the reminder settings, each "
        "salesperson's day.",
    ),
    (
        "Send weekly plans",
        "reports.tasks.send_weekly_plans",
        "Every 15 minutes: on the weekday and at the time of the reminder "
        "settings, each salesperson's week.",
    ),
    (
        "Send manager digests",
        "reports.tasks.send_manager_digests",
        "Every 15 minutes: at the agenda time of the reminder settings, each "
        "manager's team.",
    ),
]


def schedule_jobs(apps, schema_editor):
    for name, task, description in JOBS:
        schedule_every(apps, name=name, task=task, minutes=15, description=description)


def remove_jobs(apps, schema_editor):
    for name, _task, _description in JOBS:
        unschedule(apps, name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_report_settings_row"),
        ("users", "0003_notifications"),
        ("django_celery_beat", "0018_improve_crontab_helptext"),
    ]

    operations = [migrations.RunPython(schedule_jobs, remove_jobs)]
