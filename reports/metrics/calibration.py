"""Calibration: each stage's configured percentage against what really happened.

A closed deal counts at every stage it reached (entered it or a later one, or
was won); the observed rate at a stage is won ÷ closed among those deals.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reports.metrics.coaching import OutcomeRow, stage_rates
from reports.metrics.funnel import StageInfo

Z95 = 1.959964
# A percentage is suggested only from this many closed deals at the stage.
MIN_CLOSED = 10


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval of a proportion (95 % by default)."""
    if n == 0:
        return None
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    # At 0 or n successes the bound is exactly 0 or 1; floats would miss it.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return low, high


@dataclass(frozen=True)
class CalibrationRow:
    stage_id: int
    percentage: int
    closed: int
    won: int
    observed: float | None
    interval: tuple[float, float] | None
    suggested: int | None

    @property
    def within(self) -> bool | None:
        """Whether the configured percentage lies inside the interval."""
        if self.interval is None:
            return None
        low, high = self.interval
        return low <= self.percentage / 100 <= high


def calibration(
    stages: Sequence[tuple[StageInfo, int]],
    rows: Iterable[OutcomeRow],
    *,
    min_closed: int = MIN_CLOSED,
) -> list[CalibrationRow]:
    """(stage, configured percentage) in, one row per open stage out."""
    percentage = {info.id: pct for info, pct in stages}
    result = []
    for rates in stage_rates([info for info, _pct in stages], rows):
        closed = rates.won + rates.lost
        observed = rates.win_rate
        result.append(
            CalibrationRow(
                stage_id=rates.stage_id,
                percentage=percentage[rates.stage_id],
                closed=closed,
                won=rates.won,
                observed=observed,
                interval=wilson(rates.won, closed),
                suggested=(
                    round(observed * 100)
                    if observed is not None and closed >= min_closed
                    else None
                ),
            )
        )
    return result
