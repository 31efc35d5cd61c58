"""Time the background jobs and the lead import on the seeded database.

Each job runs inside a transaction that is rolled back, so measuring leaves
the database as it was: the reminder tick over every open deal, the daily
agenda for every salesperson and manager, and an import of generated leads
as a large upload is imported: a stored CSV file read and saved batch by batch
by the background job (`lead_import_run`). Optionally the same rows are also
imported one at a time through the row-by-row rule, as imports ran before
batches, to compare the two on the same database.
"""

import dataclasses
import time
from contextlib import contextmanager
from datetime import time as clock

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone

import users.notifications.notify as notify
from leads.import_jobs import lead_import_run
from leads.models import LeadImport
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


HEADERS = {"company_name": "公司名称", "contact_name": "联系人", "phone": "电话"}


def lead_values(n: int) -> dict[str, str]:
    """Generated import row n: each a different company and phone."""
    return {
        "company_name": f"导入测试{n}号贸易有限公司",
        "contact_name": "王伟",
        "phone": f"186{n:08d}",
    }


def lead_table(rows: int) -> Table:
    return Table(
        headers=HEADERS,
        rows=[Row(number=n + 2, values=lead_values(n)) for n in range(rows)],
    )


def lead_csv(rows: int) -> bytes:
    """The generated rows as an uploaded file (no value holds a comma)."""
    lines = [",".join(HEADERS.values())]
    lines += [",".join(lead_values(n).values()) for n in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def _import_in_background(admin: User, rows: int):
    def run() -> int:
        job = LeadImport.objects.create(
            owner=admin,
            file=ContentFile(lead_csv(rows), name="bench-leads.csv"),
            filename="bench-leads.csv",
            language="zh-hans",
        )
        try:
            return lead_import_run(import_id=job.pk).created_count
        finally:
            job.file.delete(save=False)  # the row goes with the rollback

    return run


def _import_row_by_row(admin: User, rows: int):
    table = lead_table(rows)
    one_at_a_time = dataclasses.replace(LEAD_IMPORT, batches=None)

    def run() -> int:
        saved, _skipped = import_rows(one_at_a_time, table, admin, only_valid=True)
        return saved

    return run


def time_jobs(
    admin: User, import_rows_count: int, row_by_row_count: int = 0
) -> list[dict]:
    results = [
        _timed("reminder tick", remind_deal_contacts, "reminders"),
        _timed("daily agendas", _agendas_now, "agendas"),
    ]
    if row_by_row_count:
        run = _import_row_by_row(admin, row_by_row_count)
        results.append(_timed("lead import, row by row", run, "leads"))
    if import_rows_count:
        run = _import_in_background(admin, import_rows_count)
        results.append(_timed("lead import, background job", run, "leads"))
    return results
