"""Calibration's rows: the closed deals of the period's cohort, by team, status
and the furthest stage each reached (one query).

Only won and lost deals count towards a stage's observed win rate, so open
deals are not read. A deal's furthest stage is the one the database keeps on
it (`Opportunity.furthest_order`, the coaching pages' rule), so neither the
history nor the stages are joined.
"""

from django.db.models import Count, F

from opportunities.models import OpportunityStatus
from reports.metrics.coaching import OutcomeRow
from reports.scope import Scope

CLOSED = [OpportunityStatus.WON, OpportunityStatus.LOST]


def closed_outcomes_by_team(scope: Scope) -> dict[int | None, list[OutcomeRow]]:
    """Team id → outcome rows of the closed deals created in the period."""
    rows = (
        scope.deals()
        .filter(
            status__in=CLOSED,
            created_at__gte=scope.since,
            created_at__lt=scope.until,
        )
        .order_by()
        .annotate(team=F("owner__team_id"))
        .values("team", "furthest_order", "status")
        .annotate(deals=Count("*"))
    )
    result: dict[int | None, list[OutcomeRow]] = {}
    for row in rows:
        result.setdefault(row["team"], []).append(
            OutcomeRow(row["furthest_order"], row["status"], row["deals"])
        )
    return result
