"""Files kept with a contract: upload, download, delete.

An attachment is seen by whoever sees its contract; the stored file has a
random name, and the uploaded name comes back on download.
"""

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contracts.forms import AttachmentForm
from contracts.models import Contract, ContractAttachment, ContractStatus
from contracts.views.crud import render_detail
from users.visibility import get_visible_or_404

NAME_LENGTH = 200


def _back(contract_id: int) -> HttpResponse:
    return redirect(reverse("contracts:detail", args=[contract_id]) + "#attachments")


def display_name(filename: str) -> str:
    """The uploaded name without folders, cut to the column keeping its type."""
    name = PurePath(filename.replace("\\", "/")).name or "file"
    if len(name) <= NAME_LENGTH:
        return name
    suffix = PurePath(name).suffix[:10]
    return name[: NAME_LENGTH - len(suffix)] + suffix


# What a multipart body adds to the file: boundaries, headers, the CSRF token.
UPLOAD_MARGIN = 64 * 1024


# The CSRF check reads the form fields, and so the whole upload: it runs in
# _upload, after a body too big to keep has been refused unread.
@csrf_exempt
@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    contract = get_visible_or_404(
        Contract.objects.for_list().with_links_for(request.user),
        request.user,
        pk=pk,
    )
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > AttachmentForm.max_bytes() + UPLOAD_MARGIN:
        # Nothing is written and nothing changes, so no CSRF check is needed.
        form = AttachmentForm()
        form.refuse_size(declared)
        return render_detail(request, contract, attachment_form=form)
    return _upload(request, contract)


@csrf_protect
def _upload(request: HttpRequest, contract: Contract) -> HttpResponse:
    if contract.status == ContractStatus.VOID:
        messages.error(request, _("A void contract takes no new attachments."))
        return _back(contract.pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        # The contract page again, with the upload form saying what is wrong.
        return render_detail(request, contract, attachment_form=form)
    upload = form.cleaned_data["file"]
    attachment = ContractAttachment.objects.create(
        contract=contract,
        file=upload,
        name=display_name(upload.name),
        size=upload.size,
        uploaded_by=request.user,
    )
    messages.success(request, _("%(name)s was attached.") % {"name": attachment.name})
    return _back(contract.pk)


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_visible_or_404(ContractAttachment, request.user, pk=pk)
    storage = attachment.file.storage
    try:
        handle = storage.open(attachment.file.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=attachment.name)


@login_required
@require_http_methods(["GET", "POST"])
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes the row and then the stored file."""
    attachment = get_visible_or_404(
        ContractAttachment.objects.select_related("contract", "uploaded_by"),
        request.user,
        pk=pk,
    )
    contract = attachment.contract
    if contract.status == ContractStatus.VOID:
        messages.error(request, _("The attachments of a void contract are kept."))
        return _back(contract.pk)
    if not contract.attachments_deletable:
        messages.error(
            request,
            _(
                "The attachments of a signed or completed contract are kept; "
                "upload a corrected file beside this one instead."
            ),
        )
        return _back(contract.pk)
    if request.method == "GET":
        return render(
            request,
            "contracts/attachment_confirm_delete.html",
            {"attachment": attachment, "contract": contract},
        )
    file_name, storage = attachment.file.name, attachment.file.storage
    with transaction.atomic():
        attachment.delete()
        # The file goes only once the row is surely gone.
        transaction.on_commit(lambda: storage.delete(file_name))
    messages.success(request, _("%(name)s was deleted.") % {"name": attachment.name})
    return _back(contract.pk)
