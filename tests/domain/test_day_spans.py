"""Cutting a range of days into calendar blocks: exact, and few."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from reports.metrics.day_spans import Block, Span, blocks, week_blocks


def days_of(found: list[Block]) -> list[date]:
    return [
        block.first + timedelta(days=i)
        for block in found
        for i in range((block.last - block.first).days + 1)
    ]


def every_day(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


@given(
    st.dates(date(2020, 1, 1), date(2030, 12, 31)),
    st.integers(min_value=0, max_value=800),
)
def test_blocks_cover_every_day_of_the_range_once(start, length):
    end = start + timedelta(days=length)
    found = blocks(start, end)
    assert days_of(found) == every_day(start, end)
    # Never more than the days up to a week boundary and a month boundary
    # at each end, whole weeks between those, months and years.
    assert sum(b.span == Span.DAY for b in found) <= 24


def test_the_presets_are_one_block_each_or_whole_months():
    assert blocks(date(2026, 1, 1), date(2026, 12, 31)) == [
        Block(Span.YEAR, date(2026, 1, 1))
    ]
    assert blocks(date(2026, 10, 1), date(2026, 12, 31)) == [
        Block(Span.MONTH, date(2026, 10, 1)),
        Block(Span.MONTH, date(2026, 11, 1)),
        Block(Span.MONTH, date(2026, 12, 1)),
    ]


def test_a_custom_range_uses_weeks_then_gives_way_to_a_whole_month():
    # Thursday 15 January to Friday 20 March 2026.
    found = blocks(date(2026, 1, 15), date(2026, 3, 20))
    assert found[:4] == [
        Block(Span.DAY, date(2026, 1, 15)),
        Block(Span.DAY, date(2026, 1, 16)),
        Block(Span.DAY, date(2026, 1, 17)),
        Block(Span.DAY, date(2026, 1, 18)),
    ]
    # Monday 26 January's week would swallow 1 February: days instead.
    assert Block(Span.WEEK, date(2026, 1, 19)) in found
    assert Block(Span.WEEK, date(2026, 1, 26)) not in found
    assert Block(Span.MONTH, date(2026, 2, 1)) in found
    assert Block(Span.WEEK, date(2026, 3, 2)) in found
    assert found[-1] == Block(Span.DAY, date(2026, 3, 20))


def test_a_week_of_the_chart_is_whole_inside_the_range_or_its_days():
    monday = date(2026, 11, 30)
    assert week_blocks(monday, date(2026, 11, 1), date(2026, 12, 31)) == [
        Block(Span.WEEK, monday)
    ]
    assert week_blocks(monday, date(2026, 12, 1), date(2026, 12, 31)) == [
        Block(Span.DAY, date(2026, 12, 1) + timedelta(days=i)) for i in range(6)
    ]
