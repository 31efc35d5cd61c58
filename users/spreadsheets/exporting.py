"""CSV and XLSX download responses, every text cell neutralized."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from users.spreadsheets.cells import neutralize_cell

if TYPE_CHECKING:
    from django.http import HttpRequest

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
) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([neutralize_cell(h) for h in header])
    # export_cell leaves no character openpyxl refuses (it cleans every text).
    for row in rows:
        sheet.append([export_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@dataclass(frozen=True)
class ExportColumn:
    label: str | Promise
    value: Callable[[Any], Any]


def export_response(
    request: HttpRequest,
    objects: Iterable[Any],
    columns: Sequence[ExportColumn],
    *,
    stem: str,
) -> HttpResponse:
    """`objects` as `?format=csv` (the default) or `?format=xlsx`."""
    file_format = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    header = [str(column.label) for column in columns]
    rows = ([column.value(obj) for column in columns] for obj in objects)
    write = xlsx_response if file_format == "xlsx" else csv_response
    return write(export_filename(stem, file_format), header, rows)
