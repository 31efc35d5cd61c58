"""Contract numbers from a configurable pattern such as ``HT-{year}-{seq:04d}``.

Pure: no Django. The pattern may use ``{year}``, ``{month}`` and must use
``{seq}`` (with an optional format such as ``:04d``). The counter runs per
*series*: the pattern with everything but ``{seq}`` filled in, so a pattern with
``{year}`` starts again at 1 every year, one with ``{month}`` every month.
"""

from __future__ import annotations

from datetime import date
from string import Formatter

FIELDS = {"year", "month", "seq"}


class _Month(int):
    """A month that prints with two digits unless the pattern says otherwise."""

    def __format__(self, spec: str) -> str:
        return format(int(self), spec or "02d")


def _dated_fields(on: date) -> dict[str, int]:
    return {"year": on.year, "month": _Month(on.month)}


class PatternError(ValueError):
    pass


def validate(pattern: str) -> None:
    """Raise PatternError unless `pattern` renders a number."""
    try:
        names = [field for _text, field, _spec, _conv in Formatter().parse(pattern)]
    except ValueError as error:
        raise PatternError(str(error)) from error
    used = {name for name in names if name is not None}
    if "seq" not in used:
        raise PatternError("the pattern needs a {seq} field")
    unknown = used - FIELDS
    if unknown:
        raise PatternError(f"unknown fields: {', '.join(sorted(unknown))}")
    render(pattern, on=date(2000, 1, 1), seq=1)


def render(pattern: str, *, on: date, seq: int) -> str:
    """The number for sequence value `seq` of the series current on `on`."""
    try:
        return pattern.format(**_dated_fields(on), seq=seq)
    except (ValueError, KeyError, IndexError) as error:
        raise PatternError(str(error)) from error


def series(pattern: str, *, on: date) -> str:
    """The key of the counter that numbers contracts made on `on`."""
    parts = []
    fields = _dated_fields(on)
    for text, field, spec, _conversion in Formatter().parse(pattern):
        parts.append(text)
        if field is None or field == "seq":
            if field == "seq":
                parts.append("#")
            continue
        parts.append(format(fields[field], spec or ""))
    return "".join(parts)
