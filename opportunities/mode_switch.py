"""Switching the determination mode: what it will move, and undoing a switch to B.

Mode B puts every open deal where its ticks say (`recompute.rederive_open_deals`
does it after the switch), which can move deals an administrator or their
owners had placed by hand in mode A. So the admin first shows the moves
(`planned_moves`), and switching back to A puts each deal back in the stage it
had before the switch to B (`restore_stages`), unless it moved since for
another reason (a tick, a hand move, a close): then it stays where it is.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from opportunities.models import (
    DeterminationMode,
    MetCriterion,
    Opportunity,
    OpportunityStatus,
    Stage,
    StageChange,
    StageChangeCause,
)
from opportunities.recompute import move_open_deals
from opportunities.stage_derivation import derived_stage, open_checklist
from users.models import User


@dataclass(frozen=True)
class PlannedMove:
    deal_id: int
    deal_name: str
    owner: str
    from_stage: Stage
    to_stage: Stage


def planned_moves(
    to_mode: str, *, switched_to_b_at: datetime | None
) -> list[PlannedMove]:
    """The open deals a switch to `to_mode` moves, and where each goes."""
    if to_mode == DeterminationMode.CHECKLIST:
        targets = _checklist_targets()
    else:
        targets = _restore_targets(switched_to_b_at)
    stages = Stage.objects.in_bulk()
    deals = (
        Opportunity.objects.filter(pk__in=targets)
        .select_related("owner")
        .order_by("name", "pk")
    )
    return [
        PlannedMove(
            deal.pk,
            deal.name,
            str(deal.owner),
            stages[deal.stage_id],
            stages[targets[deal.pk]],
        )
        for deal in deals
    ]


def _checklist_targets() -> dict[int, int]:
    """Open deal id → the stage its ticks give in mode B, where that differs."""
    checklist = open_checklist()
    first = Stage.objects.first_open()
    open_deals = dict(Opportunity.objects.open().values_list("pk", "stage_id"))
    met: dict[int, set[int]] = defaultdict(set)
    ticks = MetCriterion.objects.filter(
        opportunity__status=OpportunityStatus.OPEN
    ).values_list("opportunity_id", "criterion_id")
    for deal_pk, criterion_pk in ticks:
        met[deal_pk].add(criterion_pk)
    targets = {}
    for pk, stage_pk in open_deals.items():
        stage, _deciding = derived_stage(
            checklist, met[pk], DeterminationMode.CHECKLIST, first
        )
        if stage.pk != stage_pk:
            targets[pk] = stage.pk
    return targets


def _restore_targets(since: datetime | None) -> dict[int, int]:
    """Open deal id → its stage before the switch to B, for deals moved only by it.

    A deal qualifies when every stage change since the switch was caused by
    the configuration and it still stands where the last one put it.
    """
    if since is None:
        return {}
    changes = (
        StageChange.objects.filter(
            created_at__gte=since, opportunity__status=OpportunityStatus.OPEN
        )
        .order_by("opportunity_id", "created_at", "pk")
        .values_list("opportunity_id", "cause", "from_stage_id", "to_stage_id")
    )
    by_deal: dict[int, list[tuple[str, int | None, int]]] = defaultdict(list)
    for deal_pk, cause, from_stage, to_stage in changes:
        by_deal[deal_pk].append((cause, from_stage, to_stage))
    current = dict(
        Opportunity.objects.open()
        .filter(pk__in=list(by_deal))
        .values_list("pk", "stage_id")
    )
    targets = {}
    for deal_pk, moves in by_deal.items():
        if any(cause != StageChangeCause.CONFIGURATION for cause, _f, _t in moves):
            continue  # moved since for another reason: it stays
        before, now = moves[0][1], moves[-1][2]
        if before and current.get(deal_pk) == now and before != now:
            targets[deal_pk] = before
    return targets


@transaction.atomic
def restore_stages(*, since: datetime | None, by: User | None) -> int:
    """Mode A again: deals moved only by the switch to B go back; how many."""
    targets = _restore_targets(since)
    if not targets:
        return 0
    locked = dict(
        Opportunity.objects.open()
        .filter(pk__in=list(targets))
        .select_for_update()
        .values_list("pk", "stage_id")
    )
    return move_open_deals(
        {pk: (locked[pk], stage) for pk, stage in targets.items() if pk in locked},
        by=by,
    )
