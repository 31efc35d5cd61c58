"""Contract attachments: upload with size and type limits, download, delete."""

import importlib
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import Resolver404, URLResolver, reverse
from django.urls.resolvers import RegexPattern

import config.urls
from contracts.models import ContractAttachment
from tests.factories import ContractFactory

PDF = b"%PDF-1.4 signed scan"


def upload_url(contract) -> str:
    return reverse("contracts:attachment_upload", args=[contract.pk])


def download_url(attachment) -> str:
    return reverse("contracts:attachment", args=[attachment.pk])


def delete_url(attachment) -> str:
    return reverse("contracts:attachment_delete", args=[attachment.pk])


def stored_path(attachment) -> Path:
    return Path(settings.MEDIA_ROOT) / attachment.file.name


@pytest.fixture
def attachment(draft, alice):
    return ContractAttachment.objects.create(
        contract=draft,
        file=ContentFile(PDF, name="x.pdf"),
        name="合同 signed.pdf",
        size=len(PDF),
        uploaded_by=alice,
    )


def test_upload_keeps_the_name_size_and_uploader(client, alice, draft):
    client.force_login(alice)
    response = client.post(
        upload_url(draft),
        {"file": SimpleUploadedFile("合同扫描件.PDF", PDF, "application/pdf")},
        follow=True,
    )
    assert response.redirect_chain[-1][0].endswith(
        reverse("contracts:detail", args=[draft.pk]) + "#attachments"
    )
    attachment = ContractAttachment.objects.get()
    assert (attachment.name, attachment.size, attachment.uploaded_by) == (
        "合同扫描件.PDF",
        len(PDF),
        alice,
    )
    # Stored under a random name in the contract's folder.
    assert attachment.file.name.startswith(f"contracts/{draft.pk}/")
    assert "合同" not in attachment.file.name
    assert stored_path(attachment).read_bytes() == PDF
    body = response.content.decode()
    assert "合同扫描件.PDF was attached." in body
    assert download_url(attachment) in body


@pytest.mark.parametrize("status", ["submitted", "signed", "completed"])
def test_upload_is_open_until_the_contract_is_void(
    client, alice, alice_customer, status
):
    contract = ContractFactory(owner=alice, customer=alice_customer, status=status)
    client.force_login(alice)
    client.post(upload_url(contract), {"file": SimpleUploadedFile("a.pdf", PDF)})
    assert contract.attachments.count() == 1


def test_a_void_contract_takes_no_upload(client, alice, alice_customer):
    contract = ContractFactory(
        owner=alice, customer=alice_customer, status="void", void_reason="x"
    )
    client.force_login(alice)
    response = client.post(
        upload_url(contract), {"file": SimpleUploadedFile("a.pdf", PDF)}, follow=True
    )
    assert "A void contract takes no new attachments." in response.content.decode()
    assert not ContractAttachment.objects.exists()


def test_too_big_a_file_is_refused_with_its_size_and_the_limit(
    client, alice, draft, settings
):
    settings.CONTRACT_ATTACHMENT_MAX_MB = 1
    client.force_login(alice)
    big = SimpleUploadedFile("big.pdf", b"x" * int(1.46 * 1024 * 1024))
    response = client.post(upload_url(draft), {"file": big})
    assert response.status_code == 200
    assert response.context["attachment_form"].errors["file"] == [
        "The file is 1.5 MB; the limit is 1 MB."
    ]
    assert "The file is 1.5 MB; the limit is 1 MB." in response.content.decode()
    assert not ContractAttachment.objects.exists()


def test_too_big_a_body_is_refused_before_it_is_read(client, alice, draft, settings):
    settings.CONTRACT_ATTACHMENT_MAX_MB = 1
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    big = SimpleUploadedFile("big.pdf", b"x" * int(1.46 * 1024 * 1024))
    unread = mock.patch(
        "django.http.request.MultiPartParser.parse",
        side_effect=AssertionError("the upload was read"),
    )
    with unread:
        response = strict.post(upload_url(draft), {"file": big})
    assert response.status_code == 200
    assert response.context["attachment_form"].errors["file"] == [
        "The file is 1.5 MB; the limit is 1 MB."
    ]
    assert "The file was not attached." in response.content.decode()
    assert not ContractAttachment.objects.exists()


def test_an_upload_of_a_fitting_size_still_needs_the_csrf_token(client, alice, draft):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    upload = {"file": SimpleUploadedFile("a.pdf", PDF)}
    assert strict.post(upload_url(draft), upload).status_code == 403
    assert not ContractAttachment.objects.exists()
    strict.get(reverse("contracts:detail", args=[draft.pk]))
    token = strict.cookies[settings.CSRF_COOKIE_NAME].value
    upload = {"file": SimpleUploadedFile("a.pdf", PDF), "csrfmiddlewaretoken": token}
    assert strict.post(upload_url(draft), upload).status_code == 302
    assert ContractAttachment.objects.count() == 1


def test_no_route_serves_stored_files_even_in_debug(settings, attachment):
    settings.DEBUG = True
    try:
        patterns = importlib.reload(config.urls).urlpatterns
    finally:
        settings.DEBUG = False
        importlib.reload(config.urls)
    resolver = URLResolver(RegexPattern(r"^/"), patterns)
    with pytest.raises(Resolver404):
        resolver.resolve(settings.MEDIA_URL + attachment.file.name)


def test_a_file_of_another_type_is_refused_naming_the_accepted_ones(
    client, alice, draft, settings
):
    settings.CONTRACT_ATTACHMENT_EXTENSIONS = ["pdf", "docx", "jpg"]
    client.force_login(alice)
    response = client.post(
        upload_url(draft), {"file": SimpleUploadedFile("setup.exe", b"MZ")}
    )
    assert response.context["attachment_form"].errors["file"] == [
        "Files of type .exe are not accepted; use one of: pdf, docx, jpg."
    ]
    response = client.post(
        upload_url(draft), {"file": SimpleUploadedFile("README", b"x")}
    )
    assert response.context["attachment_form"].errors["file"] == [
        "Files without a type are not accepted; use one of: pdf, docx, jpg."
    ]
    assert not ContractAttachment.objects.exists()


def test_upload_without_a_file_says_so(client, alice, draft):
    client.force_login(alice)
    response = client.post(upload_url(draft), {})
    assert response.context["attachment_form"].errors["file"] == [
        "Choose a file to upload."
    ]


def test_upload_needs_post(client, alice, draft):
    client.force_login(alice)
    assert client.get(upload_url(draft)).status_code == 405


def test_download_gives_the_bytes_under_the_original_name(client, mary, attachment):
    client.force_login(mary)
    response = client.get(download_url(attachment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''%E5%90%88%E5%90%8C%20signed.pdf" in disposition


def test_a_file_missing_from_storage_is_a_404(client, alice, attachment):
    stored_path(attachment).unlink()
    client.force_login(alice)
    assert client.get(download_url(attachment)).status_code == 404


@pytest.mark.parametrize("persona", ["bob", "olivia", "nick"])
def test_outsiders_get_404_everywhere(client, request, persona, draft, attachment):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(download_url(attachment)).status_code == 404
    assert client.get(delete_url(attachment)).status_code == 404
    assert client.post(delete_url(attachment)).status_code == 404
    response = client.post(
        upload_url(draft), {"file": SimpleUploadedFile("a.pdf", PDF)}
    )
    assert response.status_code == 404
    assert ContractAttachment.objects.count() == 1
    assert stored_path(attachment).exists()


def test_delete_asks_first_then_removes_the_row_and_the_file(
    client, alice, attachment, django_capture_on_commit_callbacks
):
    path = stored_path(attachment)
    client.force_login(alice)
    response = client.get(delete_url(attachment))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Delete “合同 signed.pdf” from contract" in body
    assert ContractAttachment.objects.exists() and path.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete_url(attachment), follow=True)
    assert "合同 signed.pdf was deleted." in response.content.decode()
    assert not ContractAttachment.objects.exists()
    assert not path.exists()


def test_attachments_of_a_void_contract_are_kept(
    client, alice, attachment, django_capture_on_commit_callbacks
):
    contract = attachment.contract
    contract.status, contract.void_reason = "void", "Duplicate"
    contract.save()
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete_url(attachment), follow=True)
    assert "The attachments of a void contract are kept." in response.content.decode()
    assert ContractAttachment.objects.exists() and stored_path(attachment).exists()


@pytest.mark.parametrize("status", ["signed", "completed"])
def test_attachments_of_a_signed_contract_are_kept(
    client, alice, attachment, status, django_capture_on_commit_callbacks
):
    contract = attachment.contract
    contract.status = status
    contract.save()
    client.force_login(alice)
    page = client.get(reverse("contracts:detail", args=[contract.pk]))
    assert delete_url(attachment) not in page.content.decode()
    for method in (client.get, client.post):
        with django_capture_on_commit_callbacks(execute=True):
            response = method(delete_url(attachment), follow=True)
        assert "The attachments of a signed or completed contract are kept" in (
            response.content.decode()
        )
    assert ContractAttachment.objects.exists() and stored_path(attachment).exists()


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_attachments_may_be_deleted_until_the_contract_is_signed(
    client, alice, attachment, status
):
    contract = attachment.contract
    contract.status = status
    contract.save()
    client.force_login(alice)
    page = client.get(reverse("contracts:detail", args=[contract.pk]))
    assert delete_url(attachment) in page.content.decode()
    client.post(delete_url(attachment))
    assert not ContractAttachment.objects.exists()
