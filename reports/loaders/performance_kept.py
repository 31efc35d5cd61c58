"""The performance figures read from the sums the database keeps
(`reports.performance_counts`), one statement per question.

A sum taken back to nothing (a deal reopened, a payment deleted) stays as a
row of zero: it is left out, as the records added up live leave it out.
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Sum

from reports.loaders.kept_blocks import sum_over_blocks
from reports.metrics.day_spans import Span, blocks
from reports.performance_counts import Measure, PerformanceCount
from reports.scope import Scope

# What the people's sums are grouped by.
KEY = ("owner", "measure")


def _counts(scope: Scope, measures: list[Measure]):
    return scope.scoped(PerformanceCount.objects).filter(measure__in=measures)


def by_month(
    scope: Scope, months: list[date], measures: list[Measure]
) -> dict[Measure, dict[date, Decimal]]:
    """Each measure's total per month of `months` for the scope's owners."""
    rows = (
        _counts(scope, measures)
        .filter(span=Span.MONTH, first_day__gte=months[0], first_day__lte=months[-1])
        .order_by()
        .values("measure", "first_day")
        .annotate(total=Sum("total"))
    )
    totals: dict[Measure, dict[date, Decimal]] = defaultdict(dict)
    for row in rows:
        if row["total"]:
            totals[row["measure"]][row["first_day"]] = row["total"]
    return {measure: totals[measure] for measure in measures}


def by_owner(
    scope: Scope, first: date, last: date, measures: list[Measure]
) -> dict[Measure, dict[int, Decimal]]:
    """Each measure's total per owner from `first` to `last` (whole days)."""
    found = sum_over_blocks(_counts(scope, measures), blocks(first, last), KEY, "total")
    totals: dict[Measure, dict[int, Decimal]] = defaultdict(dict)
    for (owner, measure), total in found.items():
        if total:
            totals[measure][owner] = total
    return {measure: totals[measure] for measure in measures}
