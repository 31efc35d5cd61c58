"""The counts the database keeps (follow-ups, stays), as kept and as counted
afresh from the rows they count."""

import math
from collections import Counter
from datetime import UTC, date, timedelta

from django.utils import timezone

from opportunities.models import Activity, StageChange
from reports.follow_up_counts import FollowUpCount
from reports.metrics.day_spans import Span, block_last
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
