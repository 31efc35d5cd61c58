"""Benchmark of the funnel and forecast reports at N deals, against their SQL.

Fills the database named by DATABASE_URL (which must be a scratch database:
its deals are replaced) with N deals spread over 12 months and 30 people in
3 teams, each deal with a dated stage history, then times each report page
as an administrator and as one team's manager, and the same SQL the page
ran, executed raw. Prints figures; asserts nothing. Usage:
    DATABASE_URL=postgres://…/scratch .venv/bin/python \\
        scripts/benchmark_reports.py [N]        # default N=100000
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from users.models import Role, Team, User  # noqa: E402

PAGES = [
    "/reports/funnel/?period=this_year",
    "/reports/funnel/?period=this_month",
    "/reports/forecast/?period=this_year",
]
RUNS = 3

FILL = """
INSERT INTO customers_customer (legal_name, name_normalized, owner_id, created_at,
    updated_at, credit_code, industry, region, address, website, phone, notes)
SELECT 'Bench customer ' || g, 'bench customer ' || g,
       (%(owners)s)[1 + g %% %(people)s],
       now(), now(), '', '', '', '', '', '', ''
FROM generate_series(1, %(customers)s) g;

INSERT INTO opportunities_opportunity (name, customer_id, content, amount, timeline,
    funding, stage_id, status, lost_reason, expected_win_date, closed_at,
    win_probability,
    weighted_amount, owner_id, created_at, updated_at, last_contact_at)
SELECT 'Deal ' || g, c.id, '', 10000 + g %% 90000, '', '',
       CASE WHEN g %% 10 < 3 THEN %(won)s WHEN g %% 10 < 6 THEN %(lost)s
            ELSE (%(open)s)[1 + g %% 5] END,
       CASE WHEN g %% 10 < 3 THEN 'won' WHEN g %% 10 < 6 THEN 'lost' ELSE 'open' END,
       CASE WHEN g %% 10 BETWEEN 3 AND 5 THEN 'Price' ELSE '' END,
       current_date + (g %% 200 - 20),
       CASE WHEN g %% 10 < 6 THEN now() - ((g %% 360) || ' days')::interval END,
       0.3, (10000 + g %% 90000) * 0.3, c.owner_id,
       now() - ((g %% 365) || ' days')::interval, now(),
       now() - ((g %% 30) || ' days')::interval
FROM generate_series(1, %(deals)s) g
JOIN customers_customer c ON c.id = %(first_customer)s + g %% %(customers)s;

INSERT INTO opportunities_stagechange (opportunity_id, from_stage_id, to_stage_id,
    from_status, to_status, changed_by_id, cause, reference, note, created_at,
    updated_at)
SELECT o.id, CASE WHEN s.n = 1 THEN NULL ELSE (%(open)s)[s.n - 1] END, (%(open)s)[s.n],
       CASE WHEN s.n = 1 THEN '' ELSE 'open' END, 'open', o.owner_id, 'hand', '', '',
       o.created_at + ((s.n - 1) * 6 || ' days')::interval, now()
FROM opportunities_opportunity o
JOIN LATERAL generate_series(1, 1 + o.id %% 5) AS s(n) ON true;
"""


def fill(deals: int) -> None:
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE opportunities_stagechange, opportunities_opportunity_competitors,"
            " opportunities_opportunity, customers_customer RESTART IDENTITY CASCADE"
        )
    teams = [Team.objects.get_or_create(name=f"Bench team {t}")[0] for t in range(3)]
    people = []
    for i in range(30):
        person, _ = User.objects.get_or_create(
            username=f"bench{i}", defaults={"team": teams[i % 3]}
        )
        people.append(person)
    manager, _ = User.objects.get_or_create(
        username="bench-manager", defaults={"role": Role.MANAGER, "team": teams[0]}
    )
    teams[0].managers.add(manager)
    User.objects.get_or_create(
        username="bench-admin", defaults={"role": Role.ADMIN, "is_superuser": True}
    )
    from opportunities.models import Stage

    open_ids = list(Stage.objects.open().order_by("order").values_list("pk", flat=True))
    customers = max(1, deals // 5)
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) + 1 FROM customers_customer")
        (first_customer,) = cursor.fetchone()
        statements = [s for s in FILL.split(";\n") if s.strip()]
        params = {
            "owners": [p.pk for p in people],
            "people": len(people),
            "customers": customers,
            "deals": deals,
            "first_customer": first_customer,
            "open": open_ids,
            "won": Stage.objects.get(kind="won").pk,
            "lost": Stage.objects.get(kind="lost").pk,
        }
        for statement in statements:
            cursor.execute(statement, params)
        cursor.execute("ANALYZE")


def measure(client: Client, path: str) -> tuple[float, float, int]:
    """Best page time, best time of its SQL run raw, and its query count."""
    page_times, sql_times = [], []
    for _run in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(path)
            page_times.append(time.perf_counter() - started)
        assert response.status_code == 200, (path, response.status_code)
        statements = [q["sql"] for q in queries.captured_queries]
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall() if cursor.description else None
        sql_times.append(time.perf_counter() - started)
    return min(page_times), min(sql_times), len(statements)


def main() -> None:
    deals = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a scratch PostgreSQL database.")
    started = time.perf_counter()
    fill(deals)
    print(f"Filled {deals} deals in {time.perf_counter() - started:.1f}s")
    setup_test_environment()
    for username in ("bench-admin", "bench-manager"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        for path in PAGES:
            page, sql, count = measure(client, path)
            print(
                f"{username:14} {path:40} page {page * 1000:7.0f} ms  "
                f"raw SQL {sql * 1000:7.0f} ms  ratio {page / sql:4.2f}  "
                f"{count} queries"
            )


if __name__ == "__main__":
    main()
