"""The funnel over a period: how far deals got, conversion, days in stage.

A deal *reached* a stage when it entered that stage or any later one, or was
won; so a deal that jumped from stage 1 to stage 3 counts as having reached
stage 2 as well, and conversion never exceeds 100 %.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class StageInfo:
    id: int
    order: int


@dataclass(frozen=True)
class FurthestRow:
    """How many deals got no further than the stage of this `order`."""

    order: int
    deals: int
    amount: Decimal


@dataclass(frozen=True)
class DaysRow:
    """`count` stays in stage `stage_id` that lasted `days` whole days."""

    stage_id: int
    days: int
    count: int


@dataclass(frozen=True)
class FlowStep:
    stage_id: int
    reached: int
    amount: Decimal
    # Share of the deals that reached this stage which reached the next one;
    # None for the last stage or when nobody reached this one.
    conversion: float | None
    median_days: float | None


def reached_counts(
    stages: Sequence[StageInfo], furthest: Iterable[FurthestRow]
) -> dict[int, tuple[int, Decimal]]:
    """Stage id → (deals that reached it, their amount), from furthest-stage counts."""
    rows = list(furthest)
    result = {}
    for stage in stages:
        deals = [row for row in rows if row.order >= stage.order]
        result[stage.id] = (
            sum(row.deals for row in deals),
            sum((row.amount for row in deals), Decimal(0)),
        )
    return result


def conversion(reached: int, reached_next: int) -> float | None:
    """Share of deals reaching a stage that reached the next one."""
    if reached == 0:
        return None
    return reached_next / reached


def median_from_histogram(pairs: Iterable[tuple[int, int]]) -> float | None:
    """The median of values given as (value, how many times) pairs."""
    ordered = sorted((value, count) for value, count in pairs if count > 0)
    total = sum(count for _value, count in ordered)
    if total == 0:
        return None
    low_rank, high_rank = (total - 1) // 2, total // 2
    low = high = None
    seen = 0
    for value, count in ordered:
        if low is None and low_rank < seen + count:
            low = value
        if high_rank < seen + count:
            high = value
            break
        seen += count
    return (low + high) / 2


def flow(
    stages: Sequence[StageInfo],
    furthest: Iterable[FurthestRow],
    days: Iterable[DaysRow] = (),
    won: int | None = None,
) -> list[FlowStep]:
    """Each open stage in order: reached, conversion to the next, median days.

    With `won` (how many of the deals were won), the last stage's conversion
    is to a win.
    """
    ordered = sorted(stages, key=lambda s: s.order)
    reached = reached_counts(ordered, furthest)
    by_stage: dict[int, list[tuple[int, int]]] = {}
    for row in days:
        by_stage.setdefault(row.stage_id, []).append((row.days, row.count))
    steps = []
    for index, stage in enumerate(ordered):
        count, amount = reached[stage.id]
        following = ordered[index + 1] if index + 1 < len(ordered) else None
        steps.append(
            FlowStep(
                stage_id=stage.id,
                reached=count,
                amount=amount,
                conversion=(
                    conversion(count, reached[following.id][0])
                    if following
                    else (conversion(count, won) if won is not None else None)
                ),
                median_days=median_from_histogram(by_stage.get(stage.id, [])),
            )
        )
    return steps


def win_rate(won: int, lost: int) -> float | None:
    """Won deals as a share of closed deals."""
    closed = won + lost
    return won / closed if closed else None
