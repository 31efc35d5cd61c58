"""The PostgreSQL triggers that keep `StayCount` (see `stay_counts.py`).

A stay is a stage change whose end the database has written (`left_at`, see
`opportunities.stage_facts`); it counts for the UTC day its deal was created.
Statement-level triggers with transition tables on the stage history: a
statement that writes many changes (a seed's COPY, the end of the previous
stay written when a deal moves on) changes each count once. A deal whose
creation time is rewritten moves its stays to the new day; a deal deleted
before its history takes its stays with it (deleted after, none are left).
Every change is a set of (deal created at, stage, whole days, ±n) rows, added
to the day, its week, month and year (`block_counts_sql.py`).
"""

from reports.block_counts_sql import add_to_blocks, statement_trigger

COUNTS = "reports_staycount"
KEYS = ("stage_id", "days")
HISTORY = "opportunities_stagechange"
DEALS = "opportunities_opportunity"
DAYS = "FLOOR(EXTRACT(EPOCH FROM (s.left_at - s.created_at)) / 86400)::integer"


def _apply(moved: str) -> str:
    """The upsert of the rows `moved` selects: created_at, stage_id, days, n."""
    return f"""
    WITH moved AS ({moved}),
    per_day AS (
        SELECT (created_at AT TIME ZONE 'UTC')::date AS day, stage_id, days,
               SUM(n) AS n
        FROM moved GROUP BY 1, 2, 3
    )
    {add_to_blocks(COUNTS, KEYS, ("span", "first_day", *KEYS))}"""


def _stays(table: str, sign: int) -> str:
    """The finished stays of a transition table, with their deal's creation.

    The deals are read FOR SHARE, so a rewrite of a deal's creation time in
    another transaction waits for this one (or this one for it).
    """
    return f"""
    SELECT d.created_at, s.to_stage_id AS stage_id, {DAYS} AS days, {sign} AS n
    FROM {table} s
    JOIN (
        SELECT id, created_at FROM {DEALS}
        WHERE id IN (SELECT opportunity_id FROM {table})
        ORDER BY id FOR SHARE
    ) d ON d.id = s.opportunity_id
    WHERE s.left_at IS NOT NULL
    """


def _deal_stays(deals: str, sign: int) -> str:
    """The finished stays of the deals of a transition table, at their creation."""
    return f"""
    SELECT d.created_at, s.to_stage_id AS stage_id, {DAYS} AS days, {sign} AS n
    FROM {deals} d JOIN {HISTORY} s ON s.opportunity_id = d.id
    WHERE s.left_at IS NOT NULL
    """


# name: (table, event, transition tables, what moves)
TRIGGERS = {
    "stay_count_added": (
        HISTORY,
        "INSERT",
        "NEW TABLE AS new_rows",
        _stays("new_rows", 1),
    ),
    "stay_count_removed": (
        HISTORY,
        "DELETE",
        "OLD TABLE AS old_rows",
        _stays("old_rows", -1),
    ),
    "stay_count_changed": (
        HISTORY,
        "UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        f"{_stays('new_rows', 1)} UNION ALL {_stays('old_rows', -1)}",
    ),
    "stay_count_deal_deleted": (
        DEALS,
        "DELETE",
        "OLD TABLE AS old_deals",
        _deal_stays("old_deals", -1),
    ),
}

# A deal's creation time is rarely rewritten: a row trigger that fires only
# then, so the many other updates of deals build no transition tables.
DEAL_CREATED_MOVED = f"""
CREATE FUNCTION stay_count_deal_created_moved() RETURNS trigger AS $$
BEGIN
    {
    _apply(
        _deal_stays("(SELECT NEW.id AS id, NEW.created_at AS created_at)", 1)
        + " UNION ALL "
        + _deal_stays("(SELECT OLD.id AS id, OLD.created_at AS created_at)", -1)
    )
}
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER stay_count_deal_created_moved AFTER UPDATE OF created_at ON {DEALS}
    FOR EACH ROW WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at)
    EXECUTE FUNCTION stay_count_deal_created_moved();
"""


def recount_sql() -> str:
    """Count every finished stay again, replacing the kept counts."""
    return f"DELETE FROM {COUNTS};\n{_apply(_deal_stays(DEALS, 1))}"


def keep_sql() -> str:
    """Functions and triggers keeping the counts, and the first count."""
    parts = []
    for name, (table, event, tables, moved) in TRIGGERS.items():
        parts.append(statement_trigger(name, table, event, tables, _apply(moved)))
    parts.append(DEAL_CREATED_MOVED)
    parts.append(recount_sql())
    return "\n".join(parts)


UNDO = "\n".join(
    [
        *(
            f"DROP TRIGGER IF EXISTS {name} ON {table};\n"
            f"DROP FUNCTION IF EXISTS {name}();"
            for name, (table, *_) in TRIGGERS.items()
        ),
        f"DROP TRIGGER IF EXISTS stay_count_deal_created_moved ON {DEALS};",
        "DROP FUNCTION IF EXISTS stay_count_deal_created_moved();",
        f"DELETE FROM {COUNTS};",
    ]
)
