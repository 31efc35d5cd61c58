"""Where a deal's ticks put it: the configuration loaded for the pure engine.

`opportunities.judgment` decides over plain data; this module reads the
checklist from the database and maps the engine's answer back to rows. Every
path that places a deal by its ticks (ticking, reopening, re-deriving after an
admin changed the configuration) goes through `derived_stage`.
"""

from opportunities import judgment
from opportunities.models import (
    DeterminationMode,
    FunnelSettings,
    JudgmentCriterion,
    Opportunity,
    Stage,
)


def open_checklist() -> list[JudgmentCriterion]:
    """Every criterion of the open stages, in the one global checklist order."""
    return list(
        JudgmentCriterion.objects.filter(stage__kind="open")
        .select_related("stage")
        .order_by("stage__order", "order", "id")
    )


def derived_stage(
    checklist: list[JudgmentCriterion],
    met_ids: set[int],
    mode: str,
    first: Stage | None = None,
) -> tuple[Stage, JudgmentCriterion | None]:
    """The stage the met criteria put a deal in, and the criterion that decides it.

    Pass `first` (the first open stage) when deriving for many deals at once.
    """
    first = first or Stage.objects.first_open()
    refs = [judgment.Criterion(c.id, c.stage.order) for c in checklist]
    if mode == DeterminationMode.CHECKLIST:
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
    return (deciding.stage if deciding else first), deciding


def stage_by_ticks(opportunity: Opportunity) -> Stage:
    """The open stage a deal's own ticks put it in, under the current mode."""
    met_ids = set(opportunity.met_criteria.values_list("criterion_id", flat=True))
    mode = FunnelSettings.load().mode
    stage, _deciding = derived_stage(open_checklist(), met_ids, mode)
    return stage
