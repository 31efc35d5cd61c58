"""The daily agenda, the weekly plan, the managers' digest and frozen forecasts.

Beat runs each every 15 minutes; each sends when the reminder settings say
(the agenda time, the plan's weekday and time), within a two-hour window, to
whoever has not had today's (or this week's) yet. The notification's unique
key makes a second run, a retry or a second worker send nothing twice.
"""

import logging
from collections.abc import Callable
from datetime import datetime, time, timedelta

from celery import shared_task
from django.db.models import QuerySet
from django.utils import timezone

from reports.agenda import day_agenda, week_plan
from reports.digest import team_digest
from reports.services import forecast_snapshot_take
from users.models import Kind, Notification, ReminderSettings, Role, User
from users.notifications.notify import Notice, notify_once

logger = logging.getLogger(__name__)

SEND_WINDOW = timedelta(hours=2)
BATCH = 200


def is_due(now: datetime, at: time, weekday: int | None = None) -> bool:
    """Whether local `now` is within the send window starting at `at`."""
    local = timezone.localtime(now)
    if weekday is not None and local.weekday() != weekday:
        return False
    start = local.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    return start <= local < start + SEND_WINDOW


def send_each(
    people: QuerySet, *, kind: str, key: str, build: Callable[[User], dict | None]
) -> int:
    """Notify each person `build` has something for, once per `key`; how many."""
    done = set(
        Notification.objects.filter(kind=kind, dedupe_key=key).values_list(
            "recipient_id", flat=True
        )
    )
    sent, batch = 0, []
    for person in people.order_by("pk").iterator(chunk_size=BATCH):
        if person.pk in done or (params := build(person)) is None:
            continue
        batch.append(Notice(person.pk, kind, key, params))
        if len(batch) >= BATCH:
            sent += len(notify_once(batch))
            batch = []
    return sent + len(notify_once(batch))


def sales_people() -> QuerySet:
    """Who gets an agenda: salespeople, and managers for their own deals."""
    return User.objects.filter(
        is_active=True, role__in=[Role.SALESPERSON, Role.MANAGER]
    )


@shared_task
def send_daily_agendas() -> int:
    now = timezone.now()
    row = ReminderSettings.load()
    if not is_due(now, row.agenda_time):
        return 0

    def build(person: User) -> dict | None:
        agenda = day_agenda(person, now, row)
        return None if agenda.is_empty else agenda.params()

    day = timezone.localdate(now).isoformat()
    sent = send_each(
        sales_people(), kind=Kind.DAILY_AGENDA, key=f"agenda:{day}", build=build
    )
    logger.info("Daily agendas: %d sent", sent)
    return sent


@shared_task
def send_weekly_plans() -> int:
    now = timezone.now()
    row = ReminderSettings.load()
    if not is_due(now, row.weekly_time, row.weekly_weekday):
        return 0

    def build(person: User) -> dict | None:
        plan = week_plan(person, now)
        return None if plan.is_empty else plan.params()

    day = timezone.localdate(now).isoformat()
    sent = send_each(
        sales_people(), kind=Kind.WEEKLY_PLAN, key=f"week:{day}", build=build
    )
    logger.info("Weekly plans: %d sent", sent)
    return sent


@shared_task
def send_manager_digests() -> int:
    now = timezone.now()
    row = ReminderSettings.load()
    if not is_due(now, row.agenda_time):
        return 0
    managers = User.objects.filter(
        is_active=True, role=Role.MANAGER, managed_teams__isnull=False
    ).distinct()
    day = timezone.localdate(now).isoformat()
    sent = send_each(
        managers,
        kind=Kind.MANAGER_DIGEST,
        key=f"digest:{day}",
        build=lambda manager: team_digest(manager, now, row.stale_after_days),
    )
    logger.info("Manager digests: %d sent", sent)
    return sent


@shared_task
def take_forecast_snapshots() -> int:
    """On the first of each month, freeze this month's forecast per person."""
    taken = forecast_snapshot_take(month=timezone.localdate())
    logger.info("Froze %d forecasts for this month", taken)
    return taken


# Celery finds tasks in `tasks` modules; the coaching job lives in its own.
from reports.coaching_tasks import take_hygiene_snapshots  # noqa: E402, F401
