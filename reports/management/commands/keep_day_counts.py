"""Count the follow-ups and the performance figures again in the configured
time zone's days (PostgreSQL)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from reports.local_day_counts import KEPT_IN_LOCAL_DAYS


class Command(BaseCommand):
    help = (
        "Reinstalls the triggers that keep the follow-up and performance "
        "counts and counts everything again, in local days of TIME_ZONE."
    )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Only PostgreSQL keeps counts per day.")
        with transaction.atomic(), connection.cursor() as cursor:
            for module, _check_id in KEPT_IN_LOCAL_DAYS.values():
                cursor.execute(module.UNDO)
                cursor.execute(module.keep_sql(settings.TIME_ZONE))
        self.stdout.write(f"Counted again in {settings.TIME_ZONE} days.")
