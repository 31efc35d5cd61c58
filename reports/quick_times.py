"""The quick choices for a next contact: in 2 hours, tomorrow 09:00, next
Monday 09:00. Pure: local wall-clock times in, local times out."""

from datetime import datetime, timedelta

QUICK_CHOICES = ("in_2_hours", "tomorrow_0900", "next_monday_0900")
MORNING = 9


def quick_time(choice: str, now: datetime) -> datetime:
    """The next contact `choice` means at local `now` (minutes rounded up to 5)."""
    if choice == "in_2_hours":
        later = now.replace(second=0, microsecond=0) + timedelta(hours=2)
        return later + timedelta(minutes=-later.minute % 5)
    morning = now.replace(hour=MORNING, minute=0, second=0, microsecond=0)
    if choice == "tomorrow_0900":
        return morning + timedelta(days=1)
    if choice == "next_monday_0900":
        return morning + timedelta(days=7 - now.weekday())
    raise ValueError(choice)
