"""Dates and times as people read them: one format per language (zh
2026年12月4日 14:30, or 12月4日 14:30 within the current year; en
4 Dec 2026, 14:30), and relative times ("刚刚", "2天前", "in 3 hours")."""

import functools
from collections.abc import Callable
from datetime import date, datetime

from django.utils import dateformat, formats, timezone
from django.utils.dates import MONTHS_3
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

# Languages whose readers drop the year of dates in the current year.
YEAR_DROPPED_IN_CURRENT_YEAR = ("zh",)
JUST_NOW_SECONDS = 60


def format_moment(value: date | datetime | None, *, date_only: bool = False) -> str:
    """A date, or a date-time in the current time zone, in the one house format."""
    return MomentFormat.now().format(value, date_only=date_only)


class MomentFormat:
    """`format_moment` for a page of values: the language, the time zone,
    today's year and the formats are read once, not once per value.

    `MomentFormat.now()` reads them as they are when it is called; a page
    builds one and formats its rows' dates with it.
    """

    def __init__(self, *, zone, this_year: int, language: str):
        self.zone = zone
        self.this_year = this_year
        self.drop_year = language.startswith(YEAR_DROPPED_IN_CURRENT_YEAR)
        self.formats: dict[str, Callable[[date], str]] = {}

    @classmethod
    def now(cls) -> "MomentFormat":
        return cls(
            zone=timezone.get_current_timezone(),
            this_year=timezone.localdate().year,
            language=get_language() or "",
        )

    def _format(self, name: str) -> Callable[[date], str]:
        if name not in self.formats:
            self.formats[name] = compiled(formats.get_format(name))
        return self.formats[name]

    def format(self, value: date | datetime | None, *, date_only: bool = False) -> str:
        if value is None or value == "":
            return ""
        has_time = isinstance(value, datetime)
        if has_time and timezone.is_aware(value):
            value = value.astimezone(self.zone)
        has_time = has_time and not date_only
        if self.drop_year and value.year == self.this_year:
            text = self._format("MONTH_DAY_FORMAT")(value)
            if has_time:
                return f"{text} {self._format('TIME_FORMAT')(value)}"
            return text
        name = "DATETIME_FORMAT" if has_time else "DATE_FORMAT"
        return self._format(name)(value)


# What the house formats (config/formats) are made of, written straight from
# the value: `dateformat.format` sets up a formatter on every call, and a
# list page formats fifty dates. A format with any other part is left to it.
PARTS: dict[str, Callable[[date], str]] = {
    "Y": lambda value: f"{value.year:04d}",
    "n": lambda value: str(value.month),
    "M": lambda value: str(MONTHS_3[value.month]).title(),
    "j": lambda value: str(value.day),
    "H": lambda value: f"{value.hour:02d}",
    "i": lambda value: f"{value.minute:02d}",
}


@functools.cache
def compiled(format_string: str) -> Callable[[date], str]:
    """A function writing a value as `dateformat.format(value, format_string)`."""
    pieces: list[str | Callable[[date], str]] = []
    for index, piece in enumerate(dateformat.re_formatchars.split(format_string)):
        if index % 2:
            if piece not in PARTS:
                return lambda value: dateformat.format(value, format_string)
            pieces.append(PARTS[piece])
        elif piece:
            pieces.append(dateformat.re_escaped.sub(r"\1", piece))
    return lambda value: "".join(
        piece if isinstance(piece, str) else piece(value) for piece in pieces
    )


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
