"""Uploaded CSV (UTF-8, UTF-8 with BOM, GBK) and XLSX files read into rows."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from users.spreadsheets.cells import cell_text
from users.spreadsheets.columns import Column, normalize_header

# Parsed rows wait in the session between preview and confirm; keep it sane.
MAX_ROWS = 5000
CSV_ENCODINGS = ("utf-8-sig", "gb18030")  # GB18030 is a superset of GBK


class SpreadsheetError(Exception):
    """An uploaded file that cannot be read; the message is for the user."""


@dataclass
class Row:
    number: int  # as the spreadsheet shows it: the header is row 1
    values: dict[str, str]


@dataclass
class Table:
    headers: dict[str, str]  # field → header text as written in the file
    rows: list[Row]

    def to_plain(self) -> dict:
        return {
            "headers": self.headers,
            "rows": [[row.number, row.values] for row in self.rows],
        }

    @classmethod
    def from_plain(cls, data: dict) -> Table:
        rows = [Row(number, values) for number, values in data["rows"]]
        return cls(headers=data["headers"], rows=rows)


def decode_csv(data: bytes) -> str:
    """Text of a CSV saved as UTF-8 (with or without BOM) or as GBK."""
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SpreadsheetError(
        _("The file could not be read as text. Save it as CSV (UTF-8) and retry.")
    )


def csv_grid(data: bytes) -> Iterator[list[str]]:
    return csv.reader(io.StringIO(decode_csv(data), newline=""))


def xlsx_grid(data: bytes) -> Iterator[list[Any]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise SpreadsheetError(
            _("The file is not a valid Excel workbook (.xlsx).")
        ) from exc
    try:
        for values in workbook.worksheets[0].iter_rows(values_only=True):
            yield list(values)
    finally:
        workbook.close()


def table_from_grid(grid: Iterable[Sequence[Any]], columns: Sequence[Column]) -> Table:
    """Rows keyed by field, from a grid whose first non-empty row is the header."""
    headers, found = rows_from_grid(grid, columns)
    rows = []
    for row in found:
        if len(rows) == MAX_ROWS:
            raise SpreadsheetError(
                _("The file has more than %(max)d rows; split it into smaller files.")
                % {"max": MAX_ROWS}
            )
        rows.append(row)
    if not rows:
        raise SpreadsheetError(_("The file has a header row but no data rows."))
    return Table(headers=headers, rows=rows)


def rows_from_grid(
    grid: Iterable[Sequence[Any]], columns: Sequence[Column]
) -> tuple[dict[str, str], Iterator[Row]]:
    """The header (field → text as written) and the data rows, read as needed.

    The header is read at once, so a file without the required columns fails
    here; the rows come one by one, with no limit on their number.
    """
    lines = iter(enumerate(grid, start=1))
    for _number, header in lines:
        if any(cell_text(cell) for cell in header):
            break
    else:
        raise SpreadsheetError(_("The file is empty."))
    positions = map_header([cell_text(cell) for cell in header], columns)
    headers = {column.field: text for column, text in positions.values()}

    def rows() -> Iterator[Row]:
        for number, cells in lines:
            texts = [cell_text(cell) for cell in cells]
            if not any(texts):
                continue
            values = {
                column.field: texts[index] if index < len(texts) else ""
                for index, (column, _text) in positions.items()
            }
            yield Row(number, values)

    return headers, rows()


def map_header(
    header: Sequence[str], columns: Sequence[Column]
) -> dict[int, tuple[Column, str]]:
    """Which column each header cell holds; unknown headers are ignored."""
    by_name = {name: column for column in columns for name in column.header_names()}
    found: dict[int, tuple[Column, str]] = {}
    for index, text in enumerate(header):
        column = by_name.get(normalize_header(text))
        if column and all(column is not seen for seen, _t in found.values()):
            found[index] = (column, text)
    seen = {column.field for column, _text in found.values()}
    missing = [
        column for column in columns if column.required and column.field not in seen
    ]
    if missing:
        raise SpreadsheetError(
            _(
                "The header row lacks the required column %(missing)s. "
                "Expected headers: %(expected)s."
            )
            % {
                "missing": ", ".join(str(column.label) for column in missing),
                "expected": ", ".join(str(column.label) for column in columns),
            }
        )
    return found


def read_upload(upload, columns: Sequence[Column]) -> Table:
    """Read an uploaded .csv or .xlsx file into a Table."""
    name = upload.name.lower()
    data = upload.read()
    if not data.strip():
        raise SpreadsheetError(_("The file is empty."))
    grid = xlsx_grid(data) if name.endswith(".xlsx") else csv_grid(data)
    try:
        return table_from_grid(grid, columns)
    except csv.Error as exc:
        raise _malformed(exc) from exc


def stream_rows(
    data: bytes, name: str, columns: Sequence[Column]
) -> tuple[dict[str, str], Iterator[Row]]:
    """The header and the rows of a stored file, for a job that reads them all.

    Raises SpreadsheetError, for the header at once and for a row when it is
    reached; there is no limit on the number of rows.
    """
    if not data.strip():
        raise SpreadsheetError(_("The file is empty."))
    grid = xlsx_grid(data) if name.lower().endswith(".xlsx") else csv_grid(data)
    try:
        headers, rows = rows_from_grid(grid, columns)
    except csv.Error as exc:
        raise _malformed(exc) from exc

    def checked() -> Iterator[Row]:
        try:
            yield from rows
        except csv.Error as exc:
            raise _malformed(exc) from exc

    return headers, checked()


def _malformed(exc: csv.Error) -> SpreadsheetError:
    return SpreadsheetError(_("The CSV file is malformed: %(error)s") % {"error": exc})
