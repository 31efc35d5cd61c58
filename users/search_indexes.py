"""Trigram indexes for the lists' free-text search, on PostgreSQL only.

`SearchFilter` searches with `icontains`, which PostgreSQL runs as
`UPPER(col::text) LIKE UPPER('%…%')`; a GIN index of that expression's
trigrams (`pg_trgm`) finds the rows without reading the table. SQLite has
no such index and keeps scanning, which is fine at its sizes. Migrations
call `trigram_indexes` so the index exists only where the database has it.
"""

from django.db import migrations


def trigram_indexes(
    table: str, columns: dict[str, str], *, upper: bool = True
) -> migrations.RunPython:
    """A migration step adding `{index name: column}` trigram indexes on `table`.

    `upper` matches `icontains`; without it the index serves `contains`.
    """

    def create(apps, schema_editor):
        # Tests replay data migrations without a schema editor: nothing to do.
        if schema_editor is None or schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, column in columns.items():
            expression = f'"{column}"::text'
            if upper:
                expression = f"UPPER({expression})"
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
                f"USING gin (({expression}) gin_trgm_ops)"
            )

    def drop(apps, schema_editor):
        if schema_editor is None or schema_editor.connection.vendor != "postgresql":
            return
        for name in columns:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')

    return migrations.RunPython(create, drop, elidable=False)
