from django.conf import settings
from django.db import migrations

from reports.follow_up_counts_sql import UNDO, keep_sql


# PostgreSQL keeps the counts with triggers on the follow-ups and customers;
# elsewhere the reports count the follow-ups themselves and this table stays
# empty. Days are local days in the configured time zone.
def on_postgresql(sql):
    def run(apps, schema_editor):
        # The tests replay data migrations after a flush with no schema
        # editor: the triggers outlive a flush, and the emptied follow-ups
        # leave nothing to count.
        if schema_editor is None:
            return
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql() if callable(sql) else sql)

    return run


def keep():
    return keep_sql(settings.TIME_ZONE)


class Migration(migrations.Migration):
    # Apart from the table's migration: its unique index, which the
    # triggers' upserts name, is only created at the end of that migration.
    dependencies = [("reports", "0008_follow_up_counts")]

    operations = [migrations.RunPython(on_postgresql(keep), on_postgresql(UNDO))]
