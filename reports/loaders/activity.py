"""The sales behaviour report's rows: follow-ups, fresh deals, leads by source."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncWeek

from leads.models import Lead, LeadStatus
from opportunities.models import (
    Activity,
    OpenDealTotal,
    Opportunity,
    OpportunityStatus,
    open_totals_kept,
)
from reports.follow_up_counts import FollowUpCount, follow_up_counts_kept
from reports.loaders.kept_blocks import sum_over_blocks
from reports.loaders.sql import as_day
from reports.metrics.behaviour import week_starts
from reports.metrics.day_spans import Block, blocks, week_blocks
from reports.scope import Scope, local_midnight
from users.counting import count_rows

TOUCH_WINDOWS = (7, 14)


def follow_ups(scope: Scope):
    """Follow-ups logged in the period by the people in scope."""
    return Activity.objects.visible_to(scope.viewer).filter(
        logged_by__in=scope.people().values("pk"),
        occurred_at__gte=scope.since,
        occurred_at__lt=scope.until,
    )


def kept_counts(scope: Scope, found: list[Block], by: tuple[str, ...]) -> dict:
    """Key (the fields `by`) → kept follow-ups of the people in scope in `found`.

    Everyone's rows in those blocks for the whole company, each person's in
    turn otherwise (the people as a list, so that each is an index range).
    """
    counts = FollowUpCount.objects.visible_to(scope.viewer).filter(n__gt=0)
    if not scope.is_everyone:
        people = list(scope.people().values_list("pk", flat=True))
        counts = counts.filter(logged_by__in=people)
    return sum_over_blocks(counts, found, by)


def by_week_and_kind(scope: Scope) -> list[tuple]:
    """(Monday, kind, count) rows (one query)."""
    if follow_up_counts_kept():
        start, end = scope.period.start, scope.period.end
        weeks = [
            block
            for monday in week_starts(start, end)
            for block in week_blocks(monday, start, end)
        ]
        counts = kept_counts(scope, weeks, ("first_day", "kind"))
        return [(monday_of(day), kind, n) for (day, kind), n in counts.items()]
    rows = (
        follow_ups(scope)
        .order_by()
        .annotate(week=TruncWeek("occurred_at"))
        .values("week", "kind")
        .annotate(n=Count("*"))
    )
    return [(as_day(row["week"]), row["kind"], row["n"]) for row in rows]


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def by_person_and_kind(scope: Scope) -> list[tuple]:
    """(person id, kind, count) rows (one query)."""
    if follow_up_counts_kept():
        found = blocks(scope.period.start, scope.period.end)
        counts = kept_counts(scope, found, ("logged_by", "kind"))
        return [(person, kind, n) for (person, kind), n in counts.items()]
    rows = (
        follow_ups(scope).order_by().values("logged_by", "kind").annotate(n=Count("*"))
    )
    return [(row["logged_by"], row["kind"], row["n"]) for row in rows]


def by_person(scope: Scope) -> dict[int, int]:
    """Person id → follow-ups in the period (one query)."""
    totals: dict[int, int] = {}
    for person, _kind, n in by_person_and_kind(scope):
        totals[person] = totals.get(person, 0) + n
    return totals


def touched_since(today: date, days: int) -> date:
    """The first day of "the last `days` days" (the list filters by whole days)."""
    return today - timedelta(days=days)


def touched(scope: Scope, today: date) -> dict[int, dict]:
    """Person id → open deals and how many were contacted in the last 7 and 14 days.

    Where the database keeps the open totals, the open deals come from those
    and only the deals contacted in the last 14 days are read (an index of
    open deals by their last contact); elsewhere one pass over the open deals.
    """
    windows = {
        f"d{days}": count_rows(
            filter=Q(last_contact_at__gte=local_midnight(touched_since(today, days)))
        )
        for days in TOUCH_WINDOWS
    }
    open_deals = scope.deals().open().order_by().values("owner")
    if not open_totals_kept():
        rows = open_deals.annotate(open=Count("*"), **windows)
        return {row["owner"]: row for row in rows}
    figures = {
        row["owner"]: {"open": row["deals"], **dict.fromkeys(windows, 0)}
        for row in scope.scoped(OpenDealTotal.objects.all()).open_sums("owner")
    }
    oldest = local_midnight(touched_since(today, max(TOUCH_WINDOWS)))
    for row in open_deals.filter(last_contact_at__gte=oldest).annotate(**windows):
        if row["owner"] in figures:
            figures[row["owner"]].update({key: row[key] for key in windows})
    return figures


@dataclass
class SourceRow:
    source: str
    label: str
    leads: int
    converted: int
    won: int


def leads_by_source(scope: Scope) -> list[SourceRow]:
    """Leads created in the period by source: how many, converted, won (two queries).

    Won counts the won deals converted from those leads, found from the deals'
    side so that the leads are counted without a join.
    """
    leads = scope.scoped(Lead.objects).filter(
        created_at__gte=scope.since, created_at__lt=scope.until
    )
    rows = (
        leads.order_by()
        .values("source")
        .annotate(
            n=count_rows(),
            converted=count_rows(filter=Q(status=LeadStatus.CONVERTED)),
        )
    )
    won = dict(
        Opportunity.objects.filter(
            status=OpportunityStatus.WON,
            source_lead__isnull=False,
            source_lead__in=leads.values("pk"),
        )
        .order_by()
        .values("source_lead__source")
        .annotate(n=count_rows())
        .values_list("source_lead__source", "n")
    )
    labels = dict(Lead._meta.get_field("source").choices)
    return sorted(
        (
            SourceRow(
                row["source"],
                str(labels.get(row["source"], row["source"])),
                row["n"],
                row["converted"],
                won.get(row["source"], 0),
            )
            for row in rows
        ),
        key=lambda r: -r.leads,
    )
