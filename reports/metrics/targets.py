"""Performance against targets: attainment, running totals and rankings."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal


def attainment(achieved: Decimal, target: Decimal | None) -> float | None:
    """Achieved as a share of target; None when no positive target is set."""
    if not target:
        return None
    return float(achieved / target)


def running_totals(values: Iterable[Decimal | None]) -> list[Decimal]:
    """Cumulative sums, a missing value counting as zero."""
    total = Decimal(0)
    result = []
    for value in values:
        total += value or Decimal(0)
        result.append(total)
    return result


@dataclass(frozen=True)
class Ranked:
    key: object
    group: object
    value: Decimal
    rank: int


def rank_within(rows: Sequence[tuple[object, object, Decimal]]) -> list[Ranked]:
    """(key, group, value) → the rank of each key inside its group, 1 = highest.

    Equal values share a rank and the next rank skips (1, 1, 3), as in sport.
    """
    result = []
    groups: dict[object, list[Decimal]] = {}
    for _key, group, value in rows:
        groups.setdefault(group, []).append(value)
    for key, group, value in rows:
        better = sum(1 for other in groups[group] if other > value)
        result.append(Ranked(key, group, value, better + 1))
    return result
