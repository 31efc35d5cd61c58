"""The pipeline board: open deals as columns by stage, moved by drag and drop.

Every column shows at most `CARDS_PER_COLUMN` cards (the heaviest by weighted
amount) so a board over thousands of deals stays fast, while the column totals
cover every deal. The page costs the same handful of queries for 5 or 5,000
deals: one for the stages, one aggregate for the totals, one for the cards.
"""

from datetime import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, F, QuerySet, Sum, Window
from django.db.models.functions import RowNumber
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opportunities.filters import BoardFilter
from opportunities.models import (
    DeterminationMode,
    FunnelSettings,
    Opportunity,
    Stage,
)
from opportunities.stage_moves import opportunity_set_stage
from opportunities.views.list_rows import row_context
from users.listing import is_filtered
from users.record_keys import record_key
from users.visibility import get_visible_or_404

CARDS_PER_COLUMN = 50


def _filtered_deals(request: HttpRequest) -> tuple[BoardFilter, QuerySet]:
    """The open deals the viewer sees, narrowed by the board's filters."""
    deals = Opportunity.objects.visible_to(request.user).open()
    filterset = BoardFilter(request.GET, queryset=deals, request=request)
    # An owner or team outside the viewer's reach is not a valid choice: show
    # nothing rather than silently widening the board.
    return filterset, filterset.qs if filterset.is_valid() else deals.none()


def _column_totals(deals: QuerySet[Opportunity]) -> dict[int, dict]:
    """Count, amount and weighted amount per stage id, in one grouped query."""
    rows = (
        deals.order_by()
        .values("stage")
        .annotate(
            count=Count("id"), amount=Sum("amount"), weighted=Sum("weighted_amount")
        )
    )
    return {row["stage"]: row for row in rows}


def _empty_totals() -> dict:
    return {"count": 0, "amount": 0, "weighted": 0}


def _mark(opportunity: Opportunity, now: datetime) -> Opportunity:
    """Attach what a card shows beyond the stored fields."""
    opportunity.is_stale = opportunity.is_stale_at(now)
    opportunity.contact_overdue = bool(
        opportunity.next_contact_at and opportunity.next_contact_at < now
    )
    return opportunity


def _top_cards(deals: QuerySet[Opportunity]) -> list[Opportunity]:
    """The heaviest `CARDS_PER_COLUMN` deals of every stage, in one query."""
    ranked = deals.select_related("customer", "owner", "stage").annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F("stage_id")],
            order_by=[F("weighted_amount").desc(), F("id").desc()],
        )
    )
    return list(
        ranked.filter(rank__lte=CARDS_PER_COLUMN).order_by(
            "stage__order", "-weighted_amount", "-id"
        )
    )


@login_required
def opportunity_board(request: HttpRequest) -> HttpResponse:
    filterset, deals = _filtered_deals(request)
    stages = list(Stage.objects.open().order_by("order"))
    totals = _column_totals(deals)
    now = timezone.now()
    cards: dict[int, list[Opportunity]] = {stage.pk: [] for stage in stages}
    for opportunity in _top_cards(deals):
        if opportunity.stage_id in cards:
            cards[opportunity.stage_id].append(_mark(opportunity, now))
    columns = []
    for stage in stages:
        stage_totals = totals.get(stage.pk, _empty_totals())
        columns.append(
            {
                "stage": stage,
                "totals": stage_totals,
                "cards": cards[stage.pk],
                "hidden": stage_totals["count"] - len(cards[stage.pk]),
            }
        )
    list_query = request.GET.copy()
    for key in ("stage", "status", "page"):
        list_query.pop(key, None)
    return render(
        request,
        "opportunities/opportunity_board.html",
        {
            "form": filterset.form,
            "columns": columns,
            "stages": stages,
            "can_drag": FunnelSettings.load().mode == DeterminationMode.PER_STAGE,
            **row_context(request.user),
            "list_query": list_query.urlencode(),
            "cards_per_column": CARDS_PER_COLUMN,
            "is_filtered": is_filtered(request, filterset),
        },
    )


@login_required
@require_POST
def opportunity_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a deal to another open stage (mode A); answers JSON for board.js.

    On success: the re-rendered card and the heads of both affected columns,
    with totals under the board's filters (sent along in the query string).
    """
    opportunity = get_visible_or_404(
        Opportunity.objects.select_related("customer", "owner", "stage"),
        request.user,
        pk=pk,
    )
    stage_id = record_key(request.POST.get("stage"))
    stage = Stage.objects.filter(pk=stage_id).first() if stage_id else None
    if stage is None:
        return JsonResponse(
            {"error": _("Choose a stage to move the deal to.")}, status=400
        )
    before = opportunity.stage
    try:
        opportunity_set_stage(opportunity=opportunity, stage=stage, by=request.user)
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=409)
    _form, deals = _filtered_deals(request)
    totals = _column_totals(deals.filter(stage__in=[before, stage]))
    context = {
        **row_context(request.user),
        "can_drag": True,
        "stages": Stage.objects.open().order_by("order"),
    }
    heads = {
        str(column.pk): render_to_string(
            "opportunities/_board_column.html",
            {"stage": column, "totals": totals.get(column.pk, _empty_totals())},
            request=request,
        )
        for column in {before, stage}
    }
    card = render_to_string(
        "opportunities/_board_card.html",
        {**context, "opportunity": _mark(opportunity, timezone.now())},
        request=request,
    )
    return JsonResponse(
        {
            "card": card,
            "columns": heads,
            "message": _("“%(deal)s” moved to %(stage)s.")
            % {"deal": opportunity.name, "stage": stage.name},
        }
    )
