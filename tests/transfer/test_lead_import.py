"""leads:import — upload, preview with per-row errors, atomic confirm."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from leads.models import Lead
from tests.factories import LeadFactory
from tests.transfer.conftest import csv_upload, upload_and_preview, xlsx_upload

URL = reverse("leads:import")
HEADER = ["Company", "Contact person", "Phone", "Email", "Source", "Industry", "Region"]

# Six rows: 2, 4 and 6 are valid; 3, 5 and 7 are not.
MIXED = [
    HEADER,
    ["Acme", "Li Lei", "139", "li@acme.cn", "website", "it", "shanghai"],
    ["", "No company", "", "", "", "", ""],
    ["Beta", "", "", "", "Referral", "Manufacturing", ""],
    ["Gamma", "", "", "not-an-email", "", "", ""],
    ["Delta", "", "", "", "exhibition", "", "beijing"],
    ["Epsilon", "", "", "", "", "Mining", ""],
]


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


def confirm(client, preview, action="all"):
    return client.post(URL, {"token": preview.context["token"], "action": action})


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_wrong_method_is_refused(alice_client):
    assert alice_client.put(URL).status_code == 405


def test_page_shows_upload_form_columns_and_template_link(alice_client):
    response = alice_client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'type="file"' in page
    assert "?template=1" in page
    assert "公司名称" in page  # the Chinese header is documented
    assert "the company, phone or email of a saved lead" in page


def test_template_download_has_the_expected_headers(alice_client):
    response = alice_client.get(URL, {"template": "1"})
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "leads-import-template.csv" in response["Content-Disposition"]
    assert content.splitlines()[0].startswith("Company,Contact person,Job title")


def test_clean_file_is_previewed_then_imported_for_the_uploader(alice_client, alice):
    rows = [HEADER, MIXED[1], MIXED[3]]
    preview = upload_and_preview(alice_client, URL, csv_upload(rows))
    assert preview.status_code == 200
    assert preview.context["error_count"] == 0
    assert Lead.objects.count() == 0, "the preview writes nothing"

    response = confirm(alice_client, preview)

    assert response.status_code == 302
    assert response["Location"] == reverse("leads:list")
    acme = Lead.objects.get(company_name="Acme")
    assert (acme.owner, acme.created_by) == (alice, alice)
    assert (acme.source, acme.industry, acme.region) == ("website", "it", "shanghai")
    beta = Lead.objects.get(company_name="Beta")
    assert (beta.source, beta.industry) == ("referral", "manufacturing")
    assert "import:leads" not in alice_client.session


def test_three_bad_rows_of_six_are_all_reported_and_import_all_writes_nothing(
    alice_client,
):
    preview = upload_and_preview(alice_client, URL, csv_upload(MIXED))

    errors = [str(error) for error in preview.context["errors"]]
    assert len(errors) == 3
    assert errors[0] == "Row 3, column Company: This field cannot be blank."
    assert errors[1].startswith("Row 5, column Email: ")
    assert errors[2].startswith("Row 7, column Industry: ")
    assert "Mining" in errors[2]
    page = preview.content.decode()
    assert page.count('class="table-danger"') == 3
    assert 'value="all" class="btn btn-primary" disabled' in page

    response = confirm(alice_client, preview, "all")

    assert response.status_code == 200
    assert "Nothing was imported" in response.content.decode()
    assert Lead.objects.count() == 0


def test_import_only_the_valid_rows_writes_exactly_those(alice_client):
    preview = upload_and_preview(alice_client, URL, csv_upload(MIXED))

    response = confirm(alice_client, preview, "valid")

    assert response.status_code == 302
    assert set(Lead.objects.values_list("company_name", flat=True)) == {
        "Acme",
        "Beta",
        "Delta",
    }


def test_xlsx_with_chinese_headers_imports(alice_client):
    rows = [
        ["公司名称", "联系人", "电话", "地区"],
        ["华为技术有限公司", "王强", 13900000001, "Guangdong"],
    ]
    preview = upload_and_preview(alice_client, URL, xlsx_upload(rows))
    confirm(alice_client, preview)
    lead = Lead.objects.get()
    assert (lead.company_name, lead.contact_name, lead.phone, lead.region) == (
        "华为技术有限公司",
        "王强",
        "13900000001",
        "guangdong",
    )


def test_gbk_csv_imports(alice_client):
    upload = csv_upload(
        [["公司名称", "备注"], ["深圳某某科技", "展会认识"]], encoding="gbk"
    )
    confirm(alice_client, upload_and_preview(alice_client, URL, upload))
    assert Lead.objects.get().notes == "展会认识"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("leads.txt", b"Company\nAcme\n", "Upload a .csv or .xlsx file."),
        ("leads.csv", b"Phone\n139\n", "Expected headers: Company"),
        ("leads.csv", b"", "The submitted file is empty."),
    ],
)
def test_unusable_files_are_explained_on_the_form(alice_client, name, content, message):
    response = alice_client.post(URL, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_the_form_takes_files_up_to_50_mb(alice_client):
    page = alice_client.get(URL).content.decode()
    assert "Excel .xlsx, up to 50 MB" in page
    assert "a larger file is imported in the background" in page


def test_salesperson_cannot_give_rows_to_a_teammate(alice_client, bob):
    rows = [["Company", "Owner"], ["Acme", "bob"], ["Beta", "alice"]]
    preview = upload_and_preview(alice_client, URL, csv_upload(rows))
    assert [str(e) for e in preview.context["errors"]] == [
        "Row 2, column Owner: “bob” is not a person you may give records to."
    ]


def test_manager_may_give_rows_to_team_members_only(client, mary, alice, olivia):
    client.force_login(mary)
    rows = [["Company", "负责人"], ["Acme", "alice"], ["Beta", ""], ["Gamma", "olivia"]]
    preview = upload_and_preview(client, URL, csv_upload(rows))
    assert [e.row for e in preview.context["errors"]] == [4]

    confirm(client, preview, "valid")

    owners = dict(Lead.objects.values_list("company_name", "owner__username"))
    assert owners == {"Acme": "alice", "Beta": "mary"}


def test_confirm_without_a_matching_preview_writes_nothing(alice_client):
    upload_and_preview(alice_client, URL, csv_upload([HEADER, MIXED[1]]))
    response = alice_client.post(URL, {"token": "forged", "action": "all"})
    assert response.status_code == 302
    assert Lead.objects.count() == 0


def test_previews_are_per_user_session(client, alice, bob):
    client.force_login(alice)
    preview = upload_and_preview(client, URL, csv_upload([HEADER, MIXED[1]]))
    client.force_login(bob)
    client.post(URL, {"token": preview.context["token"], "action": "all"})
    assert Lead.objects.count() == 0


def test_exported_leads_import_back_unchanged(alice_client, alice):
    LeadFactory(owner=alice, company_name="=cmd|' /C calc'!A0", phone="+86 139")
    exported = alice_client.get(reverse("leads:export"))
    content = b"".join(exported.streaming_content)
    upload = SimpleUploadedFile("export.csv", content)
    Lead.objects.all().delete()

    confirm(alice_client, upload_and_preview(alice_client, URL, upload))

    lead = Lead.objects.get()
    assert (lead.company_name, lead.phone, lead.owner) == (
        "=cmd|' /C calc'!A0",
        "+86 139",
        alice,
    )


def test_rows_repeating_an_earlier_row_are_refused_by_row_and_column(alice_client):
    rows = [
        HEADER,
        ["Acme", "", "139 1234 5678", "li@acme.cn", "", "", ""],
        ["ACME ", "", "", "", "", "", ""],
        ["Beta", "", "+86 13912345678", "", "", "", ""],
        ["Gamma", "", "", "LI@acme.cn", "", "", ""],
        ["Delta", "", "", "", "", "", ""],
    ]
    preview = upload_and_preview(alice_client, URL, csv_upload(rows))

    assert [str(error) for error in preview.context["errors"]] == [
        "Row 3, column Company: The same value is already in row 2 of this file.",
        "Row 4, column Phone: The same value is already in row 2 of this file.",
        "Row 5, column Email: The same value is already in row 2 of this file.",
    ]
    confirm(alice_client, preview, "all")
    assert Lead.objects.count() == 0, "nothing is written"


def test_rows_duplicating_saved_leads_are_refused_whoever_owns_them(
    alice_client, olivia
):
    LeadFactory(owner=olivia, company_name="Acme Ltd", phone="", email="")
    LeadFactory(owner=None, company_name="Pool Co", phone="13912345678", email="")
    LeadFactory(owner=olivia, company_name="Mail Co", phone="", email="x@beta.cn")
    rows = [
        HEADER,
        ["acme ltd.", "", "", "", "", "", ""],
        ["Beta", "", "139-1234-5678", "X@beta.cn", "", "", ""],
        ["Gamma", "", "", "", "", "", ""],
    ]
    preview = upload_and_preview(alice_client, URL, csv_upload(rows))

    assert [str(error) for error in preview.context["errors"]] == [
        "Row 2, column Company: A lead with this company already exists.",
        "Row 3, column Phone: A lead with this phone number already exists.",
        "Row 3, column Email: A lead with this email already exists.",
    ]
    page = preview.content.decode()
    assert page.count('class="table-danger"') == 2
    assert "olivia" not in page

    confirm(alice_client, preview, "all")
    assert Lead.objects.count() == 3, "nothing is written"

    response = confirm(alice_client, preview, "valid")
    assert response.status_code == 302
    assert Lead.objects.filter(company_name="Gamma", owner__username="alice").exists()
    assert Lead.objects.count() == 4
