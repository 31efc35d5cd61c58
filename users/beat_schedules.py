"""django-celery-beat entries that data migrations create.

Schedules live in the database (docs/ARCHITECTURE.md, background jobs).

A new installation gets its periodic jobs from migrations; administrators then
edit them in admin. These helpers take the migration's `apps`, so they work on
the historical models whatever the current code looks like.
"""

from django.conf import settings
from django.utils import timezone


def schedule_daily(
    apps, *, name: str, task: str, hour: int, minute: int, description: str = ""
) -> None:
    """Run `task` every day at hour:minute local time, unless `name` exists.

    An existing entry is kept as it is: an administrator may have changed it.
    """
    _schedule(apps, name, task, description, minute=minute, hour=hour)


def schedule_monthly(
    apps,
    *,
    name: str,
    task: str,
    day: int,
    hour: int,
    minute: int,
    description: str = "",
) -> None:
    """Run `task` on `day` of every month at hour:minute local time (as above)."""
    _schedule(apps, name, task, description, minute=minute, hour=hour, day=day)


def _schedule(
    apps, name: str, task: str, description: str, *, minute: int, hour: int, day="*"
) -> None:
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    if PeriodicTask.objects.filter(name=name).exists():
        return
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    crontab, _created = CrontabSchedule.objects.get_or_create(
        minute=str(minute),
        hour=str(hour),
        day_of_week="*",
        day_of_month=str(day),
        month_of_year="*",
        timezone=settings.TIME_ZONE,
    )
    PeriodicTask.objects.create(
        name=name, task=task, crontab=crontab, description=description
    )
    _tell_beat(apps)


def schedule_every(
    apps, *, name: str, task: str, minutes: int, description: str = ""
) -> None:
    """Run `task` every `minutes` minutes, unless `name` exists (kept as it is)."""
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    if PeriodicTask.objects.filter(name=name).exists():
        return
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    interval, _created = IntervalSchedule.objects.get_or_create(
        every=minutes, period="minutes"
    )
    PeriodicTask.objects.create(
        name=name, task=task, interval=interval, description=description
    )
    _tell_beat(apps)


def unschedule(apps, *, name: str) -> None:
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name=name
    ).delete()
    _tell_beat(apps)


def _tell_beat(apps) -> None:
    # A running beat reloads its schedule when this stamp moves; the model
    # signals that usually move it do not fire inside migrations.
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    PeriodicTasks.objects.update_or_create(
        ident=1, defaults={"last_update": timezone.now()}
    )
