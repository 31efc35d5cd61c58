"""Calendar windows the receivable pages talk about (pure: no Django)."""

from datetime import date, timedelta


def week_bounds(today: date) -> tuple[date, date]:
    """Monday and Sunday of the week of `today`."""
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)


def month_bounds(today: date) -> tuple[date, date]:
    """First and last day of the month of `today`."""
    first = today.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)
