"""The follow-up counts as kept, and as counted afresh from the follow-ups."""

from collections import Counter
from datetime import timedelta

from django.utils import timezone

from opportunities.models import Activity
from reports.follow_up_counts import FollowUpCount
from reports.metrics.day_spans import Span, block_last


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
        firsts = {
            Span.DAY: day,
            Span.WEEK: day - timedelta(days=day.weekday()),
            Span.MONTH: day.replace(day=1),
            Span.YEAR: day.replace(month=1, day=1),
        }
        for span, first in firsts.items():
            assert block_last(span, first) >= day
            key = (span.value, first, follow_up.logged_by_id)
            counts[(*key, follow_up.customer.owner_id, follow_up.kind)] += 1
    return counts
