"""Dates and relative times read the same way on every page."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import dateformat, formats, timezone, translation

from users.moments import compiled, format_moment, format_relative

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def this_year() -> int:
    return timezone.localdate().year


def test_english_always_writes_the_year(this_year):
    moment = datetime(this_year, 12, 4, 14, 30, tzinfo=SHANGHAI)
    with translation.override("en"):
        assert format_moment(moment) == f"4 Dec {this_year}, 14:30"
        assert format_moment(moment.date()) == f"4 Dec {this_year}"
        assert format_moment(moment, date_only=True) == f"4 Dec {this_year}"


def test_chinese_drops_the_current_year_only(this_year):
    with translation.override("zh-hans"):
        assert (
            format_moment(datetime(this_year, 12, 4, 14, 30, tzinfo=SHANGHAI))
            == "12月4日 14:30"
        )
        assert (
            format_moment(datetime(this_year - 1, 12, 4, 14, 30, tzinfo=SHANGHAI))
            == f"{this_year - 1}年12月4日 14:30"
        )
        assert format_moment(date(this_year + 1, 1, 7)) == f"{this_year + 1}年1月7日"


def test_moments_read_in_the_site_time_zone():
    utc = datetime(2020, 3, 2, 1, 30, tzinfo=ZoneInfo("UTC"))
    with translation.override("en"):
        assert format_moment(utc) == "2 Mar 2020, 09:30"


def test_nothing_reads_as_empty():
    assert format_moment(None) == "" and format_relative(None) == ""


@pytest.mark.parametrize(
    ("delta", "english", "chinese"),
    [
        (timedelta(seconds=-20), "just now", "刚刚"),
        (timedelta(minutes=-5), "5 minutes ago", "5分钟前"),
        (timedelta(hours=-1, minutes=-10), "1 hour ago", "1小时前"),
        (timedelta(days=-2, hours=-3), "2 days ago", "2天前"),
        (timedelta(hours=3, minutes=1), "in 3 hours", "3小时后"),
        (timedelta(days=1, seconds=5), "in 1 day", "1天后"),
    ],
)
def test_relative_times_read_naturally(delta, english, chinese):
    now = datetime(2026, 12, 4, 12, 0, tzinfo=SHANGHAI)
    with translation.override("en"):
        assert format_relative(now + delta, now=now) == english
    with translation.override("zh-hans"):
        assert format_relative(now + delta, now=now) == chinese


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(
    "name", ["DATE_FORMAT", "DATETIME_FORMAT", "MONTH_DAY_FORMAT", "TIME_FORMAT"]
)
def test_the_house_formats_write_what_django_writes(language, name):
    """`compiled` writes each house format without `dateformat`, the same text."""
    moments = [
        datetime(year, month, day, hour, minute)
        for year, month, day, hour, minute in [
            (2026, 1, 1, 0, 0),
            (2026, 5, 9, 7, 5),
            (2025, 9, 30, 12, 59),
            (2024, 12, 31, 23, 9),
            (999, 2, 28, 1, 1),
        ]
    ]
    with translation.override(language):
        format_string = formats.get_format(name)
        write = compiled(format_string)
        assert write is not compiled("a " + format_string)  # another format
        for moment in moments:
            assert write(moment) == dateformat.format(moment, format_string)


def test_escaped_letters_and_other_parts_write_what_django_writes():
    moment = datetime(2026, 3, 4, 15, 7)
    for format_string in ["D, d F Y", r"\Y\e\s: Y-m-d", "g:i A", r"\Y\e\a\r Y, j n"]:
        assert compiled(format_string)(moment) == dateformat.format(
            moment, format_string
        )
