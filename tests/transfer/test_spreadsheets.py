"""The shared spreadsheet helpers: neutralizing, reading, header mapping."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from leads.classification import Industry
from leads.resources import LEAD_COLUMNS
from tests.transfer.conftest import csv_upload, xlsx_upload
from users.spreadsheets.cells import neutralize_cell, unneutralize_cell
from users.spreadsheets.columns import choice_value
from users.spreadsheets.exporting import export_cell
from users.spreadsheets.reading import MAX_ROWS, SpreadsheetError, read_upload


@pytest.mark.parametrize("text", ["=1+1", "+86 139", "-5", "@x", "＝1+1"])
def test_formula_like_text_gets_a_leading_quote(text):
    assert neutralize_cell(text) == "'" + text
    assert unneutralize_cell(neutralize_cell(text)) == text


@pytest.mark.parametrize("text", ["\tcmd", "\rcmd", " cmd\x07", "\u200bcmd"])
def test_invisible_and_surrounding_characters_are_dropped(text):
    assert neutralize_cell(text) == "cmd"


@pytest.mark.parametrize(
    "value", ["华为", "a=b", "", "'quoted", 5, None, Decimal("-5")]
)
def test_other_values_are_left_alone(value):
    assert neutralize_cell(value) == value


def test_export_cells_are_plain_decimals_iso_dates_and_local_times():
    assert export_cell(Decimal("1234.50")) == Decimal("1234.50")
    assert export_cell(date(2026, 12, 1)) == "2026-12-01"
    utc_noon = datetime(2026, 12, 1, 4, 0, tzinfo=ZoneInfo("UTC"))
    assert export_cell(utc_noon) == "2026-12-01 12:00"  # Asia/Shanghai
    assert export_cell(None) == ""
    assert export_cell("=HYPERLINK()") == "'=HYPERLINK()"


def test_reads_utf8_csv_with_english_headers():
    table = read_upload(
        csv_upload([["Company", "Phone"], ["Acme", "139"]]), LEAD_COLUMNS
    )
    assert table.headers == {"company_name": "Company", "phone": "Phone"}
    assert [(r.number, r.values) for r in table.rows] == [
        (2, {"company_name": "Acme", "phone": "139"})
    ]


def test_reads_utf8_csv_with_bom_and_chinese_headers():
    upload = csv_upload(
        [["公司名称", "联系人"], ["华为技术", "王强"]], encoding="utf-8-sig"
    )
    table = read_upload(upload, LEAD_COLUMNS)
    assert table.rows[0].values == {"company_name": "华为技术", "contact_name": "王强"}
    assert table.headers["company_name"] == "公司名称"


def test_reads_gbk_csv_saved_by_chinese_excel():
    upload = csv_upload(
        [["公司名称", "备注"], ["深圳某某科技", "老客户介绍"]], encoding="gbk"
    )
    table = read_upload(upload, LEAD_COLUMNS)
    assert table.rows[0].values == {
        "company_name": "深圳某某科技",
        "notes": "老客户介绍",
    }


def test_headers_ignore_case_spaces_underscores_and_required_marks():
    upload = csv_upload([["COMPANY *", "contact_name", "Unknown"], ["A", "B", "C"]])
    table = read_upload(upload, LEAD_COLUMNS)
    assert table.rows[0].values == {"company_name": "A", "contact_name": "B"}


def test_reads_xlsx_numbers_as_typed():
    upload = xlsx_upload([["Company", "Phone"], ["Acme", 13900000000.0], [None, None]])
    table = read_upload(upload, LEAD_COLUMNS)
    assert [r.values for r in table.rows] == [
        {"company_name": "Acme", "phone": "13900000000"}
    ]


def test_blank_rows_are_skipped_but_row_numbers_match_the_spreadsheet():
    upload = csv_upload([["Company"], ["A"], [""], ["B"]])
    assert [r.number for r in read_upload(upload, LEAD_COLUMNS).rows] == [2, 4]


def test_missing_required_header_lists_the_expected_headers():
    with pytest.raises(SpreadsheetError) as error:
        read_upload(csv_upload([["Phone"], ["139"]]), LEAD_COLUMNS)
    message = str(error.value)
    assert "Company" in message
    assert "Expected headers: Company, Contact person, Job title" in message


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"Company\r\n", "no data rows"),
        (b"\xff\xfe\x00\x81garbage", "could not be read as text"),
    ],
)
def test_unreadable_csv_files_are_explained(content, message):
    with pytest.raises(SpreadsheetError, match=message):
        read_upload(SimpleUploadedFile("x.csv", content), LEAD_COLUMNS)


def test_a_renamed_file_is_not_taken_for_a_workbook():
    with pytest.raises(SpreadsheetError, match="not a valid Excel workbook"):
        read_upload(SimpleUploadedFile("x.xlsx", b"not a zip"), LEAD_COLUMNS)


def test_too_many_rows_are_refused():
    rows = [["Company"]] + [[f"C{n}"] for n in range(MAX_ROWS + 1)]
    with pytest.raises(SpreadsheetError, match="more than"):
        read_upload(csv_upload(rows), LEAD_COLUMNS)


@pytest.mark.parametrize("text", ["it", "IT", "IT and software", " it and SOFTWARE "])
def test_choices_are_accepted_by_value_or_label(text):
    assert choice_value(text, Industry) == "it"


def test_unknown_choice_is_returned_for_the_model_to_reject():
    assert choice_value("Mining", Industry) == "Mining"
    assert choice_value("", Industry) == ""
