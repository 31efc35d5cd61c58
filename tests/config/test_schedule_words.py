"""Schedules in words, in both languages (config/schedule_words.py)."""

import pytest
from django.utils import translation

from config.schedule_words import crontab_words, interval_words


@pytest.mark.parametrize(
    ("fields", "en", "zh"),
    [
        (("0", "8"), "Every day at 08:00", "每天 08:00"),
        (("30", "2"), "Every day at 02:30", "每天 02:30"),
        (("0", "7", "1"), "Every Monday at 07:00", "每周一 07:00"),
        (("5", "18", "4,1"), "Every Monday, Thursday at 18:05", "每周一、周四 18:05"),
        (("0", "9", "0,6"), "Every Saturday, Sunday at 09:00", "每周六、周日 09:00"),
        (("0", "9", "7"), "Every Sunday at 09:00", "每周日 09:00"),
        (("0", "9", "1-5"), "Every Monday to Friday at 09:00", "每周一至周五 09:00"),
        (("30", "0", "*", "1"), "On day 1 of every month at 00:30", "每月 1 日 00:30"),
        (("0", "*"), "Every hour", "每小时"),
        (("15", "*"), "Every hour at minute 15", "每小时第 15 分钟"),
        (("*/5", "*"), "Every 5 minutes", "每 5 分钟"),
        (("*", "*"), "Every minute", "每分钟"),
    ],
)
def test_usual_crontabs_read_as_words(fields, en, zh):
    with translation.override("en"):
        assert crontab_words(*fields) == en
    with translation.override("zh-hans"):
        assert crontab_words(*fields) == zh


@pytest.mark.parametrize(
    ("fields", "expression"),
    [
        (("0", "8-18", "1-5"), "0 8-18 * * 1-5"),  # several hours
        (("0", "8", "*", "1", "6"), "0 8 1 6 *"),  # one month of the year
        (("0", "8", "1", "15"), "0 8 15 * 1"),  # a weekday and a day of the month
        (("0", "8", "5-1"), "0 8 * * 5-1"),  # a range that wraps round the week
        (("0", "25"), "0 25 * * *"),  # no such hour
        (("0", "8", "*", "32"), "0 8 32 * *"),  # no such day
        (("0", "8", "mon"), "0 8 * * mon"),
    ],
)
def test_other_crontabs_are_shown_as_they_are(fields, expression):
    """In cron's own order: minute, hour, day of month, month, weekday."""
    with translation.override("en"):
        assert crontab_words(*fields) == f"Crontab “{expression}”"
    with translation.override("zh-hans"):
        assert crontab_words(*fields) == f"Crontab 表达式“{expression}”"


@pytest.mark.parametrize(
    ("every", "period", "en", "zh"),
    [
        (5, "minutes", "Every 5 minutes", "每 5 分钟"),
        (15, "minutes", "Every 15 minutes", "每 15 分钟"),
        (1, "minutes", "Every minute", "每分钟"),
        (1, "hours", "Every hour", "每小时"),
        (6, "hours", "Every 6 hours", "每 6 小时"),
        (1, "days", "Every day", "每天"),
        (2, "days", "Every 2 days", "每 2 天"),
        (30, "seconds", "Every 30 seconds", "每 30 秒"),
    ],
)
def test_intervals_read_as_words(every, period, en, zh):
    with translation.override("en"):
        assert interval_words(every, period) == en
    with translation.override("zh-hans"):
        assert interval_words(every, period) == zh
