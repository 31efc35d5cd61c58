"""Sales behaviour: how often reps follow up and how fresh their deals are."""

from collections.abc import Iterable
from datetime import date, timedelta


def share(part: int, whole: int) -> float | None:
    """`part` as a share of `whole`; None when there is nothing to share."""
    return part / whole if whole else None


def per_deal(follow_ups: int, open_deals: int) -> float | None:
    """Follow-ups in the period per deal open now."""
    return follow_ups / open_deals if open_deals else None


def week_starts(start: date, end: date) -> list[date]:
    """The Monday of every week from `start` to `end`."""
    monday = start - timedelta(days=start.weekday())
    weeks = []
    while monday <= end:
        weeks.append(monday)
        monday += timedelta(days=7)
    return weeks


def grid(
    rows: Iterable[tuple[object, object, int]], xs: list, ys: list
) -> list[list[int]]:
    """(x, y, count) rows as a len(ys) × len(xs) matrix, zero where absent."""
    x_index = {x: i for i, x in enumerate(xs)}
    y_index = {y: i for i, y in enumerate(ys)}
    matrix = [[0] * len(xs) for _ in ys]
    for x, y, count in rows:
        if x in x_index and y in y_index:
            matrix[y_index[y]][x_index[x]] += count
    return matrix
