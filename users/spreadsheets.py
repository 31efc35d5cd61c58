"""Spreadsheet import and export shared by every app.

Exports neutralize every text cell against formula injection; imports read CSV
(UTF-8, UTF-8 with BOM, GBK) and XLSX into plain rows, validate each row with
the model's `full_clean`, and write either every row or, when the user chooses
so explicitly, only the valid ones, always in one transaction.
"""

from __future__ import annotations

import csv
import functools
import io
import unicodedata
import uuid
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

if TYPE_CHECKING:
    from django.http import HttpRequest

    from users.models import User

# A cell starting with one of these runs as a formula in Excel or LibreOffice.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# Parsed rows wait in the session between preview and confirm; keep it sane.
MAX_ROWS = 5000
UPLOAD_TYPES = (".csv", ".xlsx")
CSV_ENCODINGS = ("utf-8-sig", "gb18030")  # GB18030 is a superset of GBK
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SpreadsheetError(Exception):
    """An uploaded file that cannot be read; the message is for the user."""


# ---------------------------------------------------------------- cells


def neutralize_cell(value: Any) -> Any:
    """Prefix a quote to text that a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def unneutralize_cell(text: str) -> str:
    """Undo `neutralize_cell`, so an exported file imports back unchanged."""
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


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


def cell_text(value: Any) -> str:
    """An uploaded cell as the text the user typed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # phone numbers typed into Excel come back as floats
    if isinstance(value, datetime):
        value = value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, date):
        return value.isoformat()
    return unneutralize_cell(str(value).strip())


# ---------------------------------------------------------------- columns


@dataclass(frozen=True)
class Column:
    """An importable column: the model field, its header and accepted aliases."""

    field: str
    label: str | Promise
    aliases: tuple[str, ...] = ()
    required: bool = False
    hint: str | Promise = ""

    def header_names(self) -> set[str]:
        """Every header accepted for this column, normalized."""
        names = {self.field, str(self.label), *self.aliases}
        for language in ("en", "zh-hans"):
            with translation.override(language):
                names.add(str(self.label))
        return {normalize_header(name) for name in names}


def normalize_header(text: str) -> str:
    """Fold width, case, spaces, '*' and '_': 'Company name *' == 'company_name'."""
    folded = unicodedata.normalize("NFKC", str(text or "")).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


def choice_value(text: str, choices: type[models.Choices]) -> str:
    """The stored value for a choice given by value or by English/Chinese label.

    Unknown text is returned as it is, so `full_clean` reports it.
    """
    wanted = normalize_header(text)
    if not wanted:
        return ""
    return _choice_names(choices, translation.get_language()).get(wanted, text)


@functools.cache
def _choice_names(choices: type[models.Choices], language: str) -> dict[str, str]:
    """Normalized value and labels (English, Chinese, `language`) → value."""
    names = {}
    for value, label in choices.choices:
        for shown in (value, label):
            names[normalize_header(shown)] = value
        for other in ("en", "zh-hans"):
            with translation.override(other):
                names.setdefault(normalize_header(label), value)
    return names


# ---------------------------------------------------------------- reading


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
    lines = iter(enumerate(grid, start=1))
    for _number, header in lines:
        if any(cell_text(cell) for cell in header):
            break
    else:
        raise SpreadsheetError(_("The file is empty."))
    positions = map_header([cell_text(cell) for cell in header], columns)
    rows = []
    for number, cells in lines:
        texts = [cell_text(cell) for cell in cells]
        if not any(texts):
            continue
        if len(rows) == MAX_ROWS:
            raise SpreadsheetError(
                _("The file has more than %(max)d rows; split it into smaller files.")
                % {"max": MAX_ROWS}
            )
        values = {
            column.field: texts[index] if index < len(texts) else ""
            for index, (column, _text) in positions.items()
        }
        rows.append(Row(number, values))
    if not rows:
        raise SpreadsheetError(_("The file has a header row but no data rows."))
    headers = {column.field: text for column, text in positions.values()}
    return Table(headers=headers, rows=rows)


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
        raise SpreadsheetError(
            _("The CSV file is malformed: %(error)s") % {"error": exc}
        ) from exc


# ---------------------------------------------------------------- writing


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
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([neutralize_cell(h) for h in header])
    for row in rows:
        cells = (export_cell(value) for value in row)
        sheet.append(
            [
                ILLEGAL_CHARACTERS_RE.sub("", c) if isinstance(c, str) else c
                for c in cells
            ]
        )
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


# ---------------------------------------------------------------- importing


@dataclass(frozen=True)
class CellError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if not self.column:
            return _("Row %(row)d: %(message)s") % vars(self)
        return _("Row %(row)d, column %(column)s: %(message)s") % vars(self)


@dataclass
class RowCheck:
    row: Row
    instance: models.Model
    errors: list[CellError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _no_keys(instance: models.Model) -> list[tuple[str, str]]:
    return []


def _full_clean(instance: models.Model) -> None:
    instance.full_clean(exclude=["owner"])


@dataclass(frozen=True)
class ImportSpec:
    """How one model is imported.

    `build(values, owner, user)` makes an unsaved instance from a row's text;
    `validate` raises ValidationError (it defaults to `full_clean`);
    `file_keys` gives (field, normalized value) pairs that must be unique
    within the file.
    """

    key: str
    columns: tuple[Column, ...]
    build: Callable[[dict[str, str], User, User], models.Model]
    validate: Callable[[models.Model], None] = _full_clean
    file_keys: Callable[[models.Model], list[tuple[str, str]]] = _no_keys


class OwnerIndex:
    """Resolves an 'owner' cell (username or full name) among `visible_users`."""

    def __init__(self, user: User):
        self.user = user
        self._people: list[User] | None = None

    def resolve(self, text: str) -> User:
        from users.visibility import visible_users

        wanted = text.strip().casefold()
        if not wanted:
            return self.user
        if self._people is None:
            self._people = list(visible_users(self.user))
        for person in self._people:
            if person.username.casefold() == wanted:
                return person
        named = [p for p in self._people if str(p).casefold() == wanted]
        if len(named) == 1:
            return named[0]
        if named:
            raise ValidationError(
                _("Several people are called “%(name)s”; give the username.")
                % {"name": text}
            )
        raise ValidationError(
            _("“%(name)s” is not a person you may give records to.") % {"name": text}
        )


def check_rows(spec: ImportSpec, table: Table, user: User) -> list[RowCheck]:
    """Validate every row; nothing is written."""
    owners = OwnerIndex(user)
    first_seen: dict[tuple[str, str], int] = {}
    checks = []
    for row in table.rows:
        errors: dict[str, list[str]] = {}
        try:
            owner = owners.resolve(row.values.get("owner", ""))
        except ValidationError as exc:
            owner, errors["owner"] = user, exc.messages
        instance = spec.build(row.values, owner, user)
        try:
            spec.validate(instance)
        except ValidationError as exc:
            for name, found in exc.message_dict.items():
                errors.setdefault(name, []).extend(found)
        for name, key in spec.file_keys(instance):
            if not key:
                continue
            earlier = first_seen.setdefault((name, key), row.number)
            if earlier != row.number:
                errors.setdefault(name, []).append(
                    _("The same value is already in row %(row)d of this file.")
                    % {"row": earlier}
                )
        cell_errors = [
            CellError(row.number, _column_name(spec, table, instance, name), message)
            for name, found in errors.items()
            for message in found
        ]
        checks.append(RowCheck(row, instance, cell_errors))
    return checks


def _column_name(spec: ImportSpec, table: Table, instance, name: str) -> str:
    if name == NON_FIELD_ERRORS:
        return ""
    if name in table.headers:
        return table.headers[name]
    for column in spec.columns:
        if column.field == name:
            return str(column.label)
    return str(instance._meta.get_field(name).verbose_name)


class ImportRefused(Exception):
    def __init__(self, checks: list[RowCheck]):
        self.checks = checks


def import_rows(
    spec: ImportSpec, table: Table, user: User, *, only_valid: bool
) -> tuple[int, int]:
    """Save the rows in one transaction; (saved, skipped).

    Raises ImportRefused (having written nothing) when a row fails and the
    user did not choose to import only the valid rows.
    """
    with transaction.atomic():
        checks = check_rows(spec, table, user)
        if not only_valid and not all(check.ok for check in checks):
            raise ImportRefused(checks)
        valid = [check for check in checks if check.ok]
        for check in valid:
            check.instance.save()
    return len(valid), len(checks) - len(valid)


# ---------------------------------------------------------------- the page


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "CSV (UTF-8 or GBK) or Excel .xlsx, up to 5 MB; the first row holds "
            "the column headers."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(UPLOAD_TYPES)}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(UPLOAD_TYPES):
            raise forms.ValidationError(
                _("Upload a .csv or .xlsx file."), code="file_type"
            )
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 5 MB; split it into smaller files."),
                code="file_size",
            )
        return upload


def template_response(spec: ImportSpec, filename: str) -> StreamingHttpResponse:
    """An empty CSV with the expected headers, in the active language."""
    return csv_response(filename, [str(column.label) for column in spec.columns], [])


def handle_import(
    request: HttpRequest,
    spec: ImportSpec,
    *,
    template_name: str,
    template_filename: str,
    done_url: str,
) -> HttpResponse:
    """The two-step import page: upload → preview → confirm.

    The parsed rows wait in the session as plain text (no file is kept) under
    a token that the preview posts back; they are validated again on confirm.
    """
    page = ImportPage(request, spec, template_name, done_url)
    if request.method == "POST" and "action" in request.POST:
        return page.confirm()
    if request.method == "POST":
        return page.upload()
    if "template" in request.GET:
        return template_response(spec, template_filename)
    return page.show()


class ImportPage:
    """The steps of `handle_import`, sharing the request and the session entry."""

    def __init__(self, request, spec: ImportSpec, template_name: str, done_url: str):
        self.request, self.spec = request, spec
        self.template_name, self.done_url = template_name, done_url
        self.session_key = f"import:{spec.key}"
        self.pending = request.session.get(self.session_key)

    def render(self, **context) -> HttpResponse:
        context = {"columns": self.spec.columns, "form": UploadForm(), **context}
        return render(self.request, self.template_name, context)

    def expired(self) -> HttpResponse:
        messages.error(
            self.request, _("This preview has expired; upload the file again.")
        )
        return redirect(self.request.path)

    def upload(self) -> HttpResponse:
        form = UploadForm(self.request.POST, self.request.FILES)
        if not form.is_valid():
            return self.render(form=form)
        upload = form.cleaned_data["file"]
        try:
            table = read_upload(upload, self.spec.columns)
        except SpreadsheetError as exc:
            form.add_error("file", str(exc))
            return self.render(form=form)
        token = uuid.uuid4().hex
        self.request.session[self.session_key] = {
            "token": token,
            "filename": upload.name,
            "table": table.to_plain(),
        }
        return redirect(f"{self.request.path}?preview={token}")

    def show(self) -> HttpResponse:
        token = self.request.GET.get("preview")
        if token is None:
            return self.render()
        if not self.pending or token != self.pending["token"]:
            return self.expired()
        table = Table.from_plain(self.pending["table"])
        return self.render(
            **self.preview(check_rows(self.spec, table, self.request.user))
        )

    def confirm(self) -> HttpResponse:
        request = self.request
        if not self.pending or request.POST.get("token") != self.pending["token"]:
            return self.expired()
        table = Table.from_plain(self.pending["table"])
        only_valid = request.POST["action"] == "valid"
        try:
            saved, skipped = import_rows(
                self.spec, table, request.user, only_valid=only_valid
            )
        except ImportRefused as refused:
            messages.error(
                request,
                _(
                    "Nothing was imported: fix the rows with errors, or import "
                    "only the valid rows."
                ),
            )
            return self.render(**self.preview(refused.checks))
        except IntegrityError:
            # Someone saved a clashing record between the check and the save.
            messages.error(
                request,
                _("Nothing was imported: the data changed meanwhile. Please retry."),
            )
            return redirect(f"{request.path}?preview={self.pending['token']}")
        del request.session[self.session_key]
        text = ngettext("%(count)d row imported.", "%(count)d rows imported.", saved)
        if skipped:
            text += " " + ngettext(
                "%(skipped)d row with errors was skipped.",
                "%(skipped)d rows with errors were skipped.",
                skipped,
            )
        messages.success(request, text % {"count": saved, "skipped": skipped})
        return redirect(self.done_url)

    def preview(self, checks: list[RowCheck]) -> dict:
        headers = self.pending["table"]["headers"]
        valid = sum(check.ok for check in checks)
        return {
            "preview": True,
            "token": self.pending["token"],
            "filename": self.pending["filename"],
            "preview_headers": list(headers.values()),
            "preview_rows": [
                {
                    "number": check.row.number,
                    "cells": [check.row.values.get(name, "") for name in headers],
                    "errors": check.errors,
                }
                for check in checks
            ],
            "errors": [error for check in checks for error in check.errors],
            "valid_count": valid,
            "error_count": len(checks) - valid,
        }
