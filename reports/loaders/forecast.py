"""The forecast report's rows: the months ahead, and past forecasts' accuracy."""

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from opportunities.models import OpportunityStatus
from reports.loaders import performance_kept as kept
from reports.loaders.sql import as_month
from reports.loaders.targets import targets_by_month
from reports.metrics.forecast import AccuracyRow, ForecastMonth, accuracy_rows
from reports.metrics.periods import add_months, month_end, month_start
from reports.models import ForecastSnapshot, ReportSettings
from reports.performance_counts import Measure, performance_counts_kept
from reports.scope import Scope, local_midnight

MONTHS_AHEAD = 6


def months_ahead(today: date, count: int = MONTHS_AHEAD) -> list[date]:
    first = month_start(today)
    return [add_months(first, i) for i in range(count)]


def committed_threshold() -> Decimal:
    """The win probability (0–1) from which an open deal counts as committed."""
    return Decimal(ReportSettings.load().committed_percentage) / 100


def forecast_months(
    scope: Scope, months: list[date], threshold: Decimal
) -> list[ForecastMonth]:
    """Open deals by expected-win month, won so far and targets (four queries)."""
    first, last = months[0], month_end(months[-1])
    rows = {month: ForecastMonth(month) for month in months}
    open_deals = (
        scope.deals()
        .open()
        .filter(expected_win_date__gte=first, expected_win_date__lte=last)
        .order_by()
        .annotate(month=TruncMonth("expected_win_date"))
        .values("month")
        .annotate(
            deals=Count("*"),
            weighted=Sum("weighted_amount"),
            best_case=Sum("amount"),
            committed=Sum("amount", filter=Q(win_probability__gte=threshold)),
        )
    )
    for row in open_deals:
        month = rows[as_month(row["month"])]
        month.deals = row["deals"]
        month.weighted = row["weighted"] or Decimal(0)
        month.best_case = row["best_case"] or Decimal(0)
        month.committed = row["committed"] or Decimal(0)
    for month, amount in won_by_month(scope, months).items():
        rows[month].won = amount
    for month, target in targets_by_month(scope, months).items():
        rows[month].target = target
    return list(rows.values())


def won_deals(scope: Scope, first: date, last: date):
    """Deals won from the first day to the last day (both included)."""
    return scope.deals().filter(
        status=OpportunityStatus.WON,
        closed_at__gte=local_midnight(first),
        closed_at__lt=local_midnight(last + timedelta(days=1)),
    )


def won_by_month(scope: Scope, months: list[date]) -> dict[date, Decimal]:
    if performance_counts_kept():
        return kept.by_month(scope, months, [Measure.WON])[Measure.WON]
    rows = (
        won_deals(scope, months[0], month_end(months[-1]))
        .order_by()
        .annotate(month=TruncMonth("closed_at"))
        .values("month")
        .annotate(amount=Sum("amount"))
    )
    return {as_month(row["month"]): row["amount"] or Decimal(0) for row in rows}


def won_by_owner(scope: Scope, first: date, last: date) -> dict[int, Decimal]:
    """The amount each owner won from the first day to the last (both included)."""
    if performance_counts_kept():
        return kept.by_owner(scope, first, last, [Measure.WON])[Measure.WON]
    rows = (
        won_deals(scope, first, last)
        .order_by()
        .values("owner")
        .annotate(total=Sum("amount"))
    )
    return {row["owner"]: row["total"] for row in rows}


def finished_months(scope: Scope, today: date) -> list[date]:
    """The months of the period that are over: only those can be judged."""
    return [m for m in scope.period.months() if m < month_start(today)]


def frozen_totals(scope: Scope, months: list[date], by: str) -> dict:
    """The frozen weighted forecasts of `months`, summed by "month" or "owner"."""
    rows = (
        scope.scoped(ForecastSnapshot.objects)
        .filter(month__in=months)
        .order_by()
        .values(by)
        .annotate(total=Sum("weighted"))
    )
    return {row[by]: row["total"] for row in rows}


def accuracy_by_month(scope: Scope, today: date) -> list[AccuracyRow]:
    """The frozen forecast against what was won, for each finished month."""
    months = finished_months(scope, today)
    if not months:
        return []
    forecast = frozen_totals(scope, months, "month")
    return accuracy_rows(forecast, won_by_month(scope, months), keys=months)


def accuracy_by_person(scope: Scope, today: date) -> list[AccuracyRow]:
    """Each person's frozen forecasts and wins over the finished months, summed."""
    months = finished_months(scope, today)
    if not months:
        return []
    return accuracy_rows(
        frozen_totals(scope, months, "owner"),
        won_by_owner(scope, months[0], month_end(months[-1])),
    )
