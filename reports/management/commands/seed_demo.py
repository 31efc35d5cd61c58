from django.core.management.base import BaseCommand
from django.db import transaction

from users.demo import DEMO_LOGINS, DEMO_PASSWORD, seed_users


class Command(BaseCommand):
    help = "Create or refresh the demo company, its logins and sample data."

    @transaction.atomic
    def handle(self, *args, **options):
        seed_users()
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Logins:"))
        for login in DEMO_LOGINS:
            team = f", {login.team}" if login.team else ""
            self.stdout.write(
                f"  {login.username:<10} {DEMO_PASSWORD}   ({login.role}{team})"
            )
