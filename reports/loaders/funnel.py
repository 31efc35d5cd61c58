"""The funnel report's rows: the live snapshot and the flow over the period."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, F, Q, Sum

from opportunities.models import (
    OpenDealTotal,
    OpportunityStatus,
    Stage,
    StageChange,
    open_sums,
)
from reports.loaders.coaching_sql import WholeDays
from reports.loaders.kept_blocks import sum_over_blocks
from reports.metrics.day_spans import blocks
from reports.metrics.funnel import DaysRow, FlowStep, FurthestRow, StageInfo, flow
from reports.scope import Scope
from reports.stay_counts import StayCount, stay_counts_kept
from users.counting import count_rows

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class SnapshotRow:
    stage: Stage
    deals: int
    amount: Decimal
    weighted: Decimal


def open_stages() -> list[Stage]:
    return list(Stage.objects.open().order_by("order"))


def snapshot(scope: Scope, stages: list[Stage]) -> list[SnapshotRow]:
    """Open deals per open stage now: count, amount, weighted amount (one query).

    Read from the kept per-owner totals where the database keeps them.
    """
    rows = open_sums(scope.deals(), scope.scoped(OpenDealTotal.objects.all()), "stage")
    totals = {row["stage"]: row for row in rows}
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
    outcome = deals.aggregate(
        created=Count("*"),
        won=count_rows(filter=Q(status=OpportunityStatus.WON)),
        lost=count_rows(filter=Q(status=OpportunityStatus.LOST)),
        won_amount=Sum("amount", filter=Q(status=OpportunityStatus.WON)),
    )
    return Flow(
        steps=flow(
            [StageInfo(s.pk, s.order) for s in stages],
            furthest_stages(deals),
            period_days_in_stage(scope, stages),
            won=outcome["won"],
        ),
        created=outcome["created"],
        won=outcome["won"],
        lost=outcome["lost"],
        won_amount=outcome["won_amount"] or Decimal(0),
    )


def furthest_stages(deals) -> list[FurthestRow]:
    """How many deals got no further than each stage order (one query).

    A deal's furthest stage is the furthest it entered (its history, or its
    stage now) other than lost; the won stage is past every open one. So
    counting furthest ≥ a stage's order gives `OpportunityQuerySet.reached`,
    the list the figures open. The database keeps it on the deal
    (`opportunities.stage_facts`), so this groups the deals alone.
    """
    rows = (
        deals.order_by()
        .values("furthest_order")
        .annotate(deals=Count("*"), amount=Sum("amount"))
    )
    return [
        FurthestRow(row["furthest_order"], row["deals"], row["amount"] or Decimal(0))
        for row in rows
    ]


def period_days_in_stage(scope: Scope, stages: list[Stage]) -> list[DaysRow]:
    """Finished stays in each open stage of the deals created in the period.

    For every deal of the company (an administrator, a head of sales), where
    the database keeps them, the whole UTC days of the period are read from
    the kept counts and only the hours at its edges counted live (two
    queries); otherwise all are counted live (one).
    """
    if not (stay_counts_kept() and scope.is_every_deal and stages):
        return days_in_stage(cohort(scope), stages)
    first, last = utc_days_within(scope.since, scope.until)
    if first > last:
        return days_in_stage(cohort(scope), stages)
    kept = StayCount.objects.filter(n__gt=0, stage__in=stages)
    counts = sum_over_blocks(kept, blocks(first, last), ("stage", "days"))
    inner_since, inner_until = utc_midnight(first), utc_midnight(last + ONE_DAY)
    edges = scope.deals().filter(
        Q(created_at__gte=scope.since, created_at__lt=inner_since)
        | Q(created_at__gte=inner_until, created_at__lt=scope.until)
    )
    for row in days_in_stage(edges, stages):
        key = (row.stage_id, row.days)
        counts[key] = counts.get(key, 0) + row.count
    return [DaysRow(stage, days, n) for (stage, days), n in counts.items()]


def utc_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


def utc_days_within(since: datetime, until: datetime) -> tuple[date, date]:
    """The first and last whole UTC day inside [since, until)."""
    since, until = since.astimezone(UTC), until.astimezone(UTC)
    first = since.date() + (ONE_DAY if since.time() != time(0) else timedelta(0))
    return first, until.date() - ONE_DAY


def days_in_stage(deals, stages: list[Stage]) -> list[DaysRow]:
    """Finished stays in each open stage, counted by whole days (one query).

    A stay starts when the deal entered the stage and ends at its next move,
    which the database keeps on each change (`left_at`); a stay not finished
    yet has none.
    """
    if not stages:
        return []
    rows = (
        StageChange.objects.filter(
            opportunity__in=deals.order_by().values("id"),
            left_at__isnull=False,
            to_stage__in=stages,
        )
        .order_by()
        .values("to_stage", days=WholeDays(F("left_at"), F("created_at")))
        .annotate(n=Count("*"))
    )
    return [DaysRow(row["to_stage"], int(row["days"]), row["n"]) for row in rows]
