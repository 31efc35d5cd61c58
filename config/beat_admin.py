"""The periodic jobs in admin: named in the reader's language, with their
schedule in words, grouped by area (config/beat_jobs.py)."""

from django.conf import settings
from django.contrib import admin
from django.db.models import Case, IntegerField, Value, When
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_celery_beat.admin import PeriodicTaskAdmin
from django_celery_beat.models import PeriodicTask

from config.beat_jobs import AREAS, JOBS, OTHER, job_for, tasks_in
from config.schedule_words import crontab_words, interval_words
from users.moments import format_moment


def schedule_in_words(task: PeriodicTask) -> str:
    """When `task` runs, in the active language."""
    if task.crontab_id:
        crontab = task.crontab
        words = crontab_words(
            crontab.minute,
            crontab.hour,
            crontab.day_of_week,
            crontab.day_of_month,
            crontab.month_of_year,
        )
        zone = str(crontab.timezone)
        return words if zone == settings.TIME_ZONE else f"{words} ({zone})"
    if task.interval_id:
        return interval_words(task.interval.every, task.interval.period)
    if task.clocked_id:
        return gettext("Once, at %(time)s") % {
            "time": format_moment(task.clocked.clocked_time)
        }
    if task.solar_id:
        return str(task.solar)
    return "—"


def job_name(task: PeriodicTask) -> str:
    known = job_for(task.task)
    return str(known.label) if known else task.name


class _Named:
    """A job as the row's checkbox names it."""

    def __init__(self, task: PeriodicTask):
        self.pk = task.pk
        self.name = job_name(task)

    def __str__(self) -> str:
        return self.name


class AreaFilter(admin.SimpleListFilter):
    title = _("area")
    parameter_name = "area"

    def lookups(self, request, model_admin):
        return [(area.key, area.label) for area in AREAS]

    def queryset(self, request, queryset):
        for area in AREAS:
            if self.value() == area.key:
                if area == OTHER:
                    return queryset.exclude(task__in=list(JOBS))
                return queryset.filter(task__in=tasks_in(area))
        return queryset


class NamedPeriodicTaskAdmin(PeriodicTaskAdmin):
    list_display = ("job", "schedule", "area", "enabled", "last_run_at")
    list_display_links = ("job",)
    list_filter = (AreaFilter, "enabled")
    date_hierarchy = None

    def get_queryset(self, request):
        # Ordered by area, as the list reads: reminders first.
        order = [
            When(task__in=tasks_in(area), then=Value(index))
            for index, area in enumerate(AREAS[:-1])
        ]
        return (
            super()
            .get_queryset(request)
            .annotate(
                area_order=Case(
                    *order, default=Value(len(AREAS)), output_field=IntegerField()
                )
            )
            .order_by("area_order", "name")
        )

    @admin.display(description=_("job"), ordering="name")
    def job(self, task: PeriodicTask):
        known = job_for(task.task)
        if known is None:
            return task.name
        return format_html(
            '{}<div class="help">{}</div>', known.label, known.description
        )

    def action_checkbox(self, task: PeriodicTask):
        # The checkbox is labelled with the object's str(), which for a job is
        # its migration name and raw crontab; give it the job's name instead.
        return super().action_checkbox(_Named(task))

    @admin.display(description=_("schedule"))
    def schedule(self, task: PeriodicTask) -> str:
        return schedule_in_words(task)

    @admin.display(description=_("area"), ordering="area_order")
    def area(self, task: PeriodicTask) -> str:
        known = job_for(task.task)
        return str((known.area if known else OTHER).label)


def register(site: admin.AdminSite) -> None:
    """Put the named list in place of django-celery-beat's own."""
    if site.is_registered(PeriodicTask):
        site.unregister(PeriodicTask)
    site.register(PeriodicTask, NamedPeriodicTaskAdmin)
