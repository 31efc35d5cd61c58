"""Dates and times as people read them: one format per language (zh
2026年12月4日 14:30, or 12月4日 14:30 within the current year; en
4 Dec 2026, 14:30), and relative times ("刚刚", "2天前", "in 3 hours")."""

from datetime import date, datetime

from django.utils import formats, timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

# Languages whose readers drop the year of dates in the current year.
YEAR_DROPPED_IN_CURRENT_YEAR = ("zh",)
JUST_NOW_SECONDS = 60


def format_moment(value: date | datetime | None, *, date_only: bool = False) -> str:
    """A date, or a date-time in the current time zone, in the one house format."""
    if value is None or value == "":
        return ""
    has_time = isinstance(value, datetime)
    if has_time and timezone.is_aware(value):
        value = timezone.localtime(value)
    has_time = has_time and not date_only
    drop_year = value.year == timezone.localdate().year and (
        get_language() or ""
    ).startswith(YEAR_DROPPED_IN_CURRENT_YEAR)
    if drop_year:
        text = formats.date_format(value, "MONTH_DAY_FORMAT")
        if has_time:
            return f"{text} {formats.time_format(value, 'TIME_FORMAT')}"
        return text
    return formats.date_format(value, "DATETIME_FORMAT" if has_time else "DATE_FORMAT")


def format_relative(value: datetime | None, *, now: datetime | None = None) -> str:
    """How long ago or until `value`: "just now", "5 minutes ago", "in 2 days"."""
    if value is None or value == "":
        return ""
    now = now or timezone.now()
    seconds = (value - now).total_seconds()
    if abs(seconds) < JUST_NOW_SECONDS:
        return _("just now")
    minutes = int(abs(seconds) // 60)
    hours, days = minutes // 60, minutes // (60 * 24)
    if seconds < 0:
        if days:
            return ngettext("%(n)d day ago", "%(n)d days ago", days) % {"n": days}
        if hours:
            return ngettext("%(n)d hour ago", "%(n)d hours ago", hours) % {"n": hours}
        return ngettext("%(n)d minute ago", "%(n)d minutes ago", minutes) % {
            "n": minutes
        }
    if days:
        return ngettext("in %(n)d day", "in %(n)d days", days) % {"n": days}
    if hours:
        return ngettext("in %(n)d hour", "in %(n)d hours", hours) % {"n": hours}
    return ngettext("in %(n)d minute", "in %(n)d minutes", minutes) % {"n": minutes}
