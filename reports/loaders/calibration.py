"""Calibration's rows: the closed deals of the period's cohort, by team, status
and the furthest stage each reached (one query).

Only won and lost deals count towards a stage's observed win rate, so open
deals are not read. A deal's furthest stage follows the coaching pages' rule
(the furthest it entered, from its history or its stage now, other than lost),
with two shortcuts that give the same answer: a deal in the won stage is past
every open stage whatever its history says, so only the other closed deals (the
lost ones) look at their history; and stage orders are written into the query
as constants, so the deals and their history are read from indexes without
joining the stages.
"""

from django.db.models import Case, Count, F, IntegerField, Max, OuterRef, Subquery, When
from django.db.models import Value as V
from django.db.models.functions import Coalesce, Greatest

from opportunities.models import OpportunityStatus, Stage, StageChange, StageKind
from reports.metrics.coaching import OutcomeRow
from reports.scope import Scope

CLOSED = [OpportunityStatus.WON, OpportunityStatus.LOST]


def _order_of(field: str, orders: dict[int, int]) -> Case:
    """The order of the stage in `field` (0 for a lost or unknown stage)."""
    return Case(
        *(When(**{field: pk}, then=V(order)) for pk, order in orders.items()),
        default=V(0),
        output_field=IntegerField(),
    )


def closed_outcomes_by_team(scope: Scope) -> dict[int | None, list[OutcomeRow]]:
    """Team id → outcome rows of the closed deals created in the period."""
    stages = list(Stage.objects.values_list("pk", "order", "kind"))
    reached = {pk: order for pk, order, kind in stages if kind != StageKind.LOST}
    won_stages = [pk for pk, _order, kind in stages if kind == StageKind.WON]
    history_top = (
        StageChange.objects.filter(opportunity=OuterRef("pk"))
        .order_by()
        .values("opportunity")
        .annotate(top=Max(_order_of("to_stage_id", reached)))
        .values("top")
    )
    furthest = Case(
        When(stage_id__in=won_stages, then=_order_of("stage_id", reached)),
        default=Greatest(
            Coalesce(Subquery(history_top, output_field=IntegerField()), V(0)),
            _order_of("stage_id", reached),
        ),
        output_field=IntegerField(),
    )
    rows = (
        scope.deals()
        .filter(
            status__in=CLOSED,
            created_at__gte=scope.since,
            created_at__lt=scope.until,
        )
        .order_by()
        .annotate(team=F("owner__team_id"), furthest=furthest)
        .values("team", "furthest", "status")
        .annotate(deals=Count("*"))
    )
    result: dict[int | None, list[OutcomeRow]] = {}
    for row in rows:
        result.setdefault(row["team"], []).append(
            OutcomeRow(row["furthest"], row["status"], row["deals"])
        )
    return result
