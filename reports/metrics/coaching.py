"""A salesperson against the rest of their team: rates, velocity, weakest stage.

Every figure follows the deals created in the period (one cohort), the same
deals the funnel report follows. A deal *reached* a stage when it entered it
or any later one, or was won (see `reports.metrics.funnel`).
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from reports.metrics.funnel import StageInfo

# Below this many deals reaching a stage, no weakness is claimed there.
MIN_REACHED = 10
# The test is one-sided: only a rep *below* the team is a weakness.
ALPHA = 0.05
CENT = Decimal("0.01")


@dataclass(frozen=True)
class OutcomeRow:
    """`deals` of one person whose furthest stage has this `order`, by status."""

    order: int
    status: str  # "open", "won" or "lost"
    deals: int
    amount: Decimal = Decimal(0)
    cycle_days: int = 0  # sum of creation-to-win days (won rows only)


@dataclass(frozen=True)
class StageRates:
    stage_id: int
    reached: int
    # Of those, how many reached the next stage (or were won, after the last).
    advanced: int
    won: int
    lost: int

    @property
    def conversion(self) -> float | None:
        return self.advanced / self.reached if self.reached else None

    @property
    def win_rate(self) -> float | None:
        """Won among the closed deals that reached this stage."""
        closed = self.won + self.lost
        return self.won / closed if closed else None


def stage_rates(
    stages: Sequence[StageInfo], rows: Iterable[OutcomeRow]
) -> list[StageRates]:
    """Each open stage in order: reached, advanced to the next, won and lost."""
    ordered = sorted(stages, key=lambda s: s.order)
    rows = list(rows)

    def count(order: int, status: str | None = None) -> int:
        return sum(
            r.deals
            for r in rows
            if r.order >= order and (status is None or r.status == status)
        )

    result = []
    for index, stage in enumerate(ordered):
        following = ordered[index + 1] if index + 1 < len(ordered) else None
        won = count(stage.order, "won")
        result.append(
            StageRates(
                stage_id=stage.id,
                reached=count(stage.order),
                advanced=count(following.order) if following else won,
                won=won,
                lost=count(stage.order, "lost"),
            )
        )
    return result


@dataclass(frozen=True)
class Results:
    """Win rate, average won amount and cycle of one person's (or a team's) deals."""

    won: int
    lost: int
    won_amount: Decimal
    cycle_days: int

    @property
    def win_rate(self) -> float | None:
        closed = self.won + self.lost
        return self.won / closed if closed else None

    @property
    def average_won_amount(self) -> Decimal | None:
        if not self.won:
            return None
        return (self.won_amount / self.won).quantize(CENT, ROUND_HALF_UP)

    @property
    def average_cycle_days(self) -> float | None:
        return self.cycle_days / self.won if self.won else None


def results(rows: Iterable[OutcomeRow]) -> Results:
    rows = list(rows)
    return Results(
        won=sum(r.deals for r in rows if r.status == "won"),
        lost=sum(r.deals for r in rows if r.status == "lost"),
        won_amount=sum((r.amount for r in rows if r.status == "won"), Decimal(0)),
        cycle_days=sum(r.cycle_days for r in rows if r.status == "won"),
    )


def sales_velocity(
    open_qualified: int,
    average_won_amount: Decimal | None,
    win_rate: float | None,
    average_cycle_days: float | None,
) -> Decimal | None:
    """Money the funnel is expected to bring per day.

    Open qualified deals × average won amount × win rate ÷ average cycle days.
    """
    if average_won_amount is None or win_rate is None or not average_cycle_days:
        return None
    value = (
        Decimal(open_qualified)
        * average_won_amount
        * Decimal(str(win_rate))
        / Decimal(str(average_cycle_days))
    )
    return value.quantize(CENT, ROUND_HALF_UP)


def one_sided_p(rep_hits: int, rep_n: int, team_hits: int, team_n: int) -> float:
    """P-value of a two-proportion z-test that the rep's rate is below the team's.

    Pooled standard error; 1.0 when there is nothing to compare.
    """
    if not rep_n or not team_n:
        return 1.0
    pooled = (rep_hits + team_hits) / (rep_n + team_n)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / rep_n + 1 / team_n))
    if spread == 0:
        return 1.0
    z = (team_hits / team_n - rep_hits / rep_n) / spread
    return 0.5 * math.erfc(z / math.sqrt(2))


@dataclass(frozen=True)
class Weakness:
    stage_id: int
    reached: int
    rep_conversion: float
    team_conversion: float
    team_win_rate_after: float
    expected_loss: Decimal
    p_value: float


def stage_gaps(
    rep: Sequence[StageRates],
    team: Sequence[StageRates],
    average_won_amount: Decimal,
) -> list[Weakness]:
    """Every transition where the rep converts less than the team, with its loss.

    Expected loss = deals that reached the stage × (team conversion − rep
    conversion) × the team's win rate from the next stage × average won amount.
    After the last open stage the next step is the win itself (rate 1).
    """
    gaps = []
    for index, (mine, theirs) in enumerate(zip(rep, team, strict=True)):
        if mine.conversion is None or theirs.conversion is None:
            continue
        gap = theirs.conversion - mine.conversion
        if gap <= 0:
            continue
        after = team[index + 1].win_rate if index + 1 < len(team) else 1.0
        if after is None:
            continue
        loss = (
            Decimal(mine.reached)
            * Decimal(str(gap))
            * Decimal(str(after))
            * average_won_amount
        ).quantize(CENT, ROUND_HALF_UP)
        gaps.append(
            Weakness(
                stage_id=mine.stage_id,
                reached=mine.reached,
                rep_conversion=mine.conversion,
                team_conversion=theirs.conversion,
                team_win_rate_after=after,
                expected_loss=loss,
                p_value=one_sided_p(
                    mine.advanced, mine.reached, theirs.advanced, theirs.reached
                ),
            )
        )
    return gaps


def weakest_stage(
    rep: Sequence[StageRates],
    team: Sequence[StageRates],
    average_won_amount: Decimal | None,
    *,
    min_reached: int = MIN_REACHED,
    alpha: float = ALPHA,
) -> Weakness | None:
    """The significant gap with the largest expected loss, or None.

    A gap counts only when at least `min_reached` of the rep's deals reached
    the stage and a one-sided two-proportion z-test puts the rep below the
    team at level `alpha`.
    """
    if average_won_amount is None:
        return None
    candidates = [
        gap
        for gap in stage_gaps(rep, team, average_won_amount)
        if gap.reached >= min_reached and gap.p_value < alpha
    ]
    return max(candidates, key=lambda g: g.expected_loss, default=None)
