"""Moving deals between stages: by ticking judgment criteria, or directly.

The derivation itself is pure (`opportunities.judgment`, loaded by
`opportunities.stage_derivation`); this module applies the result, records the
move and refreshes the numbers.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from opportunities.models import (
    DeterminationMode,
    FunnelSettings,
    JudgmentCriterion,
    MetCriterion,
    Opportunity,
    Stage,
    StageChangeCause,
)
from opportunities.services import opportunity_refresh_numbers, stage_change_record
from opportunities.stage_derivation import derived_stage, open_checklist
from users.models import User


@dataclass(frozen=True)
class StageMove:
    """What a tick did: the stage before and after, and the reason shown."""

    before: Stage
    after: Stage
    reason: JudgmentCriterion | None

    @property
    def moved(self) -> bool:
        return self.before != self.after


@transaction.atomic
def opportunity_tick_criterion(
    *, opportunity: Opportunity, criterion: JudgmentCriterion, met: bool, by: User
) -> StageMove:
    """Tick or untick a criterion; the stage follows the determination mode.

    In mode A a deal may have been moved by hand past its criteria: a tick only
    ever lifts it, and only unticking a criterion of its own stage lowers it.
    """
    if not opportunity.is_open:
        raise ValidationError(_("A closed opportunity's criteria cannot change."))
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if met:
        MetCriterion.objects.get_or_create(
            opportunity=opportunity, criterion=criterion, defaults={"met_by": by}
        )
    else:
        MetCriterion.objects.filter(
            opportunity=opportunity, criterion=criterion
        ).delete()
    met_ids = set(opportunity.met_criteria.values_list("criterion_id", flat=True))
    mode = FunnelSettings.load().mode
    stage, deciding = derived_stage(open_checklist(), met_ids, mode)
    before = opportunity.stage
    hand_placed = mode == DeterminationMode.PER_STAGE and (
        met or criterion.stage_id != before.id
    )
    if hand_placed and stage.order < before.order:
        stage = before
    if stage != before:
        opportunity.stage = stage
        opportunity.save(update_fields=["stage", "updated_at"])
        # A tick that lifts the deal is explained by the criterion that decides
        # the new stage; a fall by the criterion that was unticked.
        why = deciding if met else criterion
        stage_change_record(
            opportunity=opportunity,
            from_stage=before,
            from_status=opportunity.status,
            by=by,
            cause=StageChangeCause.CRITERION if met else StageChangeCause.UNTICKED,
            criterion=why,
            note=why.text if why else "",
        )
        opportunity_refresh_numbers(opportunity=opportunity)
    return StageMove(before=before, after=stage, reason=deciding)


@transaction.atomic
def opportunity_set_stage(*, opportunity: Opportunity, stage: Stage, by: User) -> None:
    """Move an open deal to an open stage by hand (mode A only)."""
    if FunnelSettings.load().mode != DeterminationMode.PER_STAGE:
        raise ValidationError(
            _("Stages follow the checklist: tick the criteria to move this deal.")
        )
    if not opportunity.is_open:
        raise ValidationError(_("Reopen the opportunity before changing its stage."))
    if not stage.is_open:
        raise ValidationError(_("Use “Mark won” or “Mark lost” to close a deal."))
    if stage == opportunity.stage:
        return
    before = opportunity.stage
    opportunity.stage = stage
    opportunity.save(update_fields=["stage", "updated_at"])
    stage_change_record(
        opportunity=opportunity,
        from_stage=before,
        from_status=opportunity.status,
        by=by,
    )
    opportunity_refresh_numbers(opportunity=opportunity)


def stage_is_backed(opportunity: Opportunity, met_stage_orders: set[int]) -> bool:
    """Mode A: whether a met criterion supports the deal's current stage."""
    first = Stage.objects.first_open()
    return opportunity.stage == first or opportunity.stage.order in met_stage_orders
