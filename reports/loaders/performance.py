"""The performance report's rows: money won, contracted and received, by month
and by person, with the targets that apply."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth

from contracts.models import Contract, ContractStatus
from customers.models import Customer
from payments.models import Payment
from reports.loaders import performance_kept as kept
from reports.loaders.forecast import won_by_month, won_by_owner
from reports.loaders.sql import as_month
from reports.loaders.targets import targets_by_month, targets_by_person
from reports.metrics.periods import month_end
from reports.metrics.targets import attainment, rank_within, running_totals
from reports.performance_counts import Measure, performance_counts_kept
from reports.scope import Scope, local_midnight
from users.filters import OWNER_FIELDS

IN_FORCE = [ContractStatus.SIGNED, ContractStatus.COMPLETED]


def contracts_signed(scope: Scope, first: date, last: date):
    """Contracts signed from `first` to `last` that are signed or completed now."""
    return scope.scoped(Contract.objects).filter(
        status__in=IN_FORCE, signed_on__gte=first, signed_on__lte=last
    )


def payments_received(scope: Scope, first: date, last: date):
    return scope.scoped(Payment.objects, "contract__owner").filter(
        received_on__gte=first, received_on__lte=last
    )


def _by_month(rows, date_field: str) -> dict[date, Decimal]:
    grouped = (
        rows.order_by()
        .annotate(month=TruncMonth(date_field))
        .values("month")
        .annotate(total=Sum("amount"))
    )
    return {as_month(row["month"]): row["total"] or Decimal(0) for row in grouped}


def new_customers_by_month(scope: Scope, first: date, last: date) -> dict[date, int]:
    """Customers added from `first` to `last`, by month (one query)."""
    rows = (
        scope.scoped(Customer.objects)
        .filter(
            created_at__gte=local_midnight(first),
            created_at__lt=local_midnight(last + timedelta(days=1)),
        )
        .order_by()
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("*"))
    )
    return {as_month(row["month"]): row["n"] for row in rows}


def _by_owner(rows, owner_field: str) -> dict[int, Decimal]:
    grouped = rows.order_by().values(owner_field).annotate(total=Sum("amount"))
    return {row[owner_field]: row["total"] or Decimal(0) for row in grouped}


@dataclass
class MonthRow:
    month: date
    won: Decimal = Decimal(0)
    contracted: Decimal = Decimal(0)
    received: Decimal = Decimal(0)
    target: Decimal | None = None
    received_target: Decimal | None = None
    new_customers: int = 0
    new_customers_target: int | None = None
    running_won: Decimal = Decimal(0)
    running_target: Decimal = Decimal(0)

    @property
    def attainment(self) -> float | None:
        return attainment(self.won, self.target)

    @property
    def received_attainment(self) -> float | None:
        return attainment(self.received, self.received_target)


def monthly_figures(scope: Scope, months: list[date]) -> dict[Measure, dict]:
    """Each measure by month of `months`: kept sums, or the rows added up."""
    if performance_counts_kept():
        return kept.by_month(scope, months, list(Measure))
    first, last = months[0], month_end(months[-1])
    contracts = contracts_signed(scope, first, last)
    payments = payments_received(scope, first, last)
    return {
        Measure.WON: won_by_month(scope, months),
        Measure.CONTRACTED: _by_month(contracts, "signed_on"),
        Measure.RECEIVED: _by_month(payments, "received_on"),
        Measure.CUSTOMERS: new_customers_by_month(scope, first, last),
    }


def by_month(scope: Scope) -> list[MonthRow]:
    """Each month: won, contracted, received, new customers, targets (four
    queries where the sums are kept, seven elsewhere)."""
    months = scope.period.months()
    figures = monthly_figures(scope, months)
    won = figures[Measure.WON]
    contracted = figures[Measure.CONTRACTED]
    received = figures[Measure.RECEIVED]
    customers = figures[Measure.CUSTOMERS]
    targets = targets_by_month(scope, months)
    received_targets = targets_by_month(scope, months, "received_amount")
    customer_targets = targets_by_month(scope, months, "new_customers")
    rows = [
        MonthRow(
            month,
            won.get(month, Decimal(0)),
            contracted.get(month, Decimal(0)),
            received.get(month, Decimal(0)),
            targets.get(month),
            received_targets.get(month),
            int(customers.get(month, 0)),
            customer_targets.get(month),
        )
        for month in months
    ]
    won_total = running_totals(row.won for row in rows)
    target_total = running_totals(row.target for row in rows)
    for row, running_won, running_target in zip(
        rows, won_total, target_total, strict=True
    ):
        row.running_won, row.running_target = running_won, running_target
    return rows


@dataclass
class PersonRow:
    person: object
    won: Decimal = Decimal(0)
    contracted: Decimal = Decimal(0)
    received: Decimal = Decimal(0)
    target: Decimal | None = None
    rank: int = 0
    team_size: int = 0

    @property
    def attainment(self) -> float | None:
        return attainment(self.won, self.target)


PERSON_MEASURES = [Measure.WON, Measure.CONTRACTED, Measure.RECEIVED]


def person_figures(scope: Scope) -> dict[Measure, dict[int, Decimal]]:
    """Won, contracted and received per owner over the period."""
    first, last = scope.period.start, scope.period.end
    if performance_counts_kept():
        return kept.by_owner(scope, first, last, PERSON_MEASURES)
    return {
        Measure.WON: won_by_owner(scope, first, last),
        Measure.CONTRACTED: _by_owner(contracts_signed(scope, first, last), "owner"),
        Measure.RECEIVED: _by_owner(
            payments_received(scope, first, last), "contract__owner"
        ),
    }


def by_person(scope: Scope) -> list[PersonRow]:
    """Each person with a figure or a target in the period, ranked in their team
    by the amount won (two queries where the sums are kept, four elsewhere)."""
    months = scope.period.months()
    figures = person_figures(scope)
    won = figures[Measure.WON]
    contracted = figures[Measure.CONTRACTED]
    received = figures[Measure.RECEIVED]
    targets = targets_by_person(scope, months)
    wanted = set(won) | set(contracted) | set(received) | set(targets)
    # Only what a row shows of a person: a thousand whole users cost more to
    # read than the figures themselves.
    people = (
        scope.people()
        .filter(pk__in=wanted)
        .select_related("team")
        .only(*OWNER_FIELDS, "team__name")
    )
    rows = [
        PersonRow(
            person,
            won.get(person.pk, Decimal(0)),
            contracted.get(person.pk, Decimal(0)),
            received.get(person.pk, Decimal(0)),
            targets.get(person.pk),
        )
        for person in people
    ]
    team_sizes: dict[object, int] = defaultdict(int)
    for row in rows:
        team_sizes[row.person.team_id] += 1
    ranked = rank_within([(row.person.pk, row.person.team_id, row.won) for row in rows])
    for row, rank in zip(rows, ranked, strict=True):
        row.rank = rank.rank
        row.team_size = team_sizes[row.person.team_id]
    rows.sort(key=lambda r: (str(r.person.team or ""), r.rank))
    return rows
