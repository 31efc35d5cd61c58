"""Importing a large lead file in the background, a batch at a time.

The upload is stored as a LeadImport and `run_lead_import` (leads.tasks)
reads it: each batch of rows is checked and saved by `LeadBatchImporter` in
one transaction with the import's counts and the rows it refused, so the
progress shown is always what is saved. Valid rows are saved; the others are
kept with their reasons (downloadable as CSV), as "import only the valid
rows" does on the preview of a small file.
"""

from __future__ import annotations

from itertools import islice
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from leads.import_batches import LeadBatchImporter
from leads.import_models import ImportStatus, LeadImport, LeadImportRefusal
from leads.resources import LEAD_COLUMNS, LEAD_IMPORT
from users.spreadsheets.reading import SpreadsheetError, stream_rows
from users.task_queue import send_task_on_commit

if TYPE_CHECKING:
    from collections.abc import Iterator

    from django.core.files.uploadedfile import UploadedFile

    from users.models import User
    from users.spreadsheets.importing import RowCheck
    from users.spreadsheets.reading import Row

BATCH_ROWS = 1000
UNEXPECTED = gettext_lazy(
    "The import stopped on an unexpected error. The leads counted above are "
    "saved: upload the file again and they will be skipped as duplicates."
)


@transaction.atomic
def lead_import_start(*, upload: UploadedFile, user: User, language: str) -> LeadImport:
    """Store the file and queue its import once this transaction commits."""
    from leads.tasks import run_lead_import  # the task module imports this one

    upload.seek(0)
    job = LeadImport.objects.create(
        owner=user, file=upload, filename=upload.name[:255], language=language
    )
    send_task_on_commit(run_lead_import, job.pk)
    return job


def lead_import_run(*, import_id: int, batch_rows: int = BATCH_ROWS) -> LeadImport:
    """Import the stored file from where it stands; a finished import is left.

    Started again after a stop (a worker restart), it goes on after the last
    saved batch. Each batch first checks that nobody else moved the import
    on, so two runs of the same import never save a row twice.
    """
    with transaction.atomic():
        job = LeadImport.objects.select_for_update().get(pk=import_id)
        if not job.is_running:
            return job
        job.status = ImportStatus.RUNNING
        job.started_at = job.started_at or timezone.now()
        job.save(update_fields=["status", "started_at", "updated_at"])
    with translation.override(job.language or None):
        try:
            finished = _run(job, batch_rows)
        except SpreadsheetError as exc:
            _finish(job, ImportStatus.FAILED, str(exc))
            return job
        except Exception:
            _finish(job, ImportStatus.FAILED, str(UNEXPECTED))
            raise
    if finished:
        _finish(job, ImportStatus.DONE)
    return job


def _run(job: LeadImport, batch_rows: int) -> bool:
    """Check and save every batch; False if another run took the import on."""
    with job.file.open("rb") as stored:
        data = stored.read()
    if job.total_rows is None:
        _headers, rows = stream_rows(data, job.filename, LEAD_COLUMNS)
        job.total_rows = sum(1 for _row in rows)
        LeadImport.objects.filter(pk=job.pk).update(total_rows=job.total_rows)
    headers, rows = stream_rows(data, job.filename, LEAD_COLUMNS)
    importer = LeadBatchImporter(job.owner, LEAD_IMPORT)
    done = job.processed_rows
    if done:
        refused = set(job.refusals.values_list("row_number", flat=True))
        importer.replay(list(islice(rows, done)), refused)
    for batch in _batches(rows, batch_rows):
        with transaction.atomic():
            locked = LeadImport.objects.select_for_update().get(pk=job.pk)
            if locked.processed_rows != done or not locked.is_running:
                return False
            checks = importer.check(batch, headers)
            created = importer.save(checks)
            refusals = _refusals(job, checks, importer.duplicates)
            LeadImportRefusal.objects.bulk_create(refusals)
            duplicates = sum(refusal.duplicate for refusal in refusals)
            LeadImport.objects.filter(pk=job.pk).update(
                processed_rows=F("processed_rows") + len(batch),
                created_count=F("created_count") + created,
                duplicate_count=F("duplicate_count") + duplicates,
                refused_count=F("refused_count") + len(refusals) - duplicates,
                updated_at=timezone.now(),
            )
        done += len(batch)
    return True


def _batches(rows: Iterator[Row], size: int) -> Iterator[list[Row]]:
    while batch := list(islice(rows, size)):
        yield batch


def _refusals(
    job: LeadImport, checks: list[RowCheck], duplicates: set[int]
) -> list[LeadImportRefusal]:
    return [
        LeadImportRefusal(
            lead_import=job,
            row_number=check.row.number,
            values=check.row.values,
            reasons="; ".join(_reason(error) for error in check.errors),
            duplicate=check.row.number in duplicates,
        )
        for check in checks
        if not check.ok
    ]


def _reason(error) -> str:
    """An error without its row number (the CSV has a column for that)."""
    if error.column:
        return f"{error.column}: {error.message}"
    return error.message


def _finish(job: LeadImport, status: str, error: str = "") -> None:
    LeadImport.objects.filter(pk=job.pk, status=ImportStatus.RUNNING).update(
        status=status, error=error, finished_at=timezone.now()
    )
    job.refresh_from_db()
