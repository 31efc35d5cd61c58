"""A range of whole days cut into as few calendar blocks as possible.

Counts kept per day, week (Monday to Sunday), month and year answer any range
exactly when the range is cut into blocks that each lie wholly inside it:
whole years first, then whole months, then whole weeks, then single days.
A week that would swallow the first day of a month lying wholly in the range
gives way to days, so that month is read as one block.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from reports.metrics.periods import add_months, month_end


class Span(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True, order=True)
class Block:
    span: Span
    first: date

    @property
    def last(self) -> date:
        return block_last(self.span, self.first)


def block_last(span: Span, first: date) -> date:
    if span == Span.YEAR:
        return date(first.year, 12, 31)
    if span == Span.MONTH:
        return month_end(first)
    if span == Span.WEEK:
        return first + timedelta(days=6)
    return first


def blocks(start: date, end: date) -> list[Block]:
    """Calendar blocks that cover every day from `start` to `end` exactly once."""
    found = []
    day = start
    while day <= end:
        block = _largest_at(day, end)
        found.append(block)
        day = block.last + timedelta(days=1)
    return found


def _largest_at(day: date, end: date) -> Block:
    if day.month == 1 and day.day == 1 and date(day.year, 12, 31) <= end:
        return Block(Span.YEAR, day)
    if day.day == 1 and month_end(day) <= end:
        return Block(Span.MONTH, day)
    sunday = day + timedelta(days=6)
    if day.weekday() == 0 and sunday <= end:
        next_month = add_months(day.replace(day=1), 1)
        whole_month_inside = next_month <= sunday and month_end(next_month) <= end
        if not whole_month_inside:
            return Block(Span.WEEK, day)
    return Block(Span.DAY, day)


def week_blocks(monday: date, start: date, end: date) -> list[Block]:
    """The week of `monday` within `start`..`end`: the whole week, or its days."""
    sunday = monday + timedelta(days=6)
    if start <= monday and sunday <= end:
        return [Block(Span.WEEK, monday)]
    first, last = max(start, monday), min(end, sunday)
    return [
        Block(Span.DAY, first + timedelta(days=i))
        for i in range((last - first).days + 1)
    ]
