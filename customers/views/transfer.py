"""Importing customers from a spreadsheet, and exporting the filtered list."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from customers.filters import DEFAULT_SORT, SORTS, CustomerFilter
from customers.models import Customer
from customers.resources import CUSTOMER_EXPORT, CUSTOMER_IMPORT
from users.listing import sort_queryset
from users.spreadsheets.exporting import export_response
from users.spreadsheets.import_page import handle_import


@login_required
@require_GET
def customer_export(request: HttpRequest) -> HttpResponse:
    """The visible customers matching the list's filters, as CSV or XLSX."""
    customers = Customer.objects.visible_to(request.user).select_related("owner")
    customers = CustomerFilter(request.GET, queryset=customers, request=request).qs
    # The rows come in the order the list shows them.
    customers, _sort = sort_queryset(request, customers, SORTS, DEFAULT_SORT)
    return export_response(request, customers, CUSTOMER_EXPORT, stem="customers")


@login_required
@require_http_methods(["GET", "POST"])
def customer_import(request: HttpRequest) -> HttpResponse:
    return handle_import(
        request,
        CUSTOMER_IMPORT,
        title=_("Import customers"),
        help_text=_(
            "Imported customers are yours unless a manager names another owner. "
            "A customer already in the CRM, under anyone, is refused. You will "
            "see every row before anything is saved."
        ),
        back_label=_("Customers"),
        template_filename="customers-import-template.csv",
        done_url=reverse("customers:list"),
    )
