"""Opportunity rows and board cards: what the list, the board and a follow-up
logged from the list share."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from opportunities.models import Opportunity
from users.models import ReminderSettings, User


def mark_rows(
    opportunities: Iterable[Opportunity], *, now: datetime, days: int
) -> None:
    """Set what a row shows beyond its fields: stale, and next contact overdue.

    `days` is the "stale after" of `row_context`, which pages load once.
    """
    for opportunity in opportunities:
        opportunity.is_stale = opportunity.is_stale_at(now, days)
        opportunity.contact_overdue = opportunity.is_overdue_at(now)


def row_context(user: User) -> dict[str, Any]:
    """What every row or board card needs besides its deal, and the filters."""
    # A salesperson sees only their own deals: the owner would repeat on every
    # row, and there is no team to choose.
    sees_others = user.is_manager or user.is_admin
    return {
        "stale_days": ReminderSettings.load().stale_after_days,
        "show_owner": sees_others,
        "show_team": sees_others,
    }
