"""The counts the database keeps (follow-ups, stays, performance figures), as
kept and as counted afresh from the rows they count."""

import math
from collections import Counter
from datetime import UTC, date, timedelta

from django.utils import timezone

from contracts.models import Contract, ContractStatus
from customers.models import Customer
from opportunities.models import Activity, Opportunity, OpportunityStatus, StageChange
from payments.models import Payment
from reports.follow_up_counts import FollowUpCount
from reports.metrics.day_spans import Span, block_last
from reports.performance_counts import Measure, PerformanceCount
from reports.stay_counts import StayCount


def blocks_of(day: date) -> list[tuple[Span, date]]:
    """The day, week, month and year blocks that hold `day`."""
    firsts = {
        Span.DAY: day,
        Span.WEEK: day - timedelta(days=day.weekday()),
        Span.MONTH: day.replace(day=1),
        Span.YEAR: day.replace(month=1, day=1),
    }
    assert all(block_last(span, first) >= day for span, first in firsts.items())
    return list(firsts.items())


def kept() -> Counter:
    rows = FollowUpCount.objects.exclude(n=0)
    return Counter(
        {(r.span, r.first_day, r.logged_by_id, r.owner_id, r.kind): r.n for r in rows}
    )


def afresh() -> Counter:
    """Every follow-up in its local day, week, month and year."""
    counts = Counter()
    for follow_up in Activity.objects.select_related("customer"):
        day = timezone.localdate(follow_up.occurred_at)
        for span, first in blocks_of(day):
            key = (span.value, first, follow_up.logged_by_id)
            counts[(*key, follow_up.customer.owner_id, follow_up.kind)] += 1
    return counts


def kept_stays() -> Counter:
    rows = StayCount.objects.exclude(n=0)
    return Counter({(r.span, r.first_day, r.stage_id, r.days): r.n for r in rows})


def stays_afresh() -> Counter:
    """Every finished stay at its deal's UTC creation day, week, month, year."""
    counts = Counter()
    history = StageChange.objects.filter(left_at__isnull=False)
    for stay in history.select_related("opportunity"):
        day = stay.opportunity.created_at.astimezone(UTC).date()
        days = math.floor((stay.left_at - stay.created_at).total_seconds() / 86400)
        for span, first in blocks_of(day):
            counts[(span.value, first, stay.to_stage_id, days)] += 1
    return counts


def kept_performance() -> Counter:
    rows = PerformanceCount.objects.exclude(total=0)
    return Counter(
        {(r.span, r.first_day, r.owner_id, r.measure): r.total for r in rows}
    )


def performance_afresh() -> Counter:
    """Every won deal, contract in force, payment and customer in its blocks."""
    figures = []
    won = Opportunity.objects.filter(status=OpportunityStatus.WON)
    for deal in won.exclude(closed_at=None):
        day = timezone.localdate(deal.closed_at)
        figures.append((deal.owner_id, Measure.WON, day, deal.amount))
    in_force = [ContractStatus.SIGNED, ContractStatus.COMPLETED]
    contracts = Contract.objects.filter(status__in=in_force).exclude(signed_on=None)
    for contract in contracts:
        figures.append(
            (contract.owner_id, Measure.CONTRACTED, contract.signed_on, contract.amount)
        )
    for payment in Payment.objects.select_related("contract"):
        owner = payment.contract.owner_id
        figures.append((owner, Measure.RECEIVED, payment.received_on, payment.amount))
    for customer in Customer.objects.all():
        day = timezone.localdate(customer.created_at)
        figures.append((customer.owner_id, Measure.CUSTOMERS, day, 1))
    counts = Counter()
    for owner, measure, day, total in figures:
        for span, first in blocks_of(day):
            counts[(span.value, first, owner, measure.value)] += total
    return +counts
