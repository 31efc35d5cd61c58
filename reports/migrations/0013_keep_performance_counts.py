from django.conf import settings
from django.db import migrations

from opportunities.migrations._postgresql import on_postgresql
from reports.performance_counts_sql import UNDO, keep_sql


class Migration(migrations.Migration):
    # PostgreSQL keeps the sums with triggers on the deals, contracts,
    # payments and customers; elsewhere the performance report adds up the
    # rows itself and the table stays empty. Days are local days in the
    # configured time zone. Apart from the table's migration: its unique
    # index, which the upserts name, is only created at the end of that one.
    dependencies = [
        ("reports", "0012_performance_counts"),
        ("contracts", "0009_contract_owner_by_id"),
        ("payments", "0004_received_money_and_unpaid_indexes"),
        ("customers", "0009_covering_indexes_for_the_workbench"),
    ]

    operations = [
        migrations.RunPython(
            on_postgresql(keep_sql(settings.TIME_ZONE)), on_postgresql(UNDO)
        )
    ]
