"""Opportunity rows and board cards: what the list, the board and a follow-up
logged from the list share.

A list renders 25 rows and the board up to 25 cards a column: what is the
same on every row (its words, the follow-up form's address) is worked out
once per page here, and what differs (a row's link, its flags) in one pass
over the rows; `list_row_html` writes the list's rows from them.
"""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from opportunities.models import Opportunity
from users.listing import pk_url
from users.models import ReminderSettings, User


def mark_rows(
    opportunities: Iterable[Opportunity], *, now: datetime, days: int
) -> None:
    """Set what a row shows beyond its fields: its page, stale, next contact overdue.

    `days` is the "stale after" of `row_context`, which pages load once.
    """
    detail_url = pk_url("opportunities:detail")
    for opportunity in opportunities:
        opportunity.url = detail_url(opportunity.pk)
        opportunity.is_stale = opportunity.is_stale_at(now, days)
        opportunity.contact_overdue = opportunity.is_overdue_at(now)


def row_context(user: User) -> dict[str, Any]:
    """What every row or board card needs besides its deal, and the filters."""
    # A salesperson sees only their own deals: the owner would repeat on every
    # row, and there is no team to choose.
    sees_others = user.is_manager or user.is_admin
    stale_days = ReminderSettings.cached().stale_after_days
    return {
        "stale_days": stale_days,
        "show_owner": sees_others,
        "show_team": sees_others,
        "row_labels": row_labels(stale_days),
        "log_url": reverse("opportunities:activity_log"),
    }


def row_labels(stale_days: int) -> dict[str, str]:
    """The words every list row repeats, translated once for the page."""
    return {
        "log_follow_up": _("Log follow-up"),
        "follow_up_logged": _("Follow-up logged"),
        "stale": _("Stale"),
        "stale_title": _("No next contact planned, or no follow-up for %(days)s days")
        % {"days": stale_days},
        "owner": _("Owner"),
        "stage": _("Stage"),
        "amount": _("Amount"),
        "probability": _("Probability"),
        "weighted": _("Weighted"),
        "next_contact": _("Next contact"),
        "won": _("Won"),
        "lost": _("Lost"),
    }
