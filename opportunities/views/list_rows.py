"""Opportunity rows and board cards: what the list, the board and a follow-up
logged from the list share."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.conf import settings

from opportunities.models import Opportunity
from users.models import User


def mark_rows(opportunities: Iterable[Opportunity], *, now: datetime) -> None:
    """Set what a row shows beyond its fields: stale, and next contact overdue."""
    for opportunity in opportunities:
        opportunity.is_stale = opportunity.is_stale_at(now)
        opportunity.contact_overdue = bool(
            opportunity.is_open
            and opportunity.next_contact_at
            and opportunity.next_contact_at < now
        )


def row_context(user: User) -> dict[str, Any]:
    """What every row or board card needs besides its deal, and the filters."""
    # A salesperson sees only their own deals: the owner would repeat on every
    # row, and there is no team to choose.
    sees_others = user.is_manager or user.is_admin
    return {
        "stale_days": settings.STALE_AFTER_DAYS,
        "show_owner": sees_others,
        "show_team": sees_others,
    }
