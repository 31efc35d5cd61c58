"""The PostgreSQL triggers that keep `PerformanceCount` (see `performance_counts.py`).

Row triggers, each with a WHEN clause, so that the writes that change none of
the figures (a deal's next contact, the nightly recompute of open deals, a
contract's draft lines) do not call them at all. A change is one or two
(owner, measure, day, ±total) rows, each added to its day, week, month and
year in one upsert (`block_counts_sql.add_to_blocks`).

A payment reads its contract's owner FOR SHARE, so a change of that owner in
another transaction waits for this one (or this one for it) and the money
moves with the owner exactly once.
"""

from zoneinfo import ZoneInfo

from contracts.models import ContractStatus
from opportunities.models import OpportunityStatus
from reports.block_counts_sql import add_to_blocks, zone_function, zone_of
from reports.performance_counts import Measure

COUNTS = "reports_performancecount"
KEYS = ("owner_id", "measure")
LOCK_ORDER = ("owner_id", "span", "first_day", "measure")
DEALS = "opportunities_opportunity"
CONTRACTS = "contracts_contract"
PAYMENTS = "payments_payment"
CUSTOMERS = "customers_customer"
ZONE_FUNCTION = "performance_count_zone"

WON = f"'{OpportunityStatus.WON.value}'"
IN_FORCE = ", ".join(
    f"'{status.value}'" for status in (ContractStatus.SIGNED, ContractStatus.COMPLETED)
)

ADD = f"""
CREATE FUNCTION performance_count_add(
    p_owner bigint, p_measure text, p_day date, p_total numeric
) RETURNS void AS $$
    WITH per_day AS (
        SELECT p_owner AS owner_id, p_measure AS measure, p_day AS day, p_total AS n
        WHERE p_day IS NOT NULL
    )
    {add_to_blocks(COUNTS, KEYS, LOCK_ORDER, "total")}
$$ LANGUAGE sql;
"""


def _local_day(column: str, zone: str) -> str:
    return f"({column} AT TIME ZONE '{zone}')::date"


def _function(name: str, declare: str, removed: str, added: str) -> str:
    """A row trigger's function: take the old row's figure away, add the new one's."""
    return f"""
CREATE FUNCTION {name}() RETURNS trigger AS $$
{declare}
BEGIN
    IF TG_OP <> 'INSERT' THEN
        {removed}
    END IF;
    IF TG_OP <> 'DELETE' THEN
        {added}
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""


def _triggers(
    name: str,
    table: str,
    changed: tuple[str, ...],
    counted: str = "",
    moves: str = "",
) -> str:
    """Row triggers calling `name`: for a row that is or was `counted` (a
    condition on one row, written with ROW; every row when empty), and on
    an update only when one of the `changed` columns changed, or when
    `moves` (a condition on OLD and NEW) holds."""
    old, new = counted.replace("ROW.", "OLD."), counted.replace("ROW.", "NEW.")
    update = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in changed)
    if counted:
        update = f"(({old}) OR ({new})) AND ({update})"
    if moves:
        update = f"({update}) OR ({moves})"
    insert, delete = (f" WHEN ({new})", f" WHEN ({old})") if counted else ("", "")
    return f"""
CREATE TRIGGER {name}_insert AFTER INSERT ON {table}
    FOR EACH ROW{insert} EXECUTE FUNCTION {name}();
CREATE TRIGGER {name}_delete AFTER DELETE ON {table}
    FOR EACH ROW{delete} EXECUTE FUNCTION {name}();
CREATE TRIGGER {name}_update AFTER UPDATE ON {table}
    FOR EACH ROW WHEN ({update}) EXECUTE FUNCTION {name}();
"""


def _add(owner: str, measure: Measure, day: str, total: str) -> str:
    return f"PERFORM performance_count_add({owner}, '{measure}', {day}, {total});"


def _deal(zone: str) -> str:
    def won(row: str, sign: str) -> str:
        day = _local_day(f"{row}.closed_at", zone)
        add = _add(f"{row}.owner_id", Measure.WON, day, f"{sign}{row}.amount")
        return f"IF {row}.status = {WON} THEN {add} END IF;"

    return _function(
        "performance_count_deal", "", won("OLD", "-"), won("NEW", "")
    ) + _triggers(
        "performance_count_deal",
        DEALS,
        ("status", "owner_id", "closed_at", "amount"),
        counted=f"ROW.status = {WON}",
    )


def _contract() -> str:
    def contracted(row: str, sign: str) -> str:
        add = _add(
            f"{row}.owner_id",
            Measure.CONTRACTED,
            f"{row}.signed_on",
            f"{sign}{row}.amount",
        )
        return f"IF {row}.status IN ({IN_FORCE}) THEN {add} END IF;"

    # A contract handed to someone else takes the money received on it along.
    received = f"""
        IF TG_OP = 'UPDATE' AND OLD.owner_id IS DISTINCT FROM NEW.owner_id THEN
            PERFORM performance_count_add(
                o.owner_id, '{Measure.RECEIVED}', p.received_on, o.sign * SUM(p.amount))
            FROM {PAYMENTS} p
            CROSS JOIN (VALUES (OLD.owner_id, -1), (NEW.owner_id, 1))
                AS o (owner_id, sign)
            WHERE p.contract_id = NEW.id
            GROUP BY o.owner_id, o.sign, p.received_on
            ORDER BY o.owner_id, p.received_on;
        END IF;"""
    return _function(
        "performance_count_contract",
        "",
        contracted("OLD", "-"),
        contracted("NEW", "") + received,
    ) + _triggers(
        "performance_count_contract",
        CONTRACTS,
        ("status", "owner_id", "signed_on", "amount"),
        counted=f"ROW.status IN ({IN_FORCE})",
        # Payments count whatever the contract's status is now.
        moves="OLD.owner_id IS DISTINCT FROM NEW.owner_id",
    )


def _payment() -> str:
    def received(row: str, sign: str) -> str:
        add = _add(
            "v_owner", Measure.RECEIVED, f"{row}.received_on", f"{sign}{row}.amount"
        )
        return f"""
        SELECT owner_id INTO v_owner FROM {CONTRACTS}
        WHERE id = {row}.contract_id FOR SHARE;
        IF v_owner IS NOT NULL THEN {add} END IF;"""

    return _function(
        "performance_count_payment",
        "DECLARE v_owner bigint;",
        received("OLD", "-"),
        received("NEW", ""),
    ) + _triggers(
        "performance_count_payment", PAYMENTS, ("contract_id", "received_on", "amount")
    )


def _customer(zone: str) -> str:
    def added(row: str, n: str) -> str:
        day = _local_day(f"{row}.created_at", zone)
        return _add(f"{row}.owner_id", Measure.CUSTOMERS, day, n)

    return _function(
        "performance_count_customer", "", added("OLD", "-1"), added("NEW", "1")
    ) + _triggers("performance_count_customer", CUSTOMERS, ("owner_id", "created_at"))


def keep_sql(zone: str) -> str:
    """Functions and triggers keeping the sums in `zone`'s days, and the first fill."""
    ZoneInfo(zone)  # refuse a name PostgreSQL would have to guess at
    return "\n".join(
        [
            zone_function(ZONE_FUNCTION, zone),
            ADD,
            _deal(zone),
            _contract(),
            _payment(),
            _customer(zone),
            recount_sql(zone),
        ]
    )


def recount_sql(zone: str) -> str:
    """Add up every deal, contract, payment and customer again in `zone`'s days,
    replacing the kept sums."""
    return f"""
DELETE FROM {COUNTS};
WITH per_day AS (
    SELECT owner_id, measure, day, SUM(n) AS n FROM (
        SELECT owner_id, '{Measure.WON}' AS measure,
               {_local_day("closed_at", zone)} AS day, amount AS n
        FROM {DEALS} WHERE status = {WON} AND closed_at IS NOT NULL
        UNION ALL
        SELECT owner_id, '{Measure.CONTRACTED}', signed_on, amount
        FROM {CONTRACTS} WHERE status IN ({IN_FORCE}) AND signed_on IS NOT NULL
        UNION ALL
        SELECT c.owner_id, '{Measure.RECEIVED}', p.received_on, p.amount
        FROM {PAYMENTS} p JOIN {CONTRACTS} c ON c.id = p.contract_id
        UNION ALL
        SELECT owner_id, '{Measure.CUSTOMERS}', {_local_day("created_at", zone)}, 1
        FROM {CUSTOMERS}
    ) AS figures
    GROUP BY 1, 2, 3
)
{add_to_blocks(COUNTS, KEYS, LOCK_ORDER, "total")}
"""


_TRIGGERS = {
    "performance_count_deal": DEALS,
    "performance_count_contract": CONTRACTS,
    "performance_count_payment": PAYMENTS,
    "performance_count_customer": CUSTOMERS,
}

UNDO = "\n".join(
    [
        *(
            f"DROP TRIGGER IF EXISTS {name}_{event} ON {table};"
            for name, table in _TRIGGERS.items()
            for event in ("insert", "delete", "update")
        ),
        *(f"DROP FUNCTION IF EXISTS {name}();" for name in _TRIGGERS),
        "DROP FUNCTION IF EXISTS performance_count_add(bigint, text, date, numeric);",
        "DROP FUNCTION IF EXISTS performance_count_zone();",
        f"DELETE FROM {COUNTS};",
    ]
)


def kept_zone(connection) -> str | None:
    """The zone the database adds up days in, or None where nothing is kept."""
    return zone_of(connection, ZONE_FUNCTION)
