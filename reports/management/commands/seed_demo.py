import random

from django.core.management.base import BaseCommand
from django.db import transaction

from contracts.demo import seed_contracts
from customers.demo import seed_customers
from leads.demo import seed_leads
from opportunities.demo import seed_opportunities
from payments.demo import seed_receivables
from reports.coaching_demo import seed_coaching
from users.demo import DEMO_LOGINS, DEMO_PASSWORD, seed_users


class Command(BaseCommand):
    help = "Create or refresh the demo company, its logins and sample data."

    @transaction.atomic
    def handle(self, *args, **options):
        # A fixed seed gives every fresh installation the same demo story.
        rng = random.Random(20261201)
        users = seed_users()
        leads = seed_leads(users, rng)
        customers = seed_customers(users, rng)
        deals = seed_opportunities(customers, rng)
        deals += seed_coaching(rng)
        contracts = seed_contracts(rng)
        installments, payments, invoices = seed_receivables(rng)
        self.stdout.write(
            f"Demo data: {leads} new leads, {len(customers)} customers, "
            f"{deals} new opportunities, {contracts} new contracts, "
            f"{installments} installments, {payments} payments, "
            f"{invoices} invoices."
        )
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Logins:"))
        for login in DEMO_LOGINS:
            team = f", {login.team}" if login.team else ""
            self.stdout.write(
                f"  {login.username:<10} {DEMO_PASSWORD}   ({login.role}{team})"
            )
