"""Importing leads from a spreadsheet, and exporting the filtered list."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from leads.filters import DEFAULT_SORT, LIST_SORTS, LeadFilter
from leads.import_jobs import lead_import_start
from leads.models import Lead, LeadImport
from leads.resources import LEAD_EXPORT, LEAD_IMPORT
from users.listing import sort_queryset
from users.spreadsheets.exporting import export_response
from users.spreadsheets.import_page import handle_import
from users.spreadsheets.reading import MAX_ROWS

# A background import takes files this large (about 500,000 short rows).
MAX_IMPORT_MB = 50
RECENT_IMPORTS = 10


@login_required
@require_GET
def lead_export(request: HttpRequest) -> HttpResponse:
    """The visible leads matching the list's filters, as CSV or XLSX."""
    leads = Lead.objects.visible_to(request.user).select_related("owner")
    leads = LeadFilter(request.GET, queryset=leads, request=request).qs
    # The rows come in the order the list shows them.
    leads, _sort = sort_queryset(request, leads, LIST_SORTS, DEFAULT_SORT)
    return export_response(request, leads, LEAD_EXPORT, stem="leads")


def _start_in_background(request: HttpRequest, upload) -> HttpResponse:
    job = lead_import_start(
        upload=upload, user=request.user, language=request.LANGUAGE_CODE
    )
    return redirect("leads:import_detail", pk=job.pk)


@login_required
@require_http_methods(["GET", "POST"])
def lead_import(request: HttpRequest) -> HttpResponse:
    recent = (
        LeadImport.objects.visible_to(request.user)
        .select_related("owner")
        .order_by("-created_at", "-id")[:RECENT_IMPORTS]
    )
    return handle_import(
        request,
        LEAD_IMPORT,
        title=_("Import leads"),
        help_text=_(
            "Imported leads are yours unless a manager names another owner. "
            "A row with the company, phone or email of a saved lead or of an "
            "earlier row is refused. Up to %(rows)s rows, you will see every "
            "row before anything is saved; a larger file is imported in the "
            "background: its valid rows are saved and the refused ones can be "
            "downloaded with their reasons."
        )
        % {"rows": f"{MAX_ROWS:,}"},
        back_label=_("Leads"),
        template_filename="leads-import-template.csv",
        done_url=reverse("leads:list"),
        background=_start_in_background,
        max_mb=MAX_IMPORT_MB,
        extra_context={
            "recent_imports": recent,
            "recent_template": "leads/_recent_imports.html",
            "preview_rows": f"{MAX_ROWS:,}",
        },
    )
