"""Deals with a stage history at chosen times, for the report tests."""

from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from opportunities.models import Opportunity, Stage, StageChange
from tests.factories import OpportunityFactory


def at(text: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(text))


def stage(order: int) -> Stage:
    return Stage.objects.get(order=order)


def deal_with_history(owner, created: str, moves: list[tuple[int, str]], **fields):
    """A deal created at `created` in the first stage, then moved (order, when).

    Moving to order 98 wins it, to 99 loses it.
    """
    first = stage(1)
    deal = OpportunityFactory(owner=owner, stage=first, **fields)
    Opportunity.objects.filter(pk=deal.pk).update(created_at=at(created))
    changes = [(None, first, "", "open", created)]
    previous = first
    for order, when in moves:
        target = stage(order)
        status = {98: "won", 99: "lost"}.get(order, "open")
        changes.append((previous, target, "open", status, when))
        previous = target
    for from_stage, to_stage, from_status, to_status, when in changes:
        change = StageChange.objects.create(
            opportunity=deal,
            from_stage=from_stage,
            to_stage=to_stage,
            from_status=from_status,
            to_status=to_status,
        )
        StageChange.objects.filter(pk=change.pk).update(created_at=at(when))
    last_status = changes[-1][3]
    Opportunity.objects.filter(pk=deal.pk).update(
        stage=previous,
        status=last_status,
        lost_reason="Too expensive" if last_status == "lost" else "",
        closed_at=at(changes[-1][4]) if last_status != "open" else None,
        weighted_amount=Decimal(deal.amount) * previous.percentage / 100,
        win_probability=Decimal(previous.percentage) / 100,
    )
    deal.refresh_from_db()
    return deal
