"""The pipeline board: open deals as columns by stage, moved by drag and drop.

Every column shows at most `CARDS_PER_COLUMN` cards (the heaviest by weighted
amount) so a board over thousands of deals stays fast, while the column totals
cover every deal. The page costs the same handful of queries for 5 or 5,000
deals: one for the stages, one aggregate for the totals, one for the cards.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F, QuerySet, Window
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
    OpenDealTotal,
    Opportunity,
    Stage,
)
from opportunities.models.open_totals import open_sums
from opportunities.stage_moves import opportunity_set_stage
from opportunities.views.list_rows import mark_rows, row_context
from users.listing import is_filtered
from users.record_keys import record_key
from users.visibility import get_visible_or_404

# Enough to work the heaviest deals; each card costs render time on every view.
CARDS_PER_COLUMN = 25


def _filtered_deals(request: HttpRequest) -> tuple[BoardFilter, QuerySet]:
    """The open deals the viewer sees, narrowed by the board's filters."""
    deals = Opportunity.objects.visible_to(request.user).open()
    filterset = BoardFilter(request.GET, queryset=deals, request=request)
    # An owner or team outside the viewer's reach is not a valid choice: show
    # nothing rather than silently widening the board.
    return filterset, filterset.qs if filterset.is_valid() else deals.none()


def _column_totals(deals: QuerySet[Opportunity]) -> dict[int, dict]:
    """Deals, amount and weighted amount per stage id, in one grouped query."""
    return _by_stage(deals.open_sums("stage"))


def _board_totals(request, filterset, deals: QuerySet[Opportunity]) -> dict[int, dict]:
    """The columns' totals: from the kept totals when only people are filtered.

    The owner and team filters apply to the kept rows as they do to deals;
    a search needs the deals themselves.
    """
    if not filterset.is_valid() or filterset.form.cleaned_data.get("q"):
        return _column_totals(deals)
    kept = filterset.filter_queryset(OpenDealTotal.objects.visible_to(request.user))
    return _by_stage(open_sums(deals, kept, "stage"))


def _by_stage(rows) -> dict[int, dict]:
    """Grouped open sums as each column's totals (its deal count is "count")."""
    return {
        row["stage"]: {
            "count": row["deals"],
            "amount": row["amount"],
            "weighted": row["weighted"],
        }
        for row in rows
    }


def _empty_totals() -> dict:
    return {"count": 0, "amount": 0, "weighted": 0}


def _top_cards(deals: QuerySet[Opportunity], stages: list[Stage]) -> list[Opportunity]:
    """The heaviest `CARDS_PER_COLUMN` deals of every stage, in one query.

    Where the database can, each stage reads only its top cards from the
    partial index on open deals (`opp_board_open`), joined with UNION ALL:
    the cost stays that of a few hundred rows however many deals are open.
    Elsewhere (SQLite) the deals are ranked per stage by a window function.
    """
    deals = deals.select_related("customer", "owner", "stage")
    order = ("-weighted_amount", "-id")
    if connection.features.supports_slicing_ordering_in_compound and stages:
        columns = [
            deals.filter(stage=stage).order_by(*order)[:CARDS_PER_COLUMN]
            for stage in stages
        ]
        if len(columns) == 1:
            return list(columns[0])
        return list(columns[0].union(*columns[1:], all=True))
    ranked = deals.annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F("stage_id")],
            order_by=[F("weighted_amount").desc(), F("id").desc()],
        )
    )
    return list(ranked.filter(rank__lte=CARDS_PER_COLUMN).order_by(*order))


@login_required
def opportunity_board(request: HttpRequest) -> HttpResponse:
    filterset, deals = _filtered_deals(request)
    stages = list(Stage.objects.open().order_by("order"))
    totals = _board_totals(request, filterset, deals)
    cards: dict[int, list[Opportunity]] = {stage.pk: [] for stage in stages}
    rows = row_context(request.user)
    # UNION ALL promises no order across its parts: sort each column here.
    top = sorted(_top_cards(deals, stages), key=lambda o: (-o.weighted_amount, -o.pk))
    mark_rows(top, now=timezone.now(), days=rows["stale_days"])
    for opportunity in top:
        if opportunity.stage_id in cards:
            cards[opportunity.stage_id].append(opportunity)
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
            **rows,
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
    context = {**row_context(request.user), "can_drag": True}
    heads = {
        str(column.pk): render_to_string(
            "opportunities/_board_column.html",
            {"stage": column, "totals": totals.get(column.pk, _empty_totals())},
            request=request,
        )
        for column in {before, stage}
    }
    mark_rows([opportunity], now=timezone.now(), days=context["stale_days"])
    card = render_to_string(
        "opportunities/_board_card.html",
        {**context, "opportunity": opportunity},
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
