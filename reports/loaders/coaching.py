"""The coaching pages' rows: each person's outcomes and hygiene, and their team's.

Everything is grouped by owner in SQL (a handful of queries whatever the
number of deals); the figures themselves come from `reports.metrics`.

The benchmark of a person is the rest of their own team. A salesperson looking
at themselves sees the team's totals and rates only, never a teammate's deal.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from leads.contact_schedule import overdue_q
from opportunities.models import (
    DeterminationMode,
    FunnelSettings,
    JudgmentCriterion,
    MetCriterion,
    Opportunity,
    Stage,
    missing_decision_maker_q,
)
from reports.loaders.coaching_sql import WholeDays, outcomes
from reports.metrics.coaching import (
    OutcomeRow,
    Results,
    StageRates,
    Weakness,
    results,
    sales_velocity,
    stage_rates,
    weakest_stage,
)
from reports.metrics.funnel import StageInfo, median_from_histogram
from reports.metrics.hygiene import Hygiene, HygieneCounts, hygiene
from reports.scope import Scope
from users.counting import count_rows
from users.models import ReminderSettings


@dataclass
class Capability:
    """One person's (or the rest of a team's) figures over the period."""

    rows: list[OutcomeRow] = field(default_factory=list)
    open_deals: int = 0
    qualified: int = 0
    future: int = 0
    overdue: int = 0
    past_expected: int = 0
    not_backed: int = 0
    no_competitor: int = 0
    missing_decision_maker: int = 0
    contact_days: list[tuple[int, int]] = field(default_factory=list)

    def add(self, other: "Capability") -> None:
        self.rows += other.rows
        self.contact_days += other.contact_days
        for name in (
            "open_deals",
            "qualified",
            "future",
            "overdue",
            "past_expected",
            "not_backed",
            "no_competitor",
            "missing_decision_maker",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def results(self) -> Results:
        return results(self.rows)

    def rates(self, stages: list[StageInfo]) -> list[StageRates]:
        return stage_rates(stages, self.rows)

    def velocity(self) -> Decimal | None:
        figures = self.results()
        return sales_velocity(
            self.qualified,
            figures.average_won_amount,
            figures.win_rate,
            figures.average_cycle_days,
        )

    def hygiene(self, rules: "HygieneRules") -> Hygiene:
        return hygiene(
            HygieneCounts(
                open_deals=self.open_deals,
                future_contact=self.future,
                overdue_contact=self.overdue,
                median_days_since_contact=median_from_histogram(self.contact_days),
                past_expected_win=self.past_expected,
                stage_not_backed=self.not_backed if rules.mode_a else None,
                no_competitor_info=self.no_competitor,
                missing_decision_maker=(
                    self.missing_decision_maker if rules.decision_maker else None
                ),
            ),
            stale_days=rules.stale_days,
        )


def stage_infos(stages: list[Stage]) -> list[StageInfo]:
    return [StageInfo(s.pk, s.order) for s in stages]


@dataclass(frozen=True)
class HygieneRules:
    """What hygiene counts now, from the configuration.

    Stage backing only in determination mode A; missing decision makers only
    when some open stage needs one; recency against the stale threshold.
    """

    mode_a: bool
    decision_maker: bool
    stale_days: int


def hygiene_rules(stages: list[Stage]) -> HygieneRules:
    return HygieneRules(
        mode_a=FunnelSettings.load().mode == DeterminationMode.PER_STAGE,
        decision_maker=any(stage.needs_decision_maker for stage in stages),
        stale_days=ReminderSettings.load().stale_after_days,
    )


def capabilities(
    deals, scope: Scope, stages: list[Stage], now: datetime
) -> dict[int, Capability]:
    """Owner id → figures, for the given deals (three grouped queries)."""
    by_owner: dict[int, Capability] = defaultdict(Capability)
    cohort = deals.filter(created_at__gte=scope.since, created_at__lt=scope.until)
    for owner, rows in outcomes(cohort, "owner").items():
        by_owner[owner].rows = rows
    add_hygiene(by_owner, deals, stages, now)
    return by_owner


def add_hygiene(
    by_owner: dict[int, Capability], deals, stages: list[Stage], now: datetime
) -> None:
    """Each owner's open-deal counts that hygiene is made of (two queries)."""
    today = timezone.localdate(now)
    first_order = min((s.order for s in stages), default=0)
    backed = MetCriterion.objects.filter(
        opportunity=OuterRef("pk"), criterion__stage=OuterRef("stage")
    )
    has_criteria = JudgmentCriterion.objects.filter(stage=OuterRef("stage"))
    has_competitor = Opportunity.competitors.through.objects.filter(
        opportunity=OuterRef("pk")
    )
    open_rows = (
        deals.open()
        .order_by()
        .values("owner")
        .annotate(
            n=Count("*"),
            qualified=count_rows(filter=Q(stage_order__gt=first_order)),
            future=count_rows(filter=Q(next_contact_at__gt=now)),
            overdue=count_rows(filter=overdue_q(now)),
            past=count_rows(filter=Q(expected_win_date__lt=today)),
            not_backed=count_rows(filter=Q(Exists(has_criteria), ~Exists(backed))),
            no_competitor=count_rows(filter=~Q(Exists(has_competitor))),
            missing_decision_maker=count_rows(filter=missing_decision_maker_q()),
        )
    )
    for row in open_rows:
        person = by_owner[row["owner"]]
        person.open_deals, person.qualified = row["n"], row["qualified"]
        person.future, person.overdue = row["future"], row["overdue"]
        person.past_expected, person.not_backed = row["past"], row["not_backed"]
        person.no_competitor = row["no_competitor"]
        person.missing_decision_maker = row["missing_decision_maker"]
    since_contact = (
        deals.open()
        .order_by()
        .annotate(
            days=WholeDays(Value(now), Coalesce(F("last_contact_at"), F("created_at")))
        )
        .values("owner", "days")
        .annotate(n=Count("*"))
    )
    for row in since_contact:
        by_owner[row["owner"]].contact_days.append((row["days"], row["n"]))


def benchmark(
    by_owner: dict[int, Capability], person_ids: list[int], excluding: int
) -> Capability:
    """The rest of a team: everyone in `person_ids` but `excluding`, added up."""
    total = Capability()
    for pk in person_ids:
        if pk != excluding and pk in by_owner:
            total.add(by_owner[pk])
    return total


def team_deals(team_ids: set[int], people: list[int] = ()):
    """Every deal owned by members of these teams (or these people).

    Not narrowed by the viewer: the benchmark shows only totals and rates.
    The members are read first, so the deals are found through the indexes
    that lead with the owner instead of being joined to their owners.
    """
    from users.models import User

    members = User.objects.filter(team_id__in=team_ids).values_list("pk", flat=True)
    return Opportunity.objects.filter(owner_id__in={*members, *people})


def weakness_for(
    mine: Capability, team: Capability, stages: list[StageInfo]
) -> Weakness | None:
    figures = mine.results()
    average = figures.average_won_amount or team.results().average_won_amount
    return weakest_stage(mine.rates(stages), team.rates(stages), average)


@dataclass
class CoachingRow:
    person: object
    hygiene: Hygiene
    results: Results
    velocity: Decimal | None
    weakness: Weakness | None
    weak_stage: Stage | None
    open_deals: int
    created: int


def coached_teams(scope: Scope) -> list:
    """The teams of the active people in scope, by name; None (no team) last."""
    from users.models import Team

    ids = set(scope.people().filter(is_active=True).values_list("team_id", flat=True))
    teams: list = list(Team.objects.filter(pk__in=ids - {None}).order_by("name"))
    return [*teams, None] if None in ids else teams


def coaching_rows(
    scope: Scope, stages: list[Stage], now: datetime, teams: list | None = None
) -> list[CoachingRow]:
    """One row per active person in scope, each against the rest of their team.

    With `teams`, only the people of those teams (None: of no team).
    """
    from users.models import User

    people = scope.people().filter(is_active=True).select_related("team")
    if teams is not None:
        ids = [team.pk for team in teams if team is not None]
        in_teams = Q(team_id__in=ids) | (
            Q(team__isnull=True) if None in teams else Q(pk__in=[])
        )
        people = people.filter(in_teams)
    people = list(people)
    team_ids = {p.team_id for p in people if p.team_id}
    members: dict[int, list[int]] = defaultdict(list)
    for pk, team_id in User.objects.filter(team_id__in=team_ids).values_list(
        "pk", "team_id"
    ):
        members[team_id].append(pk)
    alone = [p.pk for p in people if not p.team_id]
    by_owner = capabilities(team_deals(team_ids, alone), scope, stages, now)
    infos = stage_infos(stages)
    by_id = {stage.pk: stage for stage in stages}
    rules = hygiene_rules(stages)
    rows = []
    for person in people:
        mine = by_owner.get(person.pk, Capability())
        team = benchmark(by_owner, members.get(person.team_id, []), person.pk)
        weakness = weakness_for(mine, team, infos)
        rows.append(
            CoachingRow(
                person=person,
                hygiene=mine.hygiene(rules),
                results=mine.results(),
                velocity=mine.velocity(),
                weakness=weakness,
                weak_stage=by_id.get(weakness.stage_id) if weakness else None,
                open_deals=mine.open_deals,
                created=sum(r.deals for r in mine.rows),
            )
        )
    return rows
