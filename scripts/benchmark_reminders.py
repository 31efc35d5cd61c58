"""Benchmark of the reminder jobs: one reminder tick over many deals (with the
PostgreSQL plan of its scan) and the daily agenda for many salespeople.

Prints figures; asserts nothing. Delivery is not queued (the jobs are
measured, not the channels). Usage:
    DATABASE_URL=postgres://… .venv/bin/python scripts/benchmark_reminders.py \\
        [DEALS] [SALESPEOPLE]        # default 100000 deals, 1000 salespeople
It runs on a `test_` copy of the configured database, created and dropped.
"""

import os
import random
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("CRM_VAR_DIR", tempfile.mkdtemp(prefix="crm-bench-"))

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_databases,
    setup_test_environment,
    teardown_databases,
)
from django.utils import timezone  # noqa: E402

import users.notifications.notify as notify  # noqa: E402
from customers.models import Customer  # noqa: E402
from opportunities.models import Opportunity, Stage  # noqa: E402
from opportunities.tasks import remind_deal_contacts  # noqa: E402
from reports.tasks import send_daily_agendas  # noqa: E402
from users.models import Notification, ReminderSettings, Role, Team, User  # noqa: E402
from users.notifications.contact_reminders import due_for_reminder  # noqa: E402

BATCH = 10_000


def populate(deals: int, people: int) -> None:
    team = Team.objects.create(name="Bench")
    User.objects.bulk_create(
        User(username=f"rep{i}", role=Role.SALESPERSON, team=team, email="")
        for i in range(people)
    )
    reps = list(User.objects.filter(team=team))
    stages = list(Stage.objects.open())
    customers = Customer.objects.bulk_create(
        (
            Customer(
                legal_name=f"基准客户{i}有限公司",
                name_normalized=f"基准客户{i}有限公司",
                owner=reps[i % len(reps)],
            )
            for i in range(max(1, deals // 5))
        ),
        batch_size=BATCH,
    )
    now = timezone.now()
    rng = random.Random(12)
    rows = []
    for i in range(deals):
        customer = customers[i % len(customers)]
        rows.append(
            Opportunity(
                name=f"Deal {i}",
                owner_id=customer.owner_id,
                customer=customer,
                stage=stages[i % len(stages)],
                amount=Decimal(10000 + i),
                # Next contacts spread over a month around today; some none.
                next_contact_at=(
                    now + timedelta(minutes=rng.randint(-15 * 1440, 15 * 1440))
                    if i % 10
                    else None
                ),
                last_contact_at=now - timedelta(minutes=rng.randint(0, 30 * 1440)),
                expected_win_date=(now + timedelta(days=rng.randint(-20, 60))).date(),
            )
        )
        if len(rows) == BATCH:
            Opportunity.objects.bulk_create(rows)
            rows = []
    Opportunity.objects.bulk_create(rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main() -> None:
    deals = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    people = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    notify._queue = lambda task, pk: None  # measure the jobs, not delivery
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        started = time.perf_counter()
        populate(deals, people)
        print(
            f"{connection.vendor}: {Opportunity.objects.count():,} deals, "
            f"{people:,} salespeople (loaded in {time.perf_counter() - started:.0f} s)"
        )
        settings_row = ReminderSettings.load()
        lead_time = timedelta(minutes=settings_row.lead_minutes)
        scan = due_for_reminder(
            Opportunity.objects.open(), now=timezone.now(), lead_time=lead_time
        )
        print("\nReminder scan (one tick), EXPLAIN ANALYZE:")
        if connection.vendor == "postgresql":
            print(scan.explain(analyze=True, buffers=True))
        else:
            print(scan.explain())
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            sent = remind_deal_contacts()
        tick = time.perf_counter() - started
        db_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
        print(
            f"\nFirst tick: {sent} reminders in {tick * 1000:.0f} ms "
            f"({len(queries)} queries, {db_ms:.0f} ms in the database)"
        )
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            again = remind_deal_contacts()
        db_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
        print(
            f"Repeated tick: {again} reminders in "
            f"{(time.perf_counter() - started) * 1000:.0f} ms "
            f"({len(queries)} queries, {db_ms:.0f} ms in the database)"
        )

        local = timezone.localtime()
        ReminderSettings.objects.filter(pk=1).update(
            agenda_time=local.replace(second=0, microsecond=0).time()
        )
        # Counted, not captured: Django keeps only the last 9,000 queries.
        count = [0]

        def counter(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        started = time.perf_counter()
        with connection.execute_wrapper(counter):
            agendas = send_daily_agendas()
        took = time.perf_counter() - started
        print(
            f"\nDaily agenda: {agendas:,} agendas for {people:,} salespeople in "
            f"{took:.1f} s ({took / people * 1000:.1f} ms each, "
            f"{count[0]:,} queries)"
        )
        print(f"Notifications stored: {Notification.objects.count():,}")
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
