from django.db import migrations

from users.beat_schedules import schedule_daily, unschedule

# Frozen here so later code changes cannot alter what this migration does.
TASK = "reports.coaching_tasks.remind_coaching_follow_ups"
NAME = "Remind managers of coaching follow-ups"
DESCRIPTION = (
    "Daily at 08:00: each manager whose coaching note's follow-up date has "
    "come is told once."
)


def create_schedule(apps, schema_editor):
    schedule_daily(apps, name=NAME, task=TASK, hour=8, minute=0, description=DESCRIPTION)


def remove_schedule(apps, schema_editor):
    unschedule(apps, name=NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0006_hygiene_snapshot"),
        ("users", "0004_coaching_follow_up_kind"),
        ("django_celery_beat", "0018_improve_crontab_helptext"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
