import random

from django.core.management.base import BaseCommand
from django.db import transaction

from contracts.demo import seed_contracts
from customers.demo import seed_customers
from leads.demo import seed_leads
from opportunities.demo import seed_opportunities
from payments.demo import seed_receivables
from reports.coaching_demo import seed_coaching
from reports.demo import seed_history
from users.demo import DEMO_LOGINS, DEMO_PASSWORD, seed_users


class Command(BaseCommand):
    help = "Create the demo company, its logins and sample data; what exists is kept."

    @transaction.atomic
    def handle(self, *args, **options):
        # A fixed seed gives every fresh installation the same demo story.
        rng = random.Random(20261201)
        users = seed_users()
        leads = seed_leads(users, rng)
        customers = seed_customers(users, rng)
        deals = seed_opportunities(customers, rng)
        deals += seed_coaching(rng)
        deals += seed_history(rng)
        contracts = seed_contracts(rng)
        installments, payments, invoices = seed_receivables(rng)
        self.stdout.write(
            f"Demo data: {leads} new leads, {len(customers)} customers, "
            f"{deals} new opportunities, {contracts} new contracts, "
            f"{installments} installments, {payments} payments, "
            f"{invoices} invoices."
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data is ready. Logins (password {DEMO_PASSWORD}, "
                "unless it was changed since they were created):"
            )
        )
        for login in DEMO_LOGINS:
            team = f", {login.team}" if login.team else ""
            self.stdout.write(f"  {login.username:<10} ({login.role}{team})")
