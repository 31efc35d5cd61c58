"""The two-step import page (upload, preview, confirm) and its upload form."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from itertools import islice
from typing import TYPE_CHECKING

from django import forms
from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from users.clean_forms import CleanForm
from users.spreadsheets.exporting import csv_response
from users.spreadsheets.importing import (
    ImportRefused,
    ImportSpec,
    RowCheck,
    check_rows,
    import_rows,
)
from users.spreadsheets.reading import (
    MAX_ROWS,
    SpreadsheetError,
    Table,
    read_upload,
    stream_rows,
)

if TYPE_CHECKING:
    from django.http import HttpRequest

MAX_UPLOAD_MB = 5
UPLOAD_TYPES = (".csv", ".xlsx")
TEMPLATE_NAME = "includes/import_page.html"


class UploadForm(CleanForm):
    file = forms.FileField(
        label=gettext_lazy("File"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(UPLOAD_TYPES)}),
    )

    def __init__(self, *args, max_mb: int = MAX_UPLOAD_MB, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_mb = max_mb
        self.fields["file"].help_text = _(
            "CSV (UTF-8 or GBK) or Excel .xlsx, up to %(size)d MB; the first row "
            "holds the column headers."
        ) % {"size": max_mb}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(UPLOAD_TYPES):
            raise forms.ValidationError(
                _("Upload a .csv or .xlsx file."), code="file_type"
            )
        if upload.size > self.max_mb * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB; split it into smaller files.")
                % {"size": self.max_mb},
                code="file_size",
            )
        return upload


# Takes an upload too long to preview; answers the page the user goes to.
Background = Callable[["HttpRequest", UploadedFile], HttpResponse]


def template_response(spec: ImportSpec, filename: str) -> StreamingHttpResponse:
    """An empty CSV with the expected headers, in the active language."""
    return csv_response(filename, [str(column.label) for column in spec.columns], [])


def handle_import(
    request: HttpRequest,
    spec: ImportSpec,
    *,
    title: str,
    help_text: str,
    back_label: str,
    template_filename: str,
    done_url: str,
    background: Background | None = None,
    max_mb: int = MAX_UPLOAD_MB,
    extra_context: dict | None = None,
) -> HttpResponse:
    """The two-step import page: upload → preview → confirm.

    The parsed rows wait in the session as plain text (no file is kept) under
    a token that the preview posts back; they are validated again on confirm.
    `done_url` is the list the import fills: where a finished import lands and
    where the page's back link (`back_label`) goes. With `background`, a file
    of more rows than a preview holds (MAX_ROWS) goes to it instead, and
    uploads may reach `max_mb`.
    """
    texts = {
        "title": title,
        "help_text": help_text,
        "back_label": back_label,
        "back_url": done_url,
        # A large file goes straight to its import: no preview to promise.
        "submit_label": _("Upload") if background else _("Preview"),
        "submit_icon": "upload" if background else "eye",
        **(extra_context or {}),
    }
    page = ImportPage(request, spec, texts, done_url)
    page.background, page.max_mb = background, max_mb
    if request.method == "POST" and "action" in request.POST:
        return page.confirm()
    if request.method == "POST":
        return page.upload()
    if "template" in request.GET:
        return template_response(spec, template_filename)
    return page.show()


class ImportPage:
    """The steps of `handle_import`, sharing the request and the session entry."""

    background: Background | None = None
    max_mb = MAX_UPLOAD_MB

    def __init__(self, request, spec: ImportSpec, texts: dict[str, str], done_url: str):
        self.request, self.spec = request, spec
        self.texts, self.done_url = texts, done_url
        self.session_key = f"import:{spec.key}"
        self.pending = request.session.get(self.session_key)

    def render(self, **context) -> HttpResponse:
        context = {
            **self.texts,
            "import_url": self.request.path,
            "columns": self.spec.columns,
            "form": UploadForm(max_mb=self.max_mb),
            **context,
        }
        return render(self.request, TEMPLATE_NAME, context)

    def expired(self) -> HttpResponse:
        messages.error(
            self.request, _("This preview has expired; upload the file again.")
        )
        return redirect(self.request.path)

    def upload(self) -> HttpResponse:
        form = UploadForm(self.request.POST, self.request.FILES, max_mb=self.max_mb)
        if not form.is_valid():
            return self.render(form=form)
        upload = form.cleaned_data["file"]
        try:
            if self.background:
                table = self.read_head(upload)
                if table is None:
                    return self.background(self.request, upload)
            else:
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

    def read_head(self, upload: UploadedFile) -> Table | None:
        """The file's rows if a preview holds them all, else None.

        The header and the first rows are read either way, so a file that
        cannot be read is refused here, on the form.
        """
        headers, rows = stream_rows(upload.read(), upload.name, self.spec.columns)
        first = list(islice(rows, MAX_ROWS + 1))
        if len(first) > MAX_ROWS:
            return None
        if not first:
            raise SpreadsheetError(_("The file has a header row but no data rows."))
        return Table(headers=headers, rows=first)

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
