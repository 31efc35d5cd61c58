"""The opportunity list's rows: what the list and a follow-up logged from it share."""

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
    """What every row needs besides its deal."""
    return {
        "stale_days": settings.STALE_AFTER_DAYS,
        # A salesperson sees only their own deals: the column would repeat them.
        "show_owner": user.is_manager or user.is_admin,
    }
