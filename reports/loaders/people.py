"""One row per salesperson: pipeline, results and habits over a period.

The workbench's rep table and the team totals read it; so can the coaching
pages. Four grouped queries whatever the number of deals or people (six
where the database keeps the open totals: see `open_figures`); the page
shows some of the rows, sorted, and the totals of all of them.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Q, Sum

from leads.contact_schedule import overdue_q
from opportunities.models import (
    OpenDealTotal,
    OpportunityStatus,
    open_totals_kept,
)
from opportunities.models.deals import stale_q
from reports.loaders.activity import by_person as follow_ups_by_person
from reports.metrics.funnel import win_rate
from reports.scope import Scope
from users.counting import count_rows

# The columns the table sorts by; a rate that cannot be computed sorts last.
SORTS = {
    "name": lambda row: str(row.person),
    "open": lambda row: row.open_deals,
    "pipeline": lambda row: row.pipeline,
    "weighted": lambda row: row.weighted,
    "won": lambda row: row.won_amount,
    "win_rate": lambda row: row.win_rate,
    "follow_ups": lambda row: row.follow_ups,
    "overdue": lambda row: row.overdue,
    "stale": lambda row: row.stale,
}
DEFAULT_SORT = "-overdue"


@dataclass
class RepRow:
    person: object
    open_deals: int = 0
    pipeline: Decimal = Decimal(0)
    weighted: Decimal = Decimal(0)
    overdue: int = 0
    stale: int = 0
    won: int = 0
    lost: int = 0
    won_amount: Decimal = Decimal(0)
    follow_ups: int = 0
    links: dict = field(default_factory=dict)

    @property
    def win_rate(self) -> float | None:
        return win_rate(self.won, self.lost)

    def add(self, other: "RepRow") -> None:
        for name in (
            "open_deals",
            "pipeline",
            "weighted",
            "overdue",
            "stale",
            "won",
            "lost",
            "won_amount",
            "follow_ups",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def rep_rows(scope: Scope, now: datetime, stale_days: int) -> list[RepRow]:
    """Every person in scope, with their figures (zero when they have none)."""
    people = list(scope.people().filter(is_active=True).select_related("team"))
    rows = {person.pk: RepRow(person) for person in people}
    for owner, figures in open_figures(scope, now, stale_days).items():
        if rep := rows.get(owner):
            rep.open_deals = figures["deals"]
            rep.overdue, rep.stale = figures["overdue"], figures["stale"]
            rep.pipeline = figures["amount"] or Decimal(0)
            rep.weighted = figures["weighted"] or Decimal(0)
    closed = (
        scope.deals()
        .filter(closed_at__gte=scope.since, closed_at__lt=scope.until)
        .order_by()
        .values("owner")
        .annotate(
            won=count_rows(filter=Q(status=OpportunityStatus.WON)),
            lost=count_rows(filter=Q(status=OpportunityStatus.LOST)),
            won_amount=Sum("amount", filter=Q(status=OpportunityStatus.WON)),
        )
    )
    for row in closed:
        if rep := rows.get(row["owner"]):
            rep.won, rep.lost = row["won"], row["lost"]
            rep.won_amount = row["won_amount"] or Decimal(0)
    for person, n in follow_ups_by_person(scope).items():
        if rep := rows.get(person):
            rep.follow_ups = n
    return list(rows.values())


def open_figures(scope: Scope, now: datetime, stale_days: int) -> dict[int, dict]:
    """Per owner: open deals, their amount and weighted amount, overdue, stale.

    One grouped pass over the open deals; where the database keeps the open
    totals, the money comes from those and only the overdue and the fresh
    (not stale) deals are counted, each through its own index.
    """
    open_deals = scope.deals().open().order_by().values("owner")
    if not open_totals_kept():
        rows = open_deals.annotate(
            deals=Count("*"),
            amount=Sum("amount"),
            weighted=Sum("weighted_amount"),
            overdue=count_rows(filter=overdue_q(now)),
            stale=count_rows(filter=stale_q(now, stale_days)),
        )
        return {row["owner"]: row for row in rows}
    kept = scope.scoped(OpenDealTotal.objects.all()).open_sums("owner")
    figures = {
        row["owner"]: {**row, "overdue": 0, "stale": row["deals"]} for row in kept
    }
    overdue = open_deals.filter(overdue_q(now)).annotate(count=Count("*"))
    for row in overdue:
        if row["owner"] in figures:
            figures[row["owner"]]["overdue"] = row["count"]
    fresh = (scope.deals().fresh(now, stale_days).order_by().values("owner")).annotate(
        count=Count("*")
    )
    for row in fresh:
        if row["owner"] in figures:
            figures[row["owner"]]["stale"] -= row["count"]
    return figures


def sorted_rows(rows: list[RepRow], sort: str) -> list[RepRow]:
    """Rows by a column of `SORTS` (`-column` descending), then by name."""
    key = SORTS[sort.lstrip("-")]
    rows = sorted(rows, key=SORTS["name"])
    present = [row for row in rows if key(row) is not None]
    missing = [row for row in rows if key(row) is None]
    return sorted(present, key=key, reverse=sort.startswith("-")) + missing


def total_row(label, reps: list[RepRow]) -> RepRow:
    """All the rows added up, under `label`."""
    total = RepRow(label)
    for rep in reps:
        total.add(rep)
    return total


def branch_rows(reps: list[RepRow], teams: list, branch_of: dict) -> list[RepRow]:
    """The rep rows added up per team of `teams`, each with the teams below it.

    `branch_of` maps a team id to the one of `teams` it falls under; people
    in no such team (the opened team's own members) are in no row.
    """
    rows = {team.pk: RepRow(team) for team in teams}
    for rep in reps:
        if (part := branch_of.get(rep.person.team_id)) in rows:
            rows[part].add(rep)
    return list(rows.values())
