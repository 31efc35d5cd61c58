import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from opportunities.models import Opportunity
from reports.scale_seed import PASSWORD, seed_company, triggers_off
from reports.scale_seed_money import seed_money


class Command(BaseCommand):
    help = (
        "Fill an empty database with a large company for benchmarks: "
        "salespeople, teams, customers, leads, deals, follow-ups and money."
    )

    def add_arguments(self, parser):
        parser.add_argument("--opportunities", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=17)

    def handle(self, *args, opportunities: int, seed: int, **options):
        if opportunities < 1:
            raise CommandError("--opportunities must be at least 1.")
        if Opportunity.objects.exists():
            raise CommandError(
                "The database already holds deals; seed_scale fills an empty one."
            )
        started = time.monotonic()
        self.last_line = 0.0

        def progress(name: str, done: int, total: int) -> None:
            # One line rewritten in place, at most a few times a second.
            now = time.monotonic()
            if now - self.last_line < 0.5 and done < total:
                return
            self.last_line = now
            line = f"\r  {name:<20} {done:>10,} / ~{total:,}  {now - started:7.1f} s"
            self.stdout.write(line, ending="")
            if done >= total:
                self.stdout.write("")
            sys.stdout.flush()

        with transaction.atomic(), triggers_off():
            made = seed_company(opportunities, seed=seed, progress=progress)
            money = seed_money(made["deals"], made["now"], made["rng"], progress)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Statistics for the planner, and the visibility map that lets
                # the covering indexes answer without reading the table (VACUUM
                # cannot run inside a transaction, as in tests).
                atomic = connection.in_atomic_block
                cursor.execute("ANALYZE" if atomic else "VACUUM ANALYZE")
        count = made["count"]
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {opportunities:,} opportunities, {count['customers']:,} "
                f"customers, {count['leads']:,} leads, {count['reps']:,} salespeople "
                f"in {count['teams']:,} teams, {money['contracts']:,} contracts "
                f"in {time.monotonic() - started:.0f} s."
            )
        )
        self.stdout.write(
            f"Logins (password {PASSWORD}): scaleadmin, head, director1, lead1, rep1."
        )
