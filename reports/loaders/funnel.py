"""The funnel report's rows: the live snapshot and the flow over the period."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, OuterRef, Q, Subquery, Sum

from opportunities.models import OpportunityStatus, Stage, StageChange
from reports.loaders.sql import DaysBetween
from reports.metrics.funnel import DaysRow, FlowStep, FurthestRow, StageInfo, flow
from reports.scope import Scope


@dataclass(frozen=True)
class SnapshotRow:
    stage: Stage
    deals: int
    amount: Decimal
    weighted: Decimal


def open_stages() -> list[Stage]:
    return list(Stage.objects.open().order_by("order"))


def snapshot(scope: Scope, stages: list[Stage]) -> list[SnapshotRow]:
    """Open deals per open stage now: count, amount, weighted amount (one query)."""
    totals = {
        row["stage"]: row
        for row in scope.deals()
        .open()
        .order_by()
        .values("stage")
        .annotate(
            deals=Count("id"), amount=Sum("amount"), weighted=Sum("weighted_amount")
        )
    }
    empty = {"deals": 0, "amount": Decimal(0), "weighted": Decimal(0)}
    return [
        SnapshotRow(
            stage,
            totals.get(stage.pk, empty)["deals"],
            totals.get(stage.pk, empty)["amount"] or Decimal(0),
            totals.get(stage.pk, empty)["weighted"] or Decimal(0),
        )
        for stage in stages
    ]


@dataclass(frozen=True)
class Flow:
    steps: list[FlowStep]
    created: int
    won: int
    lost: int
    won_amount: Decimal

    @property
    def still_open(self) -> int:
        return self.created - self.won - self.lost


def cohort(scope: Scope):
    """The deals the flow follows: those created in the period."""
    return scope.deals().filter(created_at__gte=scope.since, created_at__lt=scope.until)


def period_flow(scope: Scope, stages: list[Stage]) -> Flow:
    """How far the period's new deals got, and how long they stayed (three queries)."""
    deals = cohort(scope).order_by()
    furthest = [
        FurthestRow(row["furthest_order"], row["deals"], row["amount"] or Decimal(0))
        for row in deals.with_furthest_order()
        .values("furthest_order")
        .annotate(deals=Count("id"), amount=Sum("amount"))
    ]
    outcome = deals.aggregate(
        created=Count("id"),
        won=Count("id", filter=Q(status=OpportunityStatus.WON)),
        lost=Count("id", filter=Q(status=OpportunityStatus.LOST)),
        won_amount=Sum("amount", filter=Q(status=OpportunityStatus.WON)),
    )
    return Flow(
        steps=flow(
            [StageInfo(s.pk, s.order) for s in stages],
            furthest,
            days_in_stage(deals, stages),
            won=outcome["won"],
        ),
        created=outcome["created"],
        won=outcome["won"],
        lost=outcome["lost"],
        won_amount=outcome["won_amount"] or Decimal(0),
    )


def days_in_stage(deals, stages: list[Stage]) -> list[DaysRow]:
    """Finished stays in each open stage, counted by whole days (one query).

    A stay starts when the deal entered the stage and ends at its next move.
    """
    next_move = StageChange.objects.filter(
        opportunity=OuterRef("opportunity"), created_at__gt=OuterRef("created_at")
    ).order_by("created_at", "id")
    rows = (
        StageChange.objects.filter(
            opportunity__in=deals.values("pk"),
            to_stage__in=[s.pk for s in stages],
        )
        .annotate(left_at=Subquery(next_move.values("created_at")[:1]))
        .filter(left_at__isnull=False)
        .annotate(days=DaysBetween(F("left_at"), F("created_at")))
        .order_by()
        .values("to_stage", "days")
        .annotate(count=Count("id"))
    )
    return [DaysRow(row["to_stage"], row["days"], row["count"]) for row in rows]
