"""The judgment checklist on the deal page: ticking criteria and setting the stage.

Both actions answer htmx with the re-rendered panel plus out-of-band copies of
the numbers, the stage badge, the guidance and the competition effect, so the
whole page agrees after one click. Without htmx they redirect to the deal page.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opportunities import probability, stage_derivation, stage_moves
from opportunities.models import (
    STAGE_HISTORY_SHOWN,
    CompetitionFactor,
    DeterminationMode,
    FunnelSettings,
    JudgmentCriterion,
    Opportunity,
    Stage,
)
from opportunities.stage_moves import StageMove
from users.record_keys import record_key
from users.templatetags.crm import percent
from users.visibility import get_visible_or_404

MET_VALUES = {"on": True, "off": False}


@dataclass
class CriterionRow:
    criterion: JudgmentCriterion
    number: int  # its place in the one global checklist order, from 1
    met: bool
    counted: bool  # mode B: within the unbroken ticked prefix


@dataclass
class StageGroup:
    stage: Stage
    rows: list[CriterionRow]
    current: bool


def judgment_context(
    opportunity: Opportunity, *, competitor_count: int
) -> dict[str, object]:
    """What the checklist, the guidance and the competition partials show.

    A fixed number of queries, whatever the number of criteria or ticks.
    """
    mode = FunnelSettings.load().mode
    checklist = stage_derivation.open_checklist()
    met_ids = set(opportunity.met_criteria.values_list("criterion_id", flat=True))
    checklist_mode = mode == DeterminationMode.CHECKLIST
    prefix_end = 0
    if checklist_mode:
        _stage, deciding = stage_derivation.derived_stage(checklist, met_ids, mode)
        prefix_end = checklist.index(deciding) + 1 if deciding else 0
    rows = [
        CriterionRow(
            criterion=criterion,
            number=number,
            met=criterion.id in met_ids,
            counted=number <= prefix_end,
        )
        for number, criterion in enumerate(checklist, start=1)
    ]
    open_stages = list(Stage.objects.open().order_by("order"))
    groups = [
        StageGroup(
            stage=stage,
            rows=[row for row in rows if row.criterion.stage_id == stage.id],
            current=stage.id == opportunity.stage_id,
        )
        for stage in open_stages
    ]
    backed = True
    if opportunity.is_open and not checklist_mode:
        met_orders = {row.criterion.stage.order for row in rows if row.met}
        backed = stage_moves.stage_is_backed(opportunity, met_orders)
    table = CompetitionFactor.objects.as_table()
    factor = probability.competition_factor(competitor_count, table)
    return {
        "checklist_mode": checklist_mode,
        "criterion_rows": rows,
        "stage_groups": [group for group in groups if group.rows],
        "open_stages": open_stages,
        "stage_backed": backed,
        "can_judge": opportunity.is_open,
        "competitor_count": competitor_count,
        "competition_factor": factor,
        "stage_fraction": Decimal(opportunity.stage.percentage) / 100,
        "formula_probability": probability.win_probability(
            opportunity.stage.percentage, competitor_count, table
        ),
    }


def stage_history_rows(opportunity: Opportunity, *, everything: bool = False) -> dict:
    """The stage history card's rows, and whether older ones are not shown."""
    limit = None if everything else STAGE_HISTORY_SHOWN
    rows = list(opportunity.stage_changes.for_history(limit))
    more = limit is not None and len(rows) > limit
    return {"stage_changes": rows[:limit] if more else rows, "stage_history_more": more}


def _move_sentence(move: StageMove, criterion: JudgmentCriterion, met: bool) -> str:
    """Why the stage is what it is now, in one sentence."""
    if move.after.order > move.before.order and move.reason is not None:
        return _("Entered “%(stage)s” because “%(criterion)s”.") % {
            "stage": move.after.name,
            "criterion": move.reason.text,
        }
    if move.moved:
        return _("Back to “%(stage)s”: “%(criterion)s” is no longer ticked.") % {
            "stage": move.after.name,
            "criterion": criterion.text,
        }
    if met:
        return _("Ticked. The deal stays in “%(stage)s”.") % {"stage": move.after.name}
    return _("Unticked. The deal stays in “%(stage)s”.") % {"stage": move.after.name}


def _where_it_stands(opportunity: Opportunity) -> str:
    """The stage and win probability after a change, for the notice."""
    return _(
        "Stage now: %(stage)s (%(percentage)s%%), win probability %(probability)s."
    ) % {
        "stage": opportunity.stage.name,
        "percentage": opportunity.stage.percentage,
        "probability": percent(opportunity.win_probability),
    }


def _respond(
    request: HttpRequest,
    opportunity_pk: int,
    *,
    notice: str = "",
    error: str = "",
) -> HttpResponse:
    """The panel with out-of-band numbers for htmx, else back to the deal page."""
    # Reload: the services worked on their own copy of the row.
    opportunity = Opportunity.objects.select_related("stage").get(pk=opportunity_pk)
    standing = _where_it_stands(opportunity) if notice else ""
    if not request.htmx:
        if error:
            messages.error(request, error)
        elif notice:
            messages.success(request, f"{notice} {standing}")
        return redirect("opportunities:detail", pk=opportunity_pk)
    competitors = list(opportunity.competitors.all())
    context = judgment_context(opportunity, competitor_count=len(competitors))
    context.update(
        opportunity=opportunity,
        competitors=competitors,
        lines=opportunity.lines.exists(),
        **stage_history_rows(opportunity),
        notice=notice,
        standing=standing,
        error=error,
        oob=True,
    )
    return render(request, "opportunities/_judgment_panel.html", context)


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
@require_POST
def opportunity_tick_criterion(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = get_visible_or_404(
        Opportunity.objects.select_related("stage"), request.user, pk=pk
    )
    criterion_id = record_key(request.POST.get("criterion"))
    met = MET_VALUES.get(request.POST.get("met", "off"))
    if criterion_id is None or met is None:
        return HttpResponseBadRequest(_("Say which criterion and whether it is met."))
    criterion = get_object_or_404(
        JudgmentCriterion.objects.select_related("stage").filter(stage__kind="open"),
        pk=int(criterion_id),
    )
    try:
        move = stage_moves.opportunity_tick_criterion(
            opportunity=opportunity, criterion=criterion, met=met, by=request.user
        )
    except ValidationError as error:
        return _respond(request, opportunity.pk, error=_error_text(error))
    return _respond(
        request, opportunity.pk, notice=_move_sentence(move, criterion, met)
    )


@login_required
@require_POST
def opportunity_set_stage(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = get_visible_or_404(
        Opportunity.objects.select_related("stage"), request.user, pk=pk
    )
    stage_id = record_key(request.POST.get("stage"))
    if stage_id is None:
        return HttpResponseBadRequest(_("Choose a stage."))
    stage = get_object_or_404(Stage, pk=stage_id)
    before = opportunity.stage
    try:
        stage_moves.opportunity_set_stage(
            opportunity=opportunity, stage=stage, by=request.user
        )
    except ValidationError as error:
        return _respond(request, opportunity.pk, error=_error_text(error))
    if stage == before:
        notice = _("The deal is already in “%(stage)s”.") % {"stage": stage.name}
    else:
        notice = _("Moved to “%(stage)s” by hand.") % {"stage": stage.name}
    return _respond(request, opportunity.pk, notice=notice)
