"""CSV and XLSX download responses, every text cell neutralized."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from config.replica import read_alias, replica_reads
from users.spreadsheets.cells import neutralize_cell

if TYPE_CHECKING:
    from django.http import HttpRequest

# Rows fetched from the database at a time while a file is written.
CHUNK_SIZE = 2000
# Building a spreadsheet takes far longer than a CSV: beyond this many rows
# the download would outlast the browser's patience.
XLSX_MAX_ROWS = 100_000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_cell(value: Any) -> Any:
    """A value as written to a file: text neutralized, dates ISO, money plain."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return value
    return neutralize_cell(str(value))


def export_filename(stem: str, file_format: str) -> str:
    return f"{stem}-{timezone.localdate().isoformat()}.{file_format}"


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> StreamingHttpResponse:
    """A streamed CSV with a BOM, so Excel opens Chinese text correctly."""
    language = translation.get_language()

    def lines() -> Iterator[str]:
        writer = csv.writer(_Echo())
        yield "\ufeff" + writer.writerow([neutralize_cell(h) for h in header])
        # The body is produced after the view returns: keep the view's language.
        with translation.override(language):
            for row in rows:
                yield writer.writerow([_csv_text(export_cell(v)) for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _csv_text(value: Any) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def xlsx_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> FileResponse:
    """An XLSX written row by row to a temporary file, then streamed from it."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([neutralize_cell(h) for h in header])
    # export_cell leaves no character openpyxl refuses (it cleans every text).
    for row in rows:
        sheet.append([export_cell(value) for value in row])
    # The file is unlinked when the response closes it, after the download.
    target = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    workbook.save(target)
    target.seek(0)
    return FileResponse(
        target, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )


@dataclass(frozen=True)
class ExportColumn:
    label: str | Promise
    value: Callable[[Any], Any]


def choice_column(label: str | Promise, field: str) -> ExportColumn:
    """A choice field as its label, looked up once per value and language.

    `get_FOO_display()` costs a translation lookup per row: at a million
    rows that is most of an export's time.
    """
    labels: dict[tuple[str, Any], str] = {}

    def value(obj: Any) -> str:
        key = (translation.get_language(), getattr(obj, field))
        if key not in labels:
            labels[key] = str(getattr(obj, f"get_{field}_display")())
        return labels[key]

    return ExportColumn(label, value)


def export_response(
    request: HttpRequest,
    objects: QuerySet | Sequence,
    columns: Sequence[ExportColumn],
    *,
    stem: str,
) -> HttpResponse:
    """`objects` as `?format=csv` (the default) or `?format=xlsx`.

    A queryset's rows are read through a server-side cursor in chunks and
    written as they come, so memory stays flat however many rows there are;
    a report's rows, already gathered, are written as they are. A spreadsheet
    holds at most `XLSX_MAX_ROWS`: past that the list says to use CSV.
    """
    file_format = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    if file_format == "xlsx" and _more_than(objects, XLSX_MAX_ROWS):
        messages.error(
            request,
            _(
                "A spreadsheet holds at most %(count)s rows. Narrow the list "
                "with filters, or download CSV, which takes any number."
            )
            % {"count": f"{XLSX_MAX_ROWS:,}"},
        )
        query = request.GET.copy()
        query.pop("format", None)
        return redirect(f"{request.path.removesuffix('export/')}?{query.urlencode()}")
    header = [str(column.label) for column in columns]
    # Chosen now, while the request knows whether it has written: the rows
    # are read after the view returns.
    if isinstance(objects, QuerySet):
        with replica_reads():
            objects = objects.using(read_alias())
        objects = objects.iterator(chunk_size=CHUNK_SIZE)
    rows = ([column.value(obj) for column in columns] for obj in objects)
    write = xlsx_response if file_format == "xlsx" else csv_response
    return write(export_filename(stem, file_format), header, rows)


def _more_than(objects: QuerySet | Sequence, count: int) -> bool:
    if not isinstance(objects, QuerySet):
        return len(objects) > count
    return objects.order_by().values_list("pk", flat=True)[count : count + 1].exists()
