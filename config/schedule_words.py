"""A periodic job's schedule in words, in the reader's language.

django-celery-beat words a crontab through cron-descriptor, whose Chinese
reads "在 08:00, 仅在 Monday" and which knows nothing of intervals. These
small functions cover the schedules the product uses ("Every day at 08:00",
"每周一 07:00", "Every 5 minutes") and give the raw crontab otherwise. They
read nothing but their arguments and the active language.
"""

import re

from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

# Celery counts weekdays from Sunday = 0; 7 is Sunday too.
WEEKDAYS = [
    pgettext_lazy("weekday", "Sunday"),
    pgettext_lazy("weekday", "Monday"),
    pgettext_lazy("weekday", "Tuesday"),
    pgettext_lazy("weekday", "Wednesday"),
    pgettext_lazy("weekday", "Thursday"),
    pgettext_lazy("weekday", "Friday"),
    pgettext_lazy("weekday", "Saturday"),
]
_NUMBER = re.compile(r"\d{1,2}")
_EVERY_N = re.compile(r"\*/(\d{1,2})")
_RANGE = re.compile(r"(\d)-(\d)")


def crontab_words(
    minute: str,
    hour: str,
    day_of_week: str = "*",
    day_of_month: str = "*",
    month_of_year: str = "*",
) -> str:
    """A crontab (celery's fields) in words; the expression itself if unusual."""
    minute, hour = minute.strip(), hour.strip()
    day_of_week, day_of_month = day_of_week.strip(), day_of_month.strip()
    month_of_year = month_of_year.strip()
    expression = " ".join([minute, hour, day_of_month, month_of_year, day_of_week])
    words = None
    if month_of_year == "*" and day_of_month == "*" and day_of_week == "*":
        words = _daily_or_more(minute, hour)
    elif month_of_year == "*" and _time(minute, hour):
        time = _time(minute, hour)
        if day_of_month == "*":
            days = _weekdays(day_of_week)
            if days:
                words = _("Every %(days)s at %(time)s") % {"days": days, "time": time}
        elif day_of_week == "*" and _day_of_month(day_of_month):
            words = _("On day %(day)s of every month at %(time)s") % {
                "day": int(day_of_month),
                "time": time,
            }
    return words or _("Crontab “%(expression)s”") % {"expression": expression}


def interval_words(every: int, period: str) -> str:
    """An interval schedule (django-celery-beat's periods) in words."""
    once = {
        "days": _("Every day"),
        "hours": _("Every hour"),
        "minutes": _("Every minute"),
        "seconds": _("Every second"),
    }
    many = {
        "days": _("Every %(n)s days"),
        "hours": _("Every %(n)s hours"),
        "minutes": _("Every %(n)s minutes"),
        "seconds": _("Every %(n)s seconds"),
    }
    if period not in once:
        return f"{every} {period}"
    return once[period] if every == 1 else many[period] % {"n": every}


def _time(minute: str, hour: str) -> str | None:
    if not (_NUMBER.fullmatch(minute) and _NUMBER.fullmatch(hour)):
        return None
    if int(minute) > 59 or int(hour) > 23:
        return None
    return f"{int(hour):02d}:{int(minute):02d}"


def _daily_or_more(minute: str, hour: str) -> str | None:
    if time := _time(minute, hour):
        return _("Every day at %(time)s") % {"time": time}
    if hour != "*":
        return None
    if minute == "*":
        return _("Every minute")
    if every := _EVERY_N.fullmatch(minute):
        n = int(every.group(1))
        return _("Every minute") if n == 1 else _("Every %(n)s minutes") % {"n": n}
    if _NUMBER.fullmatch(minute) and int(minute) <= 59:
        if int(minute) == 0:
            return _("Every hour")
        return _("Every hour at minute %(minute)s") % {"minute": int(minute)}
    return None


def _weekdays(day_of_week: str) -> str | None:
    """ "1" → Monday; "1,4" → Monday, Thursday; "1-5" → Monday to Friday."""
    if span := _RANGE.fullmatch(day_of_week):
        first, last = (int(n) % 7 for n in span.groups())
        if first >= last:
            return None
        return _("%(first)s to %(last)s") % {
            "first": WEEKDAYS[first],
            "last": WEEKDAYS[last],
        }
    days = day_of_week.split(",")
    if not all(_NUMBER.fullmatch(d) and int(d) <= 7 for d in days):
        return None
    # Sunday (0 or 7) last, as a week is read.
    numbers = sorted({int(d) % 7 for d in days}, key=lambda n: (n == 0, n))
    return pgettext("list of weekdays", ", ").join(str(WEEKDAYS[n]) for n in numbers)


def _day_of_month(day: str) -> bool:
    return bool(_NUMBER.fullmatch(day)) and 1 <= int(day) <= 31
