"""Bulk refresh of open deals after an administrator changed the configuration.

Two passes, each in primary-key batches that commit on their own and lock
their rows, so a deal ticked or moved meanwhile is never overwritten with
numbers computed from its older state:

- `rederive_open_deals`: in mode B (ordered checklist) a deal's stage is
  whatever its ticks say, so a new, deleted or reordered criterion, a changed
  stage order or a switch to mode B can move deals; each move is recorded.
  In mode A stages may be set by hand, so nothing moves.
- `recompute_open_deals`: win probability and weighted amount from the stage
  percentage and the competition table.
"""

from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, DecimalField, F, Q
from django.db.models.functions import Cast, Round
from django.utils import timezone

from opportunities import probability
from opportunities.models import (
    CompetitionFactor,
    DeterminationMode,
    FunnelSettings,
    MetCriterion,
    Opportunity,
    OpportunityStatus,
    Stage,
    StageChange,
    StageChangeCause,
)
from opportunities.stage_derivation import derived_stage, open_checklist
from users.models import User

BATCH = 5000


def _locked_batches(batch_size: int):
    """Open deals' (pk, stage id) in pk batches, each locked inside its transaction.

    The caller's writes for a batch happen while it is yielded, so inside that
    batch's transaction and under its locks.
    """
    last_pk = 0
    while True:
        with transaction.atomic():
            rows = list(
                Opportunity.objects.open()
                .filter(pk__gt=last_pk)
                .order_by("pk")
                .select_for_update()
                .values_list("pk", "stage_id")[:batch_size]
            )
            if not rows:
                return
            last_pk = rows[-1][0]
            yield rows


def rederive_open_deals(*, by: User | None = None, batch_size: int = BATCH) -> int:
    """Mode B: move every open deal to the stage its ticks show; how many moved."""
    mode = FunnelSettings.load().mode
    if mode != DeterminationMode.CHECKLIST:
        return 0
    checklist = open_checklist()
    first = Stage.objects.first_open()
    moved = 0
    for rows in _locked_batches(batch_size):
        met: dict[int, set[int]] = defaultdict(set)
        ticks = MetCriterion.objects.filter(
            opportunity_id__in=[pk for pk, _stage in rows]
        ).values_list("opportunity_id", "criterion_id")
        for deal_pk, criterion_pk in ticks:
            met[deal_pk].add(criterion_pk)
        moves = {}
        for pk, stage_pk in rows:
            stage, _deciding = derived_stage(checklist, met[pk], mode, first)
            if stage.pk != stage_pk:
                moves[pk] = (stage_pk, stage.pk)
        moved += move_open_deals(moves, by=by)
    return moved


def move_open_deals(moves: dict[int, tuple[int, int]], *, by: User | None) -> int:
    """Move open deals (id → (from stage, to stage)) for a configuration change.

    One UPDATE per target stage, and a stage change recorded for each deal;
    call with the deals' rows locked. Returns how many moved.
    """
    to_stage: dict[int, list[int]] = defaultdict(list)
    changes = []
    for pk, (from_pk, to_pk) in moves.items():
        to_stage[to_pk].append(pk)
        changes.append(
            StageChange(
                opportunity_id=pk,
                from_stage_id=from_pk,
                to_stage_id=to_pk,
                from_status=OpportunityStatus.OPEN,
                to_status=OpportunityStatus.OPEN,
                changed_by=by,
                cause=StageChangeCause.CONFIGURATION,
            )
        )
    now = timezone.now()
    for stage_pk, pks in to_stage.items():
        Opportunity.objects.filter(pk__in=pks).update(stage_id=stage_pk, updated_at=now)
    StageChange.objects.bulk_create(changes)
    return len(changes)


def recompute_open_deals(batch_size: int = BATCH) -> int:
    """Recompute win probability and weighted amount of every open deal.

    A deal's probability depends only on its stage percentage and competitor
    count, so each batch is grouped by that pair and each group is one UPDATE
    that also skips rows already right. Nothing but ids and two integers per
    deal is held in memory. Returns how many rows changed; a second run
    changes nothing.
    """
    table = CompetitionFactor.objects.as_table()
    percentages = dict(Stage.objects.values_list("pk", "percentage"))
    changed = 0
    for rows in _locked_batches(batch_size):
        competitors = dict(
            Opportunity.objects.filter(pk__in=[pk for pk, _stage in rows])
            .annotate(n=Count("competitors"))
            .values_list("pk", "n")
        )
        groups: dict[tuple[int, int], list[int]] = defaultdict(list)
        for pk, stage_pk in rows:
            groups[(percentages[stage_pk], competitors[pk])].append(pk)
        for (percentage, count), ids in groups.items():
            p = probability.win_probability(percentage, count, table)
            changed += _update_group(ids, p)
    return changed


def _update_group(ids: list[int], p: Decimal) -> int:
    money = DecimalField(max_digits=14, decimal_places=2)
    weighted = Cast(Round(F("amount") * p, 2), output_field=money)
    return (
        Opportunity.objects.filter(pk__in=ids)
        .filter(~Q(win_probability=p) | ~Q(weighted_amount=weighted))
        .update(win_probability=p, weighted_amount=weighted)
    )
