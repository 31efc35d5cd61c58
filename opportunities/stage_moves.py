"""Moving deals between stages: by ticking judgment criteria, or directly.

The derivation itself is pure (`opportunities.judgment`); this module loads the
configuration, applies the result, records the move and refreshes the numbers.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from opportunities import judgment
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


def open_checklist() -> list[JudgmentCriterion]:
    """Every criterion of the open stages, in the one global checklist order."""
    return list(
        JudgmentCriterion.objects.filter(stage__kind="open")
        .select_related("stage")
        .order_by("stage__order", "order", "id")
    )


def derived_stage(
    checklist: list[JudgmentCriterion], met_ids: set[int], mode: str
) -> tuple[Stage, JudgmentCriterion | None]:
    """The stage the met criteria put a deal in, and the criterion that decides it."""
    first = Stage.objects.first_open()
    refs = [judgment.Criterion(c.id, c.stage.order) for c in checklist]
    if mode == DeterminationMode.CHECKLIST:
        order = judgment.stage_by_checklist(refs, met_ids, first.order)
        prefix = judgment.unbroken_prefix(refs, met_ids)
        deciding = checklist[prefix - 1] if prefix else None
    else:
        met = [ref for ref in refs if ref.id in met_ids]
        order = judgment.stage_per_stage(met, first.order)
        deciding = next(
            (
                c
                for c in reversed(checklist)
                if c.id in met_ids and c.stage.order == order
            ),
            None,
        )
    stage = deciding.stage if deciding else first
    assert stage.order == order
    return stage, deciding


@transaction.atomic
def opportunity_tick_criterion(
    *, opportunity: Opportunity, criterion: JudgmentCriterion, met: bool, by: User
) -> StageMove:
    """Tick or untick a criterion; the stage follows the determination mode.

    In mode A a deal that was moved by hand past its criteria keeps its stage
    until a tick moves it higher.
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
    if mode == DeterminationMode.PER_STAGE and not met and criterion.stage != before:
        # Unticking a lower criterion does not undo a manual move.
        stage = before
    if stage != before:
        opportunity.stage = stage
        opportunity.save(update_fields=["stage", "updated_at"])
        stage_change_record(
            opportunity=opportunity,
            from_stage=before,
            from_status=opportunity.status,
            by=by,
            cause=StageChangeCause.CRITERION if deciding else StageChangeCause.HAND,
            criterion=deciding,
            note=deciding.text if deciding else "",
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
