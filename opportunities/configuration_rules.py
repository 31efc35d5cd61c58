"""The rules an administrator's funnel configuration must keep (docs/PRODUCT.md §3, §4).

Pure functions over plain data, no Django: they return a list of `Problem`s
(a code and the values a message needs); `opportunities.admin_forms` turns them
into translated messages. An empty list means the configuration is sound.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from typing import Any

from opportunities.probability import competition_factor

MAX_OPEN_STAGES = 6
MIN_CRITERIA = 3
MAX_CRITERIA = 5
WON_PERCENTAGE = 100
LOST_PERCENTAGE = 0

OPEN, WON, LOST = "open", "won", "lost"
TERMINAL_PERCENTAGE = {WON: WON_PERCENTAGE, LOST: LOST_PERCENTAGE}


@dataclass(frozen=True)
class StageRow:
    """One stage as the rules see it."""

    name: str
    order: int
    percentage: int
    kind: str  # "open", "won" or "lost"


@dataclass(frozen=True)
class Problem:
    """One broken rule; equal problems compare equal, so lists can be diffed."""

    code: str
    params: tuple[tuple[str, Any], ...] = ()

    @property
    def values(self) -> dict[str, Any]:
        return dict(self.params)


def _problem(code: str, **params: Any) -> Problem:
    return Problem(code, tuple(sorted(params.items())))


def stage_set_problems(stages: Iterable[StageRow]) -> list[Problem]:
    """What is wrong with a whole set of stages (criteria aside)."""
    stages = sorted(stages, key=lambda s: (s.order, s.name))
    open_stages = [s for s in stages if s.kind == OPEN]
    problems: list[Problem] = []

    if not open_stages:
        problems.append(_problem("no_open_stage"))
    if len(open_stages) > MAX_OPEN_STAGES:
        problems.append(
            _problem("too_many_open", count=len(open_stages), max=MAX_OPEN_STAGES)
        )

    for stage in open_stages:
        if not 0 < stage.percentage < 100:
            problems.append(
                _problem(
                    "open_percentage_range",
                    name=stage.name,
                    percentage=stage.percentage,
                )
            )
    for previous, stage in pairwise(open_stages):
        if stage.percentage <= previous.percentage:
            problems.append(
                _problem(
                    "not_rising",
                    name=stage.name,
                    order=stage.order,
                    percentage=stage.percentage,
                    prev_name=previous.name,
                    prev_order=previous.order,
                    prev_percentage=previous.percentage,
                )
            )

    last_open = open_stages[-1] if open_stages else None
    for kind, percentage in TERMINAL_PERCENTAGE.items():
        terminal = [s for s in stages if s.kind == kind]
        if not terminal:
            problems.append(_problem(f"missing_{kind}"))
        if len(terminal) > 1:
            problems.append(
                _problem(f"duplicate_{kind}", names=tuple(s.name for s in terminal))
            )
        for stage in terminal:
            if stage.percentage != percentage:
                problems.append(
                    _problem(
                        f"{kind}_percentage",
                        name=stage.name,
                        percentage=stage.percentage,
                    )
                )
            if last_open is not None and stage.order <= last_open.order:
                problems.append(
                    _problem(
                        f"{kind}_not_last",
                        name=stage.name,
                        order=stage.order,
                        open_name=last_open.name,
                        open_order=last_open.order,
                    )
                )
    return problems


def criteria_problems(stage: StageRow, count: int) -> list[Problem]:
    """Whether a stage has a workable number of judgment criteria.

    Open stages need 3–5; Won and Lost need none (they are reached by closing
    the deal, not by ticking criteria).
    """
    if stage.kind != OPEN:
        return []
    if count < MIN_CRITERIA:
        return [_problem("too_few_criteria", name=stage.name, count=count)]
    if count > MAX_CRITERIA:
        return [_problem("too_many_criteria", name=stage.name, count=count)]
    return []


def competition_problems(table: Mapping[int, Decimal]) -> list[Problem]:
    """Factors must not rise with more competitors, the 1/(n+1) fallback included.

    Counts missing from the table use 1/(n+1), so the rule is checked for every
    count up to one past the largest row: that covers the gaps and the step
    from the table into the fallback (which falls from there on).
    """
    problems: list[Problem] = []
    for count, factor in table.items():
        if count < 0:
            problems.append(_problem("negative_competitors", competitors=count))
        elif not 0 <= factor <= 1:
            problems.append(_problem("factor_range", competitors=count, factor=factor))
    if problems:
        return problems
    last = max(table, default=-1) + 1
    previous = competition_factor(0, dict(table))
    for count in range(1, last + 1):
        factor = competition_factor(count, dict(table))
        if factor > previous:
            problems.append(
                _problem(
                    "factor_rises",
                    competitors=count,
                    factor=factor,
                    in_table=count in table,
                    prev_competitors=count - 1,
                    prev_factor=previous,
                )
            )
        previous = factor
    return problems


def new_problems(before: Sequence[Problem], after: Sequence[Problem]) -> list[Problem]:
    """The problems an edit introduces.

    What was already wrong does not block an unrelated edit (it may be the
    edit that starts fixing it); anything the edit breaks or leaves broken in
    a new way does.
    """
    return [problem for problem in after if problem not in before]
