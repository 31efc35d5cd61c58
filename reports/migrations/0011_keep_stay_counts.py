from django.db import migrations

from opportunities.migrations._postgresql import on_postgresql
from reports.stay_counts_sql import UNDO, keep_sql


class Migration(migrations.Migration):
    # PostgreSQL keeps the counts with triggers on the stage history and the
    # deals; elsewhere the funnel counts the stays itself and the table stays
    # empty. Apart from the table's migration: its unique index, which the
    # triggers' upserts name, is only created at the end of that migration.
    dependencies = [("reports", "0010_stay_counts")]

    operations = [migrations.RunPython(on_postgresql(keep_sql()), on_postgresql(UNDO))]
