"""Helpers for building uploaded files and reading downloaded ones."""

import csv
import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from customers.credit_code import check_character


def csv_upload(rows, name="import.csv", encoding="utf-8"):
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(encoding), "text/csv")


def xlsx_bytes(rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_upload(rows, name="import.xlsx"):
    return SimpleUploadedFile(name, xlsx_bytes(rows))


def downloaded_rows(response) -> list[list]:
    """The rows of an exported CSV or XLSX response, header first."""
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    if response["Content-Type"].startswith("text/csv"):
        assert content.startswith("\ufeff".encode()), "CSV needs a BOM for Excel"
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def credit_code(first17: str) -> str:
    """A valid unified social credit code starting with `first17`."""
    return first17 + check_character(first17)


def upload_and_preview(client, url, upload):
    """Step 1 (upload) and step 2 (the preview page); returns the preview."""
    response = client.post(url, {"file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"])
