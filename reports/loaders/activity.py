"""The sales behaviour report's rows: follow-ups, fresh deals, leads by source."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncWeek

from leads.models import Lead, LeadStatus
from opportunities.models import Activity, OpportunityStatus
from reports.loaders.sql import as_day
from reports.scope import Scope, local_midnight

TOUCH_WINDOWS = (7, 14)


def follow_ups(scope: Scope):
    """Follow-ups logged in the period by the people in scope."""
    return Activity.objects.visible_to(scope.viewer).filter(
        logged_by__in=scope.people().values("pk"),
        occurred_at__gte=scope.since,
        occurred_at__lt=scope.until,
    )


def by_week_and_kind(scope: Scope) -> list[tuple]:
    """(Monday, kind, count) rows (one query)."""
    rows = (
        follow_ups(scope)
        .order_by()
        .annotate(week=TruncWeek("occurred_at"))
        .values("week", "kind")
        .annotate(n=Count("*"))
    )
    return [(as_day(row["week"]), row["kind"], row["n"]) for row in rows]


def by_person_and_kind(scope: Scope) -> list[tuple]:
    """(person id, kind, count) rows (one query)."""
    rows = (
        follow_ups(scope).order_by().values("logged_by", "kind").annotate(n=Count("*"))
    )
    return [(row["logged_by"], row["kind"], row["n"]) for row in rows]


def touched_since(today: date, days: int) -> date:
    """The first day of "the last `days` days" (the list filters by whole days)."""
    return today - timedelta(days=days)


def touched(scope: Scope, today: date) -> dict[int, dict]:
    """Person id → open deals and how many were contacted in the last 7 and 14 days."""
    windows = {
        f"d{days}": Count(
            "id",
            filter=Q(last_contact_at__gte=local_midnight(touched_since(today, days))),
        )
        for days in TOUCH_WINDOWS
    }
    rows = (
        scope.deals()
        .open()
        .order_by()
        .values("owner")
        .annotate(open=Count("*"), **windows)
    )
    return {row["owner"]: row for row in rows}


@dataclass
class SourceRow:
    source: str
    label: str
    leads: int
    converted: int
    won: int


def leads_by_source(scope: Scope) -> list[SourceRow]:
    """Leads created in the period by source: how many, converted, won (one query)."""
    leads = scope.scoped(Lead.objects).filter(
        created_at__gte=scope.since, created_at__lt=scope.until
    )
    rows = (
        leads.order_by()
        .values("source")
        .annotate(
            n=Count("id", distinct=True),
            converted=Count("id", filter=Q(status=LeadStatus.CONVERTED), distinct=True),
            won=Count(
                "opportunities",
                filter=Q(opportunities__status=OpportunityStatus.WON),
                distinct=True,
            ),
        )
    )
    labels = dict(Lead._meta.get_field("source").choices)
    return sorted(
        (
            SourceRow(
                row["source"],
                str(labels.get(row["source"], row["source"])),
                row["n"],
                row["converted"],
                row["won"],
            )
            for row in rows
        ),
        key=lambda r: -r.leads,
    )
