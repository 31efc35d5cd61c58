"""Count the follow-ups again in the configured time zone (PostgreSQL)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from reports.follow_up_counts_sql import UNDO, keep_sql


class Command(BaseCommand):
    help = (
        "Reinstalls the triggers that keep the follow-up counts and counts "
        "every follow-up again, in local days of TIME_ZONE."
    )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Only PostgreSQL keeps follow-up counts.")
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(UNDO)
            cursor.execute(keep_sql(settings.TIME_ZONE))
        self.stdout.write(f"Follow-ups counted in {settings.TIME_ZONE} days.")
