from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from opportunities.next_contact import quick_choices

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_choices_on_a_friday_afternoon():
    now = datetime(2026, 12, 4, 14, 37, 12, tzinfo=SHANGHAI)  # a Friday
    choices = quick_choices(now)
    assert choices["in_two_hours"] == datetime(2026, 12, 4, 16, 37, tzinfo=SHANGHAI)
    assert choices["tomorrow"] == datetime(2026, 12, 5, 9, 0, tzinfo=SHANGHAI)
    assert choices["next_monday"] == datetime(2026, 12, 7, 9, 0, tzinfo=SHANGHAI)


def test_on_a_monday_next_monday_is_a_week_later():
    now = datetime(2026, 12, 7, 8, 0, tzinfo=SHANGHAI)
    assert quick_choices(now)["next_monday"] == datetime(
        2026, 12, 14, 9, 0, tzinfo=SHANGHAI
    )


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)))
def test_every_choice_is_later_than_now_and_a_monday_is_a_monday(naive):
    now = naive.replace(tzinfo=SHANGHAI)
    choices = quick_choices(now)
    assert all(when > now for when in choices.values())
    assert choices["next_monday"].weekday() == 0
    assert timedelta(0) < choices["next_monday"] - now <= timedelta(days=7, hours=9)
    assert choices["tomorrow"].date() == now.date() + timedelta(days=1)
