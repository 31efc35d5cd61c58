"""A background lead import: its page, its progress and its refused rows."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from leads.models import LeadImport
from leads.resources import LEAD_COLUMNS
from users.spreadsheets.exporting import csv_response
from users.visibility import get_visible_or_404


@login_required
@require_GET
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The import's page; htmx asks for its progress card every 2 seconds."""
    job = get_visible_or_404(
        LeadImport.objects.select_related("owner"), request.user, pk=pk
    )
    template = (
        "leads/_import_progress.html" if request.htmx else "leads/import_detail.html"
    )
    return render(request, template, {"job": job})


@login_required
@require_GET
def import_refused(request: HttpRequest, pk: int) -> HttpResponse:
    """The rows the import did not save, as read, with the reason for each."""
    job = get_visible_or_404(LeadImport, request.user, pk=pk)
    header = [*(str(column.label) for column in LEAD_COLUMNS), _("Row"), _("Reason")]
    fields = [column.field for column in LEAD_COLUMNS]
    rows = (
        [
            *(refusal.values.get(name, "") for name in fields),
            refusal.row_number,
            refusal.reasons,
        ]
        for refusal in job.refusals.order_by("row_number").iterator(chunk_size=2000)
    )
    stem = job.filename.rsplit(".", 1)[0]
    return csv_response(f"{stem}-refused.csv", header, rows)
