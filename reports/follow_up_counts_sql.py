"""The PostgreSQL triggers that keep `FollowUpCount` (see `follow_up_counts.py`).

Statement-level triggers with transition tables: a statement that writes many
follow-ups (an import, a seed's COPY, a bulk update) changes each count once.
Every change is a set of (logged by, customer owner, local day, kind, ±n)
rows, added to the day, its week, month and year in one upsert, in a fixed
order so that concurrent writers take row locks in the same order.

A follow-up's customer row is read FOR SHARE, so a change of that customer's
owner in another transaction waits for this one (or this one for it) and
the counts move with the owner exactly once.
"""

from zoneinfo import ZoneInfo

from reports.block_counts_sql import (
    add_to_blocks,
    statement_trigger,
    zone_function,
    zone_of,
)

COUNTS = "reports_followupcount"
KEYS = ("logged_by_id", "owner_id", "kind")
LOCK_ORDER = ("logged_by_id", "span", "first_day", "owner_id", "kind")
FOLLOW_UPS = "opportunities_activity"
CUSTOMERS = "customers_customer"
ZONE_FUNCTION = "follow_up_count_zone"


def _apply(zone: str, moved: str) -> str:
    """The upsert of the rows `moved` selects: logged_by, owner, at, kind, n."""
    return f"""
    WITH moved AS ({moved}),
    per_day AS (
        SELECT logged_by_id, owner_id, kind,
               (at AT TIME ZONE '{zone}')::date AS day, SUM(n) AS n
        FROM moved GROUP BY 1, 2, 3, 4
    )
    {add_to_blocks(COUNTS, KEYS, LOCK_ORDER)}"""


def _follow_ups(table: str, sign: int) -> str:
    """The follow-ups of a transition table with their customer's owner now."""
    return f"""
    SELECT f.logged_by_id, c.owner_id, f.occurred_at AS at, f.kind, {sign} AS n
    FROM {table} f
    JOIN (
        SELECT id, owner_id FROM {CUSTOMERS}
        WHERE id IN (SELECT customer_id FROM {table})
        ORDER BY id FOR SHARE
    ) c ON c.id = f.customer_id
    """


def keep_sql(zone: str) -> str:
    """Functions and triggers keeping the counts in `zone`, and the first fill."""
    ZoneInfo(zone)  # refuse a name PostgreSQL would have to guess at
    added = _follow_ups("new_rows", 1)
    removed = _follow_ups("old_rows", -1)
    owner_now = f"""
    SELECT f.logged_by_id, nc.owner_id, f.occurred_at AS at, f.kind, 1 AS n
    FROM new_customers nc JOIN old_customers oc ON oc.id = nc.id
    JOIN {FOLLOW_UPS} f ON f.customer_id = nc.id
    WHERE nc.owner_id IS DISTINCT FROM oc.owner_id
    UNION ALL
    SELECT f.logged_by_id, oc.owner_id, f.occurred_at, f.kind, -1
    FROM new_customers nc JOIN old_customers oc ON oc.id = nc.id
    JOIN {FOLLOW_UPS} f ON f.customer_id = nc.id
    WHERE nc.owner_id IS DISTINCT FROM oc.owner_id
    """
    # A customer deleted before its follow-ups (the foreign key is checked at
    # commit) takes their counts with it; deleted after, there are none left.
    customer_gone = f"""
    SELECT f.logged_by_id, oc.owner_id, f.occurred_at AS at, f.kind, -1 AS n
    FROM old_customers oc JOIN {FOLLOW_UPS} f ON f.customer_id = oc.id
    """
    functions = {
        "follow_up_count_added": (FOLLOW_UPS, "INSERT", "NEW TABLE AS new_rows", added),
        "follow_up_count_removed": (
            FOLLOW_UPS,
            "DELETE",
            "OLD TABLE AS old_rows",
            removed,
        ),
        "follow_up_count_changed": (
            FOLLOW_UPS,
            "UPDATE",
            "OLD TABLE AS old_rows NEW TABLE AS new_rows",
            f"{added} UNION ALL {removed}",
        ),
        "follow_up_count_owner_changed": (
            CUSTOMERS,
            "UPDATE",
            "OLD TABLE AS old_customers NEW TABLE AS new_customers",
            owner_now,
        ),
        "follow_up_count_customer_deleted": (
            CUSTOMERS,
            "DELETE",
            "OLD TABLE AS old_customers",
            customer_gone,
        ),
    }
    # The zone the days are counted in, for the check that it is still the
    # configured one (`reports.checks`).
    parts = [zone_function(ZONE_FUNCTION, zone)]
    for name, (table, event, tables, moved) in functions.items():
        parts.append(statement_trigger(name, table, event, tables, _apply(zone, moved)))
    parts.append(recount_sql(zone))
    return "\n".join(parts)


def recount_sql(zone: str) -> str:
    """Count every follow-up again in `zone`, replacing the kept counts."""
    everything = f"""
    SELECT f.logged_by_id, c.owner_id, f.occurred_at AS at, f.kind, 1 AS n
    FROM {FOLLOW_UPS} f JOIN {CUSTOMERS} c ON c.id = f.customer_id
    """
    return f"DELETE FROM {COUNTS};\n{_apply(zone, everything)}"


UNDO = f"""
DROP TRIGGER IF EXISTS follow_up_count_added ON {FOLLOW_UPS};
DROP TRIGGER IF EXISTS follow_up_count_removed ON {FOLLOW_UPS};
DROP TRIGGER IF EXISTS follow_up_count_changed ON {FOLLOW_UPS};
DROP TRIGGER IF EXISTS follow_up_count_owner_changed ON {CUSTOMERS};
DROP TRIGGER IF EXISTS follow_up_count_customer_deleted ON {CUSTOMERS};
DROP FUNCTION IF EXISTS follow_up_count_added();
DROP FUNCTION IF EXISTS follow_up_count_removed();
DROP FUNCTION IF EXISTS follow_up_count_changed();
DROP FUNCTION IF EXISTS follow_up_count_owner_changed();
DROP FUNCTION IF EXISTS follow_up_count_customer_deleted();
DROP FUNCTION IF EXISTS follow_up_count_zone();
DELETE FROM {COUNTS};
"""


def kept_zone(connection) -> str | None:
    """The zone the database counts days in, or None where nothing is kept."""
    return zone_of(connection, ZONE_FUNCTION)
