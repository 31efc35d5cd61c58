"""A nightly run of the open-deal recompute, editable in admin (docs/PRODUCT.md §6).

Configuration changes queue the recompute at once; the nightly run catches up
when that message was lost (broker down, worker restarted).
"""

from django.db import migrations

from users.beat_schedules import schedule_daily, unschedule

TASK = "opportunities.tasks.recompute_probabilities"
NAME = "Recompute open deals' stages and probabilities"
DESCRIPTION = (
    "Nightly: open deals' stages (mode B) and stored probabilities follow the "
    "funnel configuration, in case a queued recompute was lost."
)


def create_schedule(apps, schema_editor):
    schedule_daily(
        apps, name=NAME, task=TASK, hour=3, minute=30, description=DESCRIPTION
    )


def remove_schedule(apps, schema_editor):
    unschedule(apps, name=NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("opportunities", "0006_stage_change_cause"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
