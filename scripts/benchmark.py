"""Benchmarks: how list pages, the board and the bulk recompute scale.

The contract and receivable lists are measured with one contract for every
two deals (each with a three-installment plan, payments and an invoice).

Prints figures and ratios (time and queries at N and 10×N rows); it asserts
nothing. Usage:
    .venv/bin/python scripts/benchmark.py [N]        # default N=500
With DATABASE_URL set it runs on that database (a `bench_` copy is created and
dropped), otherwise on a throwaway SQLite file.
"""

import os
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("CRM_VAR_DIR", tempfile.mkdtemp(prefix="crm-bench-"))

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    get_runner,  # noqa: F401
    setup_test_environment,
)

from contracts.models import Contract  # noqa: E402
from customers.models import Customer  # noqa: E402
from opportunities.models import Opportunity, Stage  # noqa: E402
from opportunities.recompute import recompute_open_deals  # noqa: E402
from payments.models import Installment, Invoice, Payment  # noqa: E402
from users.models import Role, Team, User  # noqa: E402

PAGES = [
    "/",
    "/leads/",
    "/customers/",
    "/opportunities/",
    "/opportunities/board/",
    "/contracts/",
    "/payments/?window=all",
    "/payments/?window=overdue",
    "/payments/contracts/",
    "/payments/received/",
    "/payments/invoices/",
]


def make_deals(owner: User, count: int) -> None:
    stages = list(Stage.objects.open())
    start = Customer.objects.count()
    customers = Customer.objects.bulk_create(
        Customer(
            legal_name=f"基准客户{start + i}有限公司",
            name_normalized=f"基准客户{start + i}有限公司",
            owner=owner,
        )
        for i in range(max(1, count // 5))
    )
    Opportunity.objects.bulk_create(
        Opportunity(
            name=f"Deal {i}",
            owner=owner,
            customer=customers[i % len(customers)],
            stage=stages[i % len(stages)],
            amount=Decimal(10000 + i),
        )
        for i in range(count)
    )


def make_contracts(owner: User, count: int) -> None:
    """Signed contracts with a 30/60/10 plan: the first installment paid (late),
    the second half paid and overdue, the third not due; one invoice each."""
    if count <= 0:
        return
    customers = list(Customer.objects.filter(owner=owner).order_by("pk")[:200])
    start = Contract.objects.count()
    today = date.today()
    contracts = Contract.objects.bulk_create(
        Contract(
            number=f"BENCH-{start + i:07d}",
            title=f"基准合同 {start + i}",
            owner=owner,
            customer=customers[i % len(customers)],
            amount=Decimal("100000"),
            status="signed",
            signed_on=today - timedelta(days=90 + i % 200),
            # What the two payments and the invoice below add up to, as the
            # payments services would have stored.
            received_amount=Decimal("60000"),
            invoiced_amount=Decimal("30000"),
        )
        for i in range(count)
    )
    plan = [(-60, "30000", "30000"), (-5, "60000", "30000"), (90, "10000", "0")]
    Installment.objects.bulk_create(
        Installment(
            contract=contract,
            due_date=today + timedelta(days=days),
            amount=Decimal(amount),
            paid_amount=Decimal(paid),
        )
        for contract in contracts
        for days, amount, paid in plan
    )
    Payment.objects.bulk_create(
        Payment(
            contract=contract,
            received_on=today - timedelta(days=days),
            amount=Decimal("30000"),
            recorded_by=owner,
        )
        for contract in contracts
        for days in (50, 3)
    )
    Invoice.objects.bulk_create(
        Invoice(
            contract=contract,
            number=f"{90000000 + start + i:08d}",
            amount=Decimal("30000"),
            issued_on=today - timedelta(days=65),
            issued_by=owner,
        )
        for i, contract in enumerate(contracts)
    )


def measure(client: Client, path: str) -> tuple[float, int]:
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(path)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200, (path, response.status_code)
    return elapsed * 1000, len(queries)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    from django.test.utils import setup_databases, teardown_databases

    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        team = Team.objects.create(name="Bench")
        manager = User.objects.create_user(
            "bench-manager", role=Role.MANAGER, team=team
        )
        team.managers.add(manager)
        rep = User.objects.create_user("bench-rep", team=team)
        client = Client()
        client.force_login(manager)
        results = {}
        for size in (n, n * 10):
            make_deals(rep, size - Opportunity.objects.count())
            make_contracts(rep, size // 2 - Contract.objects.count())
            # Fresh planner statistics, as autovacuum keeps them in production;
            # without them PostgreSQL plans the bulk-loaded tables as if empty.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            for path in PAGES:
                measure(client, path)  # warm caches
                results[(path, size)] = measure(client, path)
            started = time.perf_counter()
            Stage.objects.filter(order=3).update(percentage=55)
            changed = recompute_open_deals()
            took = time.perf_counter() - started
            results[("recompute", size)] = (took * 1000, changed)
            Stage.objects.filter(order=3).update(percentage=50)
        print(f"{'page':<28}{'rows':>8}{'ms':>10}{'queries':>9}   ratio ms / queries")
        for path in PAGES:
            small, large = results[(path, n)], results[(path, n * 10)]
            for size, (ms, q) in ((n, small), (n * 10, large)):
                print(f"{path:<28}{size:>8}{ms:>10.1f}{q:>9}")
            print(
                f"{'':<28}{'':>8}{'':>10}{'':>9}   "
                f"×{large[0] / small[0]:.2f} / ×{large[1] / small[1]:.2f}"
            )
        for size in (n, n * 10):
            ms, changed = results[("recompute", size)]
            rate = size / (ms / 1000)
            print(
                f"recompute {size:>7} open deals: {ms:8.0f} ms, "
                f"{changed} changed, {rate:,.0f} deals/s"
            )
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
