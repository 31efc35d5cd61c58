"""The dates a form or filter accepts, and the messages for those it does not.

Every date and date-time field of every form, admin form and list filter is
bounded to EARLIEST..LATEST (through `clean_forms`): a year-1 or year-9999
date is a typing slip, and would overflow when converted to UTC (a 500)
rather than be refused.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)

OUT_OF_RANGE = _("Enter a date between %(earliest)s and %(latest)s.")


def _out_of_range() -> forms.ValidationError:
    return forms.ValidationError(
        OUT_OF_RANGE,
        code="date_range",
        params={"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()},
    )


def _bounding(to_python):
    def to_python_bounded(value: Any) -> Any:
        try:
            parsed = to_python(value)
        except (OverflowError, ValueError) as exc:
            raise _out_of_range() from exc
        if parsed is None:
            return None
        day = parsed.date() if isinstance(parsed, datetime) else parsed
        if not EARLIEST <= day <= LATEST:
            raise _out_of_range()
        return parsed

    return to_python_bounded


def bound_date_fields(fields: dict[Any, forms.Field]) -> None:
    """Make every date and date-time field among `fields` refuse far dates.

    Range fields (a filter's from/until pair) are bounded through their parts.
    """
    for field in fields.values():
        if isinstance(field, forms.MultiValueField):
            bound_date_fields(dict(enumerate(field.fields)))
        if not isinstance(field, forms.DateField | forms.DateTimeField):
            continue
        if getattr(field, "_date_bounded", False):
            continue
        field.to_python = _bounding(field.to_python)
        field._date_bounded = True


def refuse_past_next_contact(moment: datetime | None) -> datetime | None:
    """A next contact a user sets is today or later."""
    if moment and timezone.localtime(moment).date() < timezone.localdate():
        raise forms.ValidationError(
            _("The next contact cannot be before today."), code="past"
        )
    return moment
