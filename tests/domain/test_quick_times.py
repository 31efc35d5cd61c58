"""The quick choices for a next contact (pure)."""

from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reports.quick_times import QUICK_CHOICES, quick_time

moments = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31))


def test_examples_on_a_wednesday_afternoon():
    now = datetime(2026, 6, 17, 15, 7, 30)
    assert quick_time("in_2_hours", now) == datetime(2026, 6, 17, 17, 10)
    assert quick_time("tomorrow_0900", now) == datetime(2026, 6, 18, 9, 0)
    assert quick_time("next_monday_0900", now) == datetime(2026, 6, 22, 9, 0)


def test_next_monday_from_a_monday_is_a_week_later():
    assert quick_time("next_monday_0900", datetime(2026, 6, 15, 8, 0)) == (
        datetime(2026, 6, 22, 9, 0)
    )


@given(moments, st.sampled_from(QUICK_CHOICES))
def test_every_choice_lies_ahead_within_a_week(now, choice):
    when = quick_time(choice, now)
    assert now < when <= now + timedelta(days=8)
    assert when.minute % 5 == 0 and when.second == 0


@given(moments)
def test_next_monday_is_a_monday_morning(now):
    when = quick_time("next_monday_0900", now)
    assert when.weekday() == 0 and (when.hour, when.minute) == (9, 0)


def test_unknown_choice_is_refused():
    with pytest.raises(ValueError):
        quick_time("someday", datetime(2026, 6, 17))
