"""Time the background jobs and the lead import on the seeded database.

Each job runs inside a transaction that is rolled back, so measuring leaves
the database as it was: the reminder tick over every open deal, the daily
agenda for every salesperson and manager, and an import of generated leads
through the same checks and saves as the import page.
"""

import time
from contextlib import contextmanager
from datetime import time as clock

from django.db import connection, transaction
from django.utils import timezone

import users.notifications.notify as notify
from leads.resources import LEAD_IMPORT
from opportunities.tasks import remind_deal_contacts
from reports.tasks import send_daily_agendas
from users.models import ReminderSettings, User
from users.spreadsheets.importing import import_rows
from users.spreadsheets.reading import Row, Table


@contextmanager
def rolled_back():
    """Run the block in a transaction that is undone, with delivery not queued."""
    queue = notify._queue
    notify._queue = lambda task, pk: None  # the jobs are measured, not the channels
    try:
        with transaction.atomic():
            yield
            transaction.set_rollback(True)
    finally:
        notify._queue = queue


@contextmanager
def counted():
    """Count queries without keeping them (a job may run hundreds of thousands)."""
    count = [0]

    def counter(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        yield count


def _timed(name: str, run, unit: str) -> dict:
    with rolled_back(), counted() as queries:
        started = time.perf_counter()
        done = run()
        seconds = time.perf_counter() - started
    return {
        "job": name,
        "done": done,
        "unit": unit,
        "seconds": round(seconds, 2),
        "per_second": round(done / seconds) if seconds else 0,
        "queries": queries[0],
    }


def _agendas_now() -> int:
    # The agenda goes out at its configured time: make that time now.
    now = timezone.localtime().replace(second=0, microsecond=0)
    ReminderSettings.load()
    ReminderSettings.objects.filter(pk=1).update(
        agenda_time=clock(now.hour, now.minute)
    )
    return send_daily_agendas()


def lead_table(rows: int) -> Table:
    """Generated import rows, each a different company and phone."""
    headers = {"company_name": "公司名称", "contact_name": "联系人", "phone": "电话"}
    return Table(
        headers=headers,
        rows=[
            Row(
                number=n + 2,
                values={
                    "company_name": f"导入测试{n}号贸易有限公司",
                    "contact_name": "王伟",
                    "phone": f"186{n:08d}",
                },
            )
            for n in range(rows)
        ],
    )


def time_jobs(admin: User, import_rows_count: int) -> list[dict]:
    results = [
        _timed("reminder tick", remind_deal_contacts, "reminders"),
        _timed("daily agendas", _agendas_now, "agendas"),
    ]
    if import_rows_count:
        table = lead_table(import_rows_count)

        def run_import() -> int:
            saved, _skipped = import_rows(LEAD_IMPORT, table, admin, only_valid=True)
            return saved

        results.append(_timed("lead import", run_import, "leads"))
    return results
