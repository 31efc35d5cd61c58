"""Exporting the filtered contract list."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from contracts.filters import ContractFilter
from contracts.models import Contract
from contracts.resources import CONTRACT_EXPORT
from contracts.views.crud import SORTS
from users.listing import sort_queryset
from users.spreadsheets.exporting import export_response


@login_required
@require_GET
def contract_export(request: HttpRequest) -> HttpResponse:
    """The visible contracts matching the list's filters, as CSV or XLSX."""
    contracts = Contract.objects.visible_to(request.user).for_list()
    contracts = ContractFilter(request.GET, queryset=contracts, request=request).qs
    # The rows come in the order the list shows them.
    contracts, _sort = sort_queryset(request, contracts, SORTS, "-created")
    return export_response(
        request,
        contracts,
        CONTRACT_EXPORT,
        stem="contracts",
    )
