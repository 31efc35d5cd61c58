"""Migration steps that run SQL on PostgreSQL only (the triggers that keep
figures in step); SQLite gets its own in `opportunities.stage_facts`."""


def on_postgresql(sql: str):
    def run(apps, schema_editor):
        # The tests replay data migrations after a flush with no schema
        # editor: triggers outlive a flush, and the emptied tables leave
        # nothing to fill in.
        if schema_editor is None:
            return
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run
