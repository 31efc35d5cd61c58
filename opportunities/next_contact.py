"""Quick choices for planning the next contact: in 2 hours, tomorrow 09:00, next
Monday 09:00. Pure: works on the local wall-clock time it is given."""

from datetime import datetime, time, timedelta

MORNING = time(9, 0)


def in_two_hours(now: datetime) -> datetime:
    return now.replace(second=0, microsecond=0) + timedelta(hours=2)


def tomorrow_morning(now: datetime) -> datetime:
    return datetime.combine(now.date() + timedelta(days=1), MORNING, now.tzinfo)


def next_monday_morning(now: datetime) -> datetime:
    """The coming Monday at 09:00; on a Monday, the one a week later."""
    days = 7 - now.weekday()
    return datetime.combine(now.date() + timedelta(days=days), MORNING, now.tzinfo)


def quick_choices(now: datetime) -> dict[str, datetime]:
    """Each quick choice by its key, for a follow-up logged at `now`."""
    return {
        "in_two_hours": in_two_hours(now),
        "tomorrow": tomorrow_morning(now),
        "next_monday": next_monday_morning(now),
    }
