"""The loss analysis's rows: lost deals by reason, stage, competitor and person."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum

from opportunities.models import OpportunityStatus
from reports.scope import Scope


@dataclass(frozen=True)
class LossRow:
    key: object  # a reason, a stage id, a competitor id or a person id; None = none
    deals: int
    amount: Decimal


def lost_deals(scope: Scope):
    """Deals lost in the period."""
    return scope.deals().filter(
        status=OpportunityStatus.LOST,
        closed_at__gte=scope.since,
        closed_at__lt=scope.until,
    )


def _grouped(rows, key: str) -> list[LossRow]:
    grouped = rows.order_by().values(key).annotate(n=Count("*"), amount=Sum("amount"))
    result = [
        LossRow(row[key], row["n"], row["amount"] or Decimal(0)) for row in grouped
    ]
    return sorted(result, key=lambda r: (-r.deals, -r.amount))


def by_reason(scope: Scope) -> list[LossRow]:
    return _grouped(lost_deals(scope), "lost_reason")


def by_stage(scope: Scope) -> list[LossRow]:
    """By the stage a deal was in when it was lost."""
    return _grouped(lost_deals(scope), "lost_from")


def by_competitor(scope: Scope) -> list[LossRow]:
    """By competitor named on the deal; a deal naming two counts for both."""
    return _grouped(lost_deals(scope), "competitors")


def by_person(scope: Scope) -> list[LossRow]:
    return _grouped(lost_deals(scope), "owner")
