"""Deriving a deal's stage from the judgment criteria it meets (docs/PRODUCT.md §3).

Pure functions over plain data: stages are identified by their order (any
sortable key), criteria by their id.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Criterion:
    id: int
    stage: int  # the order of the stage the criterion belongs to


def stage_per_stage(met: Iterable[Criterion], first_stage: int) -> int:
    """Mode A: the highest stage with at least one met criterion."""
    return max((criterion.stage for criterion in met), default=first_stage)


def stage_by_checklist(
    checklist: Sequence[Criterion], met_ids: set[int], first_stage: int
) -> int:
    """Mode B: the stage of the deepest criterion in the unbroken ticked prefix.

    `checklist` is every criterion in its one global order (stage order, then
    the criterion's order within the stage).
    """
    stage = first_stage
    for criterion in checklist:
        if criterion.id not in met_ids:
            break
        stage = criterion.stage
    return stage


def unbroken_prefix(checklist: Sequence[Criterion], met_ids: set[int]) -> int:
    """How many criteria, from the top, are ticked without a gap."""
    count = 0
    for criterion in checklist:
        if criterion.id not in met_ids:
            break
        count += 1
    return count
