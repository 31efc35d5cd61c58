"""customers:import — duplicates refused, credit codes checked, atomic confirm."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from customers.models import Customer
from tests.factories import CustomerFactory
from tests.transfer.conftest import (
    credit_code,
    csv_upload,
    upload_and_preview,
    xlsx_upload,
)

URL = reverse("customers:import")
HEADER = ["Legal name", "Unified social credit code", "Industry", "Website"]
GOOD_CODE = credit_code("91350100M000100Y4")
OTHER_CODE = credit_code("91110000100000000")


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


def preview_errors(client, rows):
    preview = upload_and_preview(client, URL, csv_upload(rows))
    return preview, [str(error) for error in preview.context["errors"]]


def confirm(client, preview, action="all"):
    return client.post(URL, {"token": preview.context["token"], "action": action})


def test_anonymous_is_sent_to_login(client):
    response = client.post(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_wrong_method_is_refused(alice_client):
    assert alice_client.delete(URL).status_code == 405


def test_valid_customers_are_imported_for_the_uploader(alice_client, alice):
    rows = [
        HEADER,
        ["福建某某科技有限公司", GOOD_CODE.lower(), "IT and software", "example.cn"],
        ["北京某某贸易有限公司", "", "", ""],
    ]
    preview, errors = preview_errors(alice_client, rows)
    assert errors == []

    response = confirm(alice_client, preview)

    assert response.status_code == 302
    fujian = Customer.objects.get(credit_code=GOOD_CODE)
    assert (fujian.owner, fujian.industry, fujian.website) == (
        alice,
        "it",
        "https://example.cn",
    )
    assert Customer.objects.count() == 2


def test_bad_credit_code_gets_the_validators_message(alice_client):
    mistyped = GOOD_CODE[:-1] + ("0" if GOOD_CODE[-1] != "0" else "1")
    _preview, errors = preview_errors(
        alice_client, [HEADER, ["甲公司", mistyped, "", ""], ["乙公司", "123", "", ""]]
    )
    assert errors == [
        "Row 2, column Unified social credit code: This unified social credit code "
        "is mistyped: its last character does not match the check digit.",
        "Row 3, column Unified social credit code: A unified social credit code "
        "has exactly 18 characters.",
    ]


def test_duplicate_of_a_customer_someone_else_owns_is_refused(alice_client, olivia):
    CustomerFactory(owner=olivia, legal_name="华为技术有限公司", credit_code=OTHER_CODE)
    rows = [
        HEADER,
        ["华为技术 有限公司", "", "", ""],  # same normalized name
        ["Another name Ltd", OTHER_CODE, "", ""],  # same credit code
    ]
    preview, errors = preview_errors(alice_client, rows)
    # The form's words: the customer Alice may not open is not named.
    assert errors == [
        "Row 2, column Legal name: A customer with this legal name already exists "
        "and is owned by another salesperson. Ask your manager if you need it.",
        "Row 3, column Unified social credit code: A customer with this credit "
        "code already exists and is owned by another salesperson. Ask your "
        "manager if you need it.",
    ]
    assert "华为技术有限公司" not in preview.content.decode()
    confirm(alice_client, preview)
    assert Customer.objects.count() == 1


def test_duplicate_of_a_customer_the_importer_sees_is_named(alice_client, alice):
    CustomerFactory(owner=alice, legal_name="华为技术有限公司")
    _preview, errors = preview_errors(alice_client, [HEADER, ["华为技术有限公司"]])
    assert errors == [
        "Row 2, column Legal name: A customer with this legal name already "
        "exists: 华为技术有限公司."
    ]


def test_invisible_characters_do_not_make_a_second_customer(alice_client, olivia):
    CustomerFactory(owner=olivia, legal_name="华为技术有限公司")
    rows = [HEADER, ["华为\u200b技术\u00ad有限公司\ufeff"], ["\u2060...()"]]
    preview, errors = preview_errors(alice_client, rows)
    assert errors[0].startswith("Row 2, column Legal name: A customer with this")
    assert errors[1] == (
        "Row 3, column Legal name: A legal name needs letters or digits; "
        "punctuation and spaces alone do not name a company."
    )
    confirm(alice_client, preview)
    assert Customer.objects.count() == 1


def test_imported_text_is_cleaned(alice_client):
    rows = [
        ["Legal name", "Address", "Notes"],
        ["\u202e甲公司\x01 ", "上海\u200b市\x07", "line one\r\nline\ttwo\x0b"],
    ]
    preview = upload_and_preview(alice_client, URL, csv_upload(rows))
    confirm(alice_client, preview)
    customer = Customer.objects.get()
    assert (customer.legal_name, customer.address, customer.notes) == (
        "甲公司",
        "上海市",
        "line one\nline\ttwo",
    )


def test_duplicates_within_the_file_are_refused(alice_client):
    rows = [
        HEADER,
        ["甲公司", GOOD_CODE, "", ""],
        ["甲 公司", "", "", ""],
        ["乙公司", GOOD_CODE, "", ""],
    ]
    preview, errors = preview_errors(alice_client, rows)
    assert errors == [
        "Row 3, column Legal name: The same value is already in row 2 of this file.",
        "Row 4, column Unified social credit code: The same value is already in "
        "row 2 of this file.",
    ]

    confirm(alice_client, preview, "valid")

    assert list(Customer.objects.values_list("legal_name", flat=True)) == ["甲公司"]


def test_three_bad_rows_of_six_write_nothing_on_import_all(alice_client):
    rows = [
        ["公司名称", "统一社会信用代码", "行业"],
        ["一号公司", GOOD_CODE, "it"],
        ["", "", "finance"],
        ["二号公司", "", "finance"],
        ["三号公司", "BAD", ""],
        ["四号公司", "", ""],
        ["一号公司", "", ""],
    ]
    preview = upload_and_preview(alice_client, URL, xlsx_upload(rows))
    assert [(e.row, e.column) for e in preview.context["errors"]] == [
        (3, "公司名称"),
        (5, "统一社会信用代码"),
        (7, "公司名称"),
    ]

    confirm(alice_client, preview, "all")
    assert Customer.objects.count() == 0

    confirm(alice_client, preview, "valid")
    assert set(Customer.objects.values_list("legal_name", flat=True)) == {
        "一号公司",
        "二号公司",
        "四号公司",
    }


def test_a_customer_created_between_preview_and_confirm_is_caught(alice_client, bob):
    preview, errors = preview_errors(alice_client, [HEADER, ["甲公司", "", "", ""]])
    assert errors == []
    CustomerFactory(owner=bob, legal_name="甲公司")

    response = confirm(alice_client, preview)

    assert response.status_code == 200
    assert "Nothing was imported" in response.content.decode()
    assert Customer.objects.count() == 1


def test_exported_xlsx_imports_back_unchanged(alice_client, alice):
    CustomerFactory(
        owner=alice,
        legal_name="+Plus Trading Ltd",
        credit_code=GOOD_CODE,
        industry="finance",
        region="fujian",
        website="https://plus.example.cn",
    )
    exported = alice_client.get(reverse("customers:export"), {"format": "xlsx"})
    Customer.objects.all().delete()

    upload = SimpleUploadedFile("customers.xlsx", b"".join(exported.streaming_content))
    confirm(alice_client, upload_and_preview(alice_client, URL, upload))

    customer = Customer.objects.get()
    assert (
        customer.legal_name,
        customer.credit_code,
        customer.industry,
        customer.region,
        customer.website,
        customer.owner,
    ) == (
        "+Plus Trading Ltd",
        GOOD_CODE,
        "finance",
        "fujian",
        "https://plus.example.cn",
        alice,
    )


def test_a_stale_preview_link_sends_back_to_the_upload_form(alice_client):
    response = alice_client.get(URL, {"preview": "old"})
    assert response.status_code == 302
    assert response["Location"] == URL
