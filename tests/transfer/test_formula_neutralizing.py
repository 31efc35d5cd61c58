"""No exported cell runs as a formula, whatever character it starts with.

Both writers (CSV and XLSX) are fed text whose first characters are every
control character, space, formula sign and invisible character, followed by a
formula; what a spreadsheet reads back never starts with a formula sign and
holds no control character.
"""

import io
import unicodedata
from pathlib import Path

import openpyxl
from django.conf import settings as django_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import CustomerFactory, LeadFactory
from tests.transfer.conftest import downloaded_rows
from users.spreadsheets.cells import FORMULA_PREFIXES
from users.spreadsheets.exporting import csv_response, xlsx_response

LEADING = (
    [chr(code) for code in range(0x00, 0x21)]
    + [chr(code) for code in range(0x7F, 0xA1)]
    + list("=+-@'\"|%＝＋－＠\u3000\u200b\u200c\u200d\u2060\ufeff\u00ad")
    + list("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c")
)
PAYLOADS = [
    '=HYPERLINK("http://evil.example","x")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1)",
    "=1+1",
]

cell_texts = st.builds(
    lambda lead, body: lead + body,
    st.text(alphabet=st.sampled_from(LEADING), min_size=1, max_size=4),
    st.sampled_from(PAYLOADS) | st.text(max_size=20),
)


def assert_inert(cell) -> None:
    text = "" if cell is None else str(cell)
    assert not text.startswith(FORMULA_PREFIXES), repr(text)
    assert not any(
        unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\t\n" for ch in text
    ), repr(text)
    assert text == text.strip(), repr(text)


def test_every_leading_character_is_tried():
    # ASCII controls and space, C1 controls, formula signs, invisibles.
    assert len(LEADING) >= 33 + 34 + 4 + 10


@settings(max_examples=300, deadline=None)
@given(st.lists(cell_texts, min_size=1, max_size=6))
def test_no_csv_cell_runs_as_a_formula(texts):
    response = csv_response("x.csv", ["header"] * len(texts), [texts])
    _header, row = downloaded_rows(response)
    for cell in row:
        assert_inert(cell)


@settings(max_examples=300, deadline=None)
@given(st.lists(cell_texts, min_size=1, max_size=6))
def test_no_xlsx_cell_runs_as_a_formula(texts):
    response = xlsx_response("x.xlsx", ["header"] * len(texts), [texts])
    body = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    for cell in next(sheet.iter_rows(min_row=2)):
        assert cell.data_type != "f", repr(cell.value)
        assert_inert(cell.value)


def test_a_stored_control_character_formula_is_quoted_in_both_files(client, alice):
    # Stored before input was cleaned (or by a bulk write that skips forms).
    LeadFactory(owner=alice, company_name='\x01=HYPERLINK("http://x","y")')
    CustomerFactory(owner=alice, legal_name="\x1b=cmd|' /C calc'!A0")
    client.force_login(alice)
    for url, column, formula in (
        ("/leads/export/", "Company", '=HYPERLINK("http://x","y")'),
        ("/customers/export/", "Legal name", "=cmd|' /C calc'!A0"),
    ):
        for file_format in ("csv", "xlsx"):
            response = client.get(url, {"format": file_format})
            header, row = downloaded_rows(response)
            assert dict(zip(header, row, strict=True))[column] == "'" + formula


def test_every_export_is_written_by_the_neutralizing_writers():
    # Any other CSV or XLSX writer would bypass the check above.
    base = Path(django_settings.BASE_DIR)
    writers = {
        path.relative_to(base).as_posix()
        for app in (
            "users",
            "leads",
            "customers",
            "opportunities",
            "contracts",
            "payments",
            "reports",
            "config",
        )
        for path in (base / app).rglob("*.py")
        if "csv.writer(" in path.read_text() or "Workbook(" in path.read_text()
    }
    assert writers == {"users/spreadsheets/exporting.py"}
