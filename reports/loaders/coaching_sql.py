"""The coaching loaders' SQL: outcomes per person or team in one grouped join."""

from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, Func, IntegerField

from opportunities.models import Stage, StageChange, StageKind
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


def days_sql(later: str, earlier: str) -> str:
    if connection.vendor == "postgresql":
        return f"FLOOR(EXTRACT(EPOCH FROM ({later} - {earlier})) / 86400)"
    return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"


def outcomes(deals, by: str) -> dict[int | None, list[OutcomeRow]]:
    """Key → outcome rows of `deals`, keyed `by` "owner" or "team" (one query).

    A deal's furthest stage is the furthest it entered (its history, or its
    stage now) other than lost, so the won stage is past every open one; the
    same rule as the funnel report's "reached".
    """
    column = {"owner": "o.owner_id", "team": "o.team_id"}[by]
    try:
        cohort_sql, params = (
            deals.values(
                "id",
                "amount",
                "stage_id",
                "status",
                "owner_id",
                "created_at",
                "closed_at",
            )
            .annotate(team_id=F("owner__team_id"))
            .query.sql_with_params()
        )
    except EmptyResultSet:  # a filter that can match nothing, such as `in []`
        return {}
    q = connection.ops.quote_name
    greatest = "GREATEST" if connection.vendor == "postgresql" else "MAX"
    sql = f"""
        SELECT {column},
               {greatest}(COALESCE(h.top, 0),
                   CASE WHEN st.kind = %s THEN 0 ELSE st.{q("order")} END),
               o.status, COUNT(*), SUM(o.amount),
               SUM(CASE WHEN o.status = 'won'
                   THEN {days_sql("o.closed_at", "o.created_at")} ELSE 0 END)
        FROM ({cohort_sql}) o
        JOIN {q(Stage._meta.db_table)} st ON st.id = o.stage_id
        LEFT JOIN (
            SELECT sc.opportunity_id, MAX(s2.{q("order")}) AS top
            FROM {q(StageChange._meta.db_table)} sc
            JOIN {q(Stage._meta.db_table)} s2 ON s2.id = sc.to_stage_id
            WHERE s2.kind <> %s
              AND sc.opportunity_id IN (SELECT id FROM ({cohort_sql}) c)
            GROUP BY sc.opportunity_id
        ) h ON h.opportunity_id = o.id
        GROUP BY 1, 2, 3
    """
    result: dict[int | None, list[OutcomeRow]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [StageKind.LOST, *params, StageKind.LOST, *params])
        for key, order, status, count, amount, cycle in cursor.fetchall():
            result.setdefault(key, []).append(
                OutcomeRow(
                    int(order), status, count, Decimal(amount or 0), int(cycle or 0)
                )
            )
    return result
