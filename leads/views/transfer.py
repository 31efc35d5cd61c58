"""Importing leads from a spreadsheet, and exporting the filtered list."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from leads.filters import DEFAULT_SORT, LIST_SORTS, LeadFilter
from leads.models import Lead
from leads.resources import LEAD_EXPORT, LEAD_IMPORT
from users.listing import sort_queryset
from users.spreadsheets.exporting import export_response
from users.spreadsheets.import_page import handle_import


@login_required
@require_GET
def lead_export(request: HttpRequest) -> HttpResponse:
    """The visible leads matching the list's filters, as CSV or XLSX."""
    leads = Lead.objects.visible_to(request.user).select_related("owner")
    leads = LeadFilter(request.GET, queryset=leads, request=request).qs
    # The rows come in the order the list shows them.
    leads, _sort = sort_queryset(request, leads, LIST_SORTS, DEFAULT_SORT)
    return export_response(request, leads, LEAD_EXPORT, stem="leads")


@login_required
@require_http_methods(["GET", "POST"])
def lead_import(request: HttpRequest) -> HttpResponse:
    return handle_import(
        request,
        LEAD_IMPORT,
        title=_("Import leads"),
        help_text=_(
            "Imported leads are yours unless a manager names another owner. "
            "A row with the company, phone or email of a saved lead or of an "
            "earlier row is refused. You will see every row before anything is "
            "saved."
        ),
        back_label=_("Leads"),
        template_filename="leads-import-template.csv",
        done_url=reverse("leads:list"),
    )
