"""What the workbench shows: the day's agenda and the pipeline, per viewer."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import Coalesce

from config.replica import replica_reads
from contracts.models import Contract, ContractStatus
from customers.models import Customer
from leads.models import Lead
from opportunities.models import OpenDealTotal, Opportunity, open_totals_kept
from opportunities.models.deals import stale_q
from payments.models import Installment
from payments.windows import Window, window_summary
from users.counting import count_rows
from users.models import User

AGENDA_LIMIT = 10


@dataclass(frozen=True)
class Pipeline:
    open_count: int
    amount: object
    weighted: object
    stale_count: int


def agenda_deals(user: User, now: datetime) -> tuple[QuerySet, QuerySet]:
    """The viewer's own open deals to contact today, and those overdue."""
    mine = Opportunity.objects.open().filter(owner=user).for_list()
    today, overdue = mine.due_today(now), mine.overdue(now)
    return (
        today.order_by("next_contact_at")[:AGENDA_LIMIT],
        overdue.order_by("next_contact_at")[:AGENDA_LIMIT],
    )


def agenda_leads(user: User, now: datetime) -> QuerySet:
    """The viewer's open leads to contact today or overdue."""
    mine = Lead.objects.open().filter(owner=user)
    due = mine.due_today(now) | mine.overdue(now)
    return due.order_by("next_contact_at")[:AGENDA_LIMIT]


def contact_counts(user: User, now: datetime) -> dict[str, int]:
    """The viewer's deals, customers and leads due today and overdue (My day's)."""
    totals = {"today": 0, "overdue": 0}
    for records in (
        Opportunity.objects.open(),
        Customer.objects.all(),
        Lead.objects.open(),
    ):
        counts = records.filter(owner=user).due_counts(now)
        totals = {key: totals[key] + counts[key] for key in totals}
    return totals


def pipeline(user: User, now: datetime, stale_days: int) -> Pipeline:
    """Open deals the viewer can see: count, amount, weighted amount, stale count.

    Stale after `stale_days` (the reminder settings', read once per page).
    """
    with replica_reads():
        if open_totals_kept():
            return _kept_pipeline(user, now, stale_days)
        # One pass over the open deals, read from the index of their totals.
        totals = (
            Opportunity.objects.visible_to(user)
            .open()
            .aggregate(
                open_count=Count("*"),
                amount=Sum("amount"),
                weighted=Sum("weighted_amount"),
                stale_count=count_rows(filter=stale_q(now, stale_days)),
            )
        )
    return Pipeline(**totals)


def _kept_pipeline(user: User, now: datetime, stale_days: int) -> Pipeline:
    """The same figures from the kept totals, and the deals touched lately.

    Stale deals are most open deals in a large company; the fresh ones are
    few (contacted within the last days, with a next contact set), so they
    are counted through their index and taken from the total.
    """
    totals = OpenDealTotal.objects.visible_to(user).aggregate(
        open_count=Coalesce(Sum("deals"), 0),
        amount=Sum("amount"),
        weighted=Sum("weighted"),
    )
    fresh = Opportunity.objects.visible_to(user).open().fresh(now, stale_days).count()
    return Pipeline(**totals, stale_count=totals["open_count"] - fresh)


@dataclass(frozen=True)
class Receivables:
    overdue_count: int
    overdue_amount: Decimal
    week_count: int
    week_amount: Decimal


def receivables(user: User, today: date) -> Receivables:
    """Unpaid installments the viewer sees: overdue, and due from today to Sunday.

    The same windows as the receivables list the cards open (one query).
    """
    unpaid = Installment.objects.visible_to(user).receivable().unpaid()
    with replica_reads():
        summary = window_summary(unpaid, today)
    overdue, week = summary[Window.OVERDUE], summary[Window.WEEK]
    return Receivables(
        overdue_count=overdue["count"],
        overdue_amount=overdue["amount"],
        week_count=week["count"],
        week_amount=week["amount"],
    )


def contracts_to_approve(user: User) -> QuerySet:
    """Submitted contracts of the people the viewer approves for (never their own)."""
    if not (user.is_manager or user.is_admin):
        return Contract.objects.none()
    return (
        Contract.objects.visible_to(user)
        .filter(status=ContractStatus.SUBMITTED)
        .exclude(owner=user)
        .for_list()
        .order_by("updated_at")[:AGENDA_LIMIT]
    )
