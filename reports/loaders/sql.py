"""SQL pieces the loaders share that Django does not offer portably."""

from datetime import date, datetime

from django.db.models import Func, IntegerField
from django.utils import timezone


class DaysBetween(Func):
    """Whole days from the second datetime to the first (PostgreSQL and SQLite)."""

    arity = 2
    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            template="FLOOR(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400)",
            arg_joiner=" - ",
            **extra,
        )

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )


def as_day(value: date | datetime) -> date:
    """A truncated date or datetime (TruncWeek, TruncMonth) as a local date."""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.date()
    return value


def as_month(value: date | datetime) -> date:
    """A TruncMonth result as the month's first day, in local time."""
    return as_day(value).replace(day=1)
