"""The targets that apply to a report's scope, by month."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Sum

from reports.models import Target
from reports.scope import Scope


def targets_by_month(
    scope: Scope, months: list[date], field: str = "won_amount"
) -> dict[date, Decimal]:
    """Month → target of `field` for the scope (two queries).

    The sum of the personal targets of the people in scope; when a team is
    chosen and has a target of its own for a month, that target instead.
    """
    visible = Target.objects.visible_to(scope.viewer).filter(month__in=months)
    personal = (
        visible.filter(user__in=scope.people().values("pk"))
        .exclude(**{f"{field}__isnull": True})
        .order_by()
        .values("month")
        .annotate(total=Sum(field))
    )
    result: dict[date, Decimal] = {row["month"]: row["total"] for row in personal}
    if scope.team is not None and scope.rep is None:
        for month, total in (
            visible.filter(team=scope.team)
            .exclude(**{f"{field}__isnull": True})
            .values_list("month", field)
        ):
            result[month] = total
    return result


def targets_by_person(
    scope: Scope, months: list[date], field: str = "won_amount"
) -> dict[int, Decimal]:
    """Person id → total personal target of `field` over `months` (one query)."""
    rows = (
        Target.objects.visible_to(scope.viewer)
        .filter(month__in=months, user__in=scope.people().values("pk"))
        .exclude(**{f"{field}__isnull": True})
        .order_by()
        .values("user")
        .annotate(total=Sum(field))
    )
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for row in rows:
        totals[row["user"]] += row["total"]
    return totals
