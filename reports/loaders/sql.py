"""Turning what the database returns into the values the loaders work with."""

from datetime import date, datetime

from django.utils import timezone


def as_day(value: date | datetime) -> date:
    """A truncated date or datetime (TruncWeek, TruncMonth) as a local date."""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.date()
    return value


def as_month(value: date | datetime) -> date:
    """A TruncMonth result as the month's first day, in local time."""
    return as_day(value).replace(day=1)
