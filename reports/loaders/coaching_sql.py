"""The coaching loaders' SQL: outcomes per person or team in one grouped query."""

from decimal import Decimal

from django.db.models import Case, Count, F, Func, IntegerField, Q, Sum, Value, When

from opportunities.models import OpportunityStatus
from reports.metrics.coaching import OutcomeRow


class WholeDays(Func):
    """Whole days from the second datetime to the first (PostgreSQL and SQLite)."""

    arity = 2
    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            template="FLOOR(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400)",
            arg_joiner=" - ",
            **extra,
        )

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )


def outcomes(deals, by: str) -> dict[int | None, list[OutcomeRow]]:
    """Key → outcome rows of `deals`, keyed `by` "owner" or "team" (one query).

    A deal's furthest stage is the furthest it entered (its history, or its
    stage now) other than lost, so the won stage is past every open one; the
    same rule as the funnel report's "reached", kept on the deal by the
    database (`opportunities.stage_facts`).
    """
    key = {"owner": F("owner_id"), "team": F("owner__team_id")}[by]
    won = Q(status=OpportunityStatus.WON)
    rows = (
        deals.order_by()
        .values("furthest_order", "status", key=key)
        .annotate(
            deals=Count("*"),
            amount=Sum("amount"),
            cycle=Sum(
                Case(
                    When(won, then=WholeDays(F("closed_at"), F("created_at"))),
                    default=Value(0),
                )
            ),
        )
    )
    result: dict[int | None, list[OutcomeRow]] = {}
    for row in rows:
        result.setdefault(row["key"], []).append(
            OutcomeRow(
                row["furthest_order"],
                row["status"],
                row["deals"],
                Decimal(row["amount"] or 0),
                int(row["cycle"] or 0),
            )
        )
    return result
