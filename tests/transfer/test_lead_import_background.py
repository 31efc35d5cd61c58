"""leads:import for a large file: stored, imported by a task, followed on its page."""

import csv
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from leads import tasks
from leads.import_jobs import lead_import_run
from leads.models import Lead, LeadImport
from tests.factories import LeadFactory
from tests.transfer.conftest import csv_upload

URL = reverse("leads:import")
HEADER = ["公司名称", "电话", "邮箱", "行业"]
# Eight rows: 2, 3, 5 and 9 are saved; 4 repeats 2, 6 is a saved lead,
# 7 has no company and 8 an industry that does not exist.
ROWS = [
    HEADER,
    ["甲公司", "13900000001", "", ""],
    ["乙公司", "", "b@yi.cn", ""],
    ["甲公司", "", "", ""],
    ["丙公司", "", "", "it"],
    ["旧客户有限公司", "", "", ""],
    ["", "13900000009", "", ""],
    ["丁公司", "", "", "Mining"],
    ["戊公司", "", "", ""],
]


@pytest.fixture
def small_preview(monkeypatch):
    """A preview holds 3 rows here, so eight rows go to the background."""
    monkeypatch.setattr("users.spreadsheets.import_page.MAX_ROWS", 3)


@pytest.fixture
def eager_import(monkeypatch):
    """The queued task runs in this process when the upload commits."""
    runs = []

    def delay(import_id):
        runs.append(tasks.run_lead_import.apply((import_id,)).get())

    monkeypatch.setattr(tasks.run_lead_import, "delay", delay)
    return runs


def upload(client, rows=ROWS, name="leads.csv"):
    return client.post(URL, {"file": csv_upload(rows, name=name)})


def stored_import(owner, rows=ROWS, **fields) -> LeadImport:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    return LeadImport.objects.create(
        owner=owner,
        file=ContentFile(buffer.getvalue().encode(), name="leads.csv"),
        filename="leads.csv",
        language="zh-hans",
        **fields,
    )


def test_a_large_file_is_imported_in_the_background_and_reported(
    client,
    alice,
    olivia,
    small_preview,
    eager_import,
    django_capture_on_commit_callbacks,
):
    LeadFactory(owner=olivia, company_name="旧客户有限公司", phone="", email="")
    client.force_login(alice)

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client)

    job = LeadImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("leads:import_detail", args=[job.pk])
    assert eager_import == ["done"]
    assert (job.owner, job.filename) == (alice, "leads.csv")
    saved = Lead.objects.filter(owner=alice).values_list("company_name", flat=True)
    assert set(saved) == {
        "甲公司",
        "乙公司",
        "丙公司",
        "戊公司",
    }

    page = client.get(response["Location"])
    content = page.content.decode()
    assert page.status_code == 200
    assert 'hx-trigger="every 2s"' not in content, "a finished import stops polling"
    job = page.context["job"]
    assert (job.total_rows, job.processed_rows) == (8, 8)
    assert (job.created_count, job.duplicate_count, job.refused_count) == (4, 2, 2)
    assert reverse("leads:import_refused", args=[job.pk]) in content


def test_the_refused_rows_download_with_their_reason_in_the_uploaders_language(
    client, alice, olivia
):
    LeadFactory(owner=olivia, company_name="旧客户有限公司", phone="", email="")
    job = lead_import_run(import_id=stored_import(alice).pk)
    client.force_login(alice)

    response = client.get(reverse("leads:import_refused", args=[job.pk]))

    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0][0] == "Company" and rows[0][-2:] == ["Row", "Reason"]
    refused = {row[-2]: (row[0], row[-1]) for row in rows[1:]}
    assert refused == {
        "4": ("甲公司", "公司名称: 该值与本文件第 2 行重复。"),
        "6": ("旧客户有限公司", "公司名称: 已存在相同公司的线索。"),
        "7": ("", "公司名称: 此字段不能为空。"),
        "8": ("丁公司", refused["8"][1]),
    }
    assert refused["8"][1].startswith("行业: ") and "Mining" in refused["8"][1]


def test_the_import_page_polls_every_2_seconds_while_rows_remain(client, alice):
    job = stored_import(alice, status="running", total_rows=8, processed_rows=2)
    client.force_login(alice)

    page = client.get(reverse("leads:import_detail", args=[job.pk]))
    card = client.get(
        reverse("leads:import_detail", args=[job.pk]), headers={"HX-Request": "true"}
    )

    assert 'hx-trigger="every 2s"' in page.content.decode()
    fragment = card.content.decode()
    assert fragment.lstrip().startswith('<div class="card" id="import-progress"')
    assert 'hx-trigger="every 2s"' in fragment
    assert "<html" not in fragment
    assert 'aria-valuenow="25"' in fragment


@pytest.mark.parametrize("persona", ["bob", "mary", "olivia"])
def test_someone_elses_import_is_404_even_to_their_manager(
    client, alice, request, persona
):
    job = stored_import(alice)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("leads:import_detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("leads:import_refused", args=[job.pk])).status_code == 404


def test_an_administrator_sees_every_import_and_who_uploaded_it(client, alice, adam):
    job = stored_import(alice)
    client.force_login(adam)
    assert client.get(reverse("leads:import_detail", args=[job.pk])).status_code == 200
    listing = client.get(URL).content.decode()
    assert reverse("leads:import_detail", args=[job.pk]) in listing
    assert str(alice) in listing


def test_the_upload_page_lists_ones_own_recent_imports_only(client, alice, bob):
    mine = stored_import(alice)
    theirs = stored_import(bob)
    client.force_login(alice)
    page = client.get(URL).content.decode()
    assert reverse("leads:import_detail", args=[mine.pk]) in page
    assert reverse("leads:import_detail", args=[theirs.pk]) not in page


def test_a_file_unreadable_past_its_start_stops_with_the_reason(client, alice):
    job = stored_import(alice)
    # Python's CSV reader refuses a cell over 128 KB.
    broken = "公司名称\n甲公司\n" + "乙" * 140_000 + "\n"
    job.file.save("broken.csv", ContentFile(broken.encode()))

    job = lead_import_run(import_id=job.pk)

    assert job.status == "failed"
    assert "field larger than field limit" in job.error
    client.force_login(alice)
    page = client.get(reverse("leads:import_detail", args=[job.pk]))
    assert job.error in page.content.decode()


def test_running_a_finished_import_again_changes_nothing(alice):
    job = lead_import_run(import_id=stored_import(alice).pk)
    again = lead_import_run(import_id=job.pk)
    assert again.created_count == job.created_count == 5
    assert Lead.objects.count() == 5


def test_a_stopped_import_goes_on_after_its_last_saved_batch(alice, olivia):
    LeadFactory(owner=olivia, company_name="旧客户有限公司", phone="", email="")
    whole = lead_import_run(import_id=stored_import(alice).pk, batch_rows=3)
    outcome = (whole.created_count, whole.duplicate_count, whole.refused_count)
    Lead.objects.filter(owner=alice).delete()

    # A run saved the first three rows (one refused), then its worker died.
    job = stored_import(alice)
    lead_import_run(import_id=job.pk, batch_rows=3)
    LeadImport.objects.filter(pk=job.pk).update(status="running")
    Lead.objects.filter(owner=alice, company_name__in=["丙公司", "戊公司"]).delete()
    job.refusals.filter(row_number__gt=4).delete()
    LeadImport.objects.filter(pk=job.pk).update(
        processed_rows=3, created_count=2, duplicate_count=1, refused_count=0
    )

    job = lead_import_run(import_id=job.pk, batch_rows=3)

    assert (job.created_count, job.duplicate_count, job.refused_count) == outcome
    assert Lead.objects.filter(owner=alice).count() == 4


def test_files_over_the_cap_are_refused_on_the_form(client, alice, monkeypatch):
    monkeypatch.setattr("leads.views.transfer.MAX_IMPORT_MB", 1)
    client.force_login(alice)
    big = csv_upload([["Company"], ["x" * (1024 * 1024)]])
    page = client.post(URL, {"file": big}).content.decode()
    assert "larger than 1 MB" in page
    assert LeadImport.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Phone\n139\n", "Expected headers: Company"),
        (b"\xff\xfe\x00broken", "could not be read as text"),
    ],
)
def test_a_large_file_that_cannot_be_read_is_explained_on_the_form(
    client, alice, small_preview, content, message
):
    client.force_login(alice)
    response = client.post(URL, {"file": SimpleUploadedFile("leads.csv", content)})
    assert message in response.content.decode()
    assert LeadImport.objects.count() == 0
