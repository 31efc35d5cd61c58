"""The upsert shared by the counts PostgreSQL keeps per calendar block.

A trigger's change is first a `per_day` set of (day, key columns…, ±n);
each row is added to its day, week (from Monday), month and year, in one
statement, in the order of the table's unique key so that concurrent
writers take row locks in the same order.
"""


def add_to_blocks(
    table: str, keys: tuple[str, ...], lock_order: tuple[str, ...], value: str = "n"
) -> str:
    """The INSERT … ON CONFLICT adding `per_day`'s rows to `table`'s blocks.

    `lock_order` is the table's unique key: span, first_day and `keys`;
    `value` the column that adds up `per_day`'s `n`.
    """
    columns = ", ".join(keys)
    values = ", ".join(f"d.{key}" for key in keys)
    groups = ", ".join(str(i) for i in range(1, len(keys) + 3))
    unique = ", ".join(lock_order)
    return f"""
    INSERT INTO {table} AS t (span, first_day, {columns}, {value})
    SELECT b.span, b.first_day, {values}, SUM(d.n)
    FROM per_day d
    CROSS JOIN LATERAL (VALUES
        ('day', d.day),
        ('week', date_trunc('week', d.day)::date),
        ('month', date_trunc('month', d.day)::date),
        ('year', date_trunc('year', d.day)::date)
    ) AS b (span, first_day)
    GROUP BY {groups}
    HAVING SUM(d.n) <> 0
    ORDER BY {unique}
    ON CONFLICT ({unique})
    DO UPDATE SET {value} = t.{value} + EXCLUDED.{value};
    """


def statement_trigger(name: str, table: str, event: str, tables: str, body: str) -> str:
    """A function running `body` and its trigger after each `event` statement
    on `table`, with the transition `tables` it names."""
    return f"""
CREATE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
    {body}
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER {name} AFTER {event} ON {table}
    REFERENCING {tables}
    FOR EACH STATEMENT EXECUTE FUNCTION {name}();
"""


def zone_function(name: str, zone: str) -> str:
    """A function answering the zone the days are counted in, for the check
    that it is still the configured one (`reports.checks`)."""
    return (
        f"CREATE FUNCTION {name}() RETURNS text"
        f" AS $$ SELECT '{zone}'::text $$ LANGUAGE sql IMMUTABLE;"
    )


def zone_of(connection, name: str) -> str | None:
    """The zone the function `name` answers, or None where it is not installed."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_proc WHERE proname = %s", [name])
        if cursor.fetchone() is None:
            return None
        cursor.execute(f"SELECT {name}()")
        return cursor.fetchone()[0]
