from django.conf import settings
from django.db import migrations
from django.utils import timezone

# Frozen here so later code changes cannot alter what this migration does.
TASK = "leads.tasks.leads_refresh_scores"
NAME = "Refresh lead scores"
DESCRIPTION = (
    "Daily: stored lead scores lose their recent-contact points as the last "
    "contact ages."
)


def schedule_daily_refresh(apps, schema_editor):
    """A new installation refreshes lead scores every night at 02:30."""
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    if PeriodicTask.objects.filter(name=NAME).exists():
        return  # kept as an administrator may have changed it
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    crontab, _created = CrontabSchedule.objects.get_or_create(
        minute="30",
        hour="2",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone=settings.TIME_ZONE,
    )
    PeriodicTask.objects.create(
        name=NAME, task=TASK, crontab=crontab, description=DESCRIPTION
    )
    _tell_beat(apps)


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name=NAME
    ).delete()
    _tell_beat(apps)


def _tell_beat(apps) -> None:
    # A running beat reloads its schedule when this stamp moves; the model
    # signals that usually move it do not fire inside migrations.
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    PeriodicTasks.objects.update_or_create(
        ident=1, defaults={"last_update": timezone.now()}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("leads", "0001_initial"),
        ("django_celery_beat", "0018_improve_crontab_helptext"),
    ]

    operations = [migrations.RunPython(schedule_daily_refresh, unschedule)]
