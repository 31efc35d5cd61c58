"""Report periods: the named presets and the months a period covers."""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class Preset(StrEnum):
    THIS_MONTH = "this_month"
    LAST_MONTH = "last_month"
    THIS_QUARTER = "this_quarter"
    THIS_YEAR = "this_year"
    CUSTOM = "custom"


@dataclass(frozen=True)
class Period:
    """Whole days from `start` to `end`, both included."""

    start: date
    end: date

    def months(self) -> list[date]:
        """The first day of every month the period touches, in order."""
        first = month_start(self.start)
        months = []
        while first <= self.end:
            months.append(first)
            first = add_months(first, 1)
        return months


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(first: date, count: int) -> date:
    """The first day of the month `count` months after `first`'s month."""
    index = first.year * 12 + first.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def month_end(day: date) -> date:
    return add_months(month_start(day), 1) - timedelta(days=1)


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def resolve(
    preset: str, today: date, start: date | None = None, end: date | None = None
) -> Period:
    """The days a preset means on `today`; a custom range keeps its own days."""
    if preset == Preset.LAST_MONTH:
        first = add_months(month_start(today), -1)
        return Period(first, month_end(first))
    if preset == Preset.THIS_QUARTER:
        first = quarter_start(today)
        return Period(first, add_months(first, 3) - timedelta(days=1))
    if preset == Preset.THIS_YEAR:
        return Period(date(today.year, 1, 1), date(today.year, 12, 31))
    if preset == Preset.CUSTOM and start and end:
        return Period(min(start, end), max(start, end))
    return Period(month_start(today), month_end(today))
