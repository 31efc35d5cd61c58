"""Exporting the filtered opportunity list."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from opportunities.filters import DEFAULT_SORT, SORTS, OpportunityFilter
from opportunities.models import Opportunity
from opportunities.resources import EXPORT_FIELDS, OPPORTUNITY_EXPORT
from users.listing import sort_queryset
from users.spreadsheets.exporting import export_response


@login_required
@require_GET
def opportunity_export(request: HttpRequest) -> HttpResponse:
    """The visible opportunities matching the list's filters, as CSV or XLSX."""
    opportunities = Opportunity.objects.visible_to(request.user).for_list()
    opportunities = OpportunityFilter(
        request.GET, queryset=opportunities, request=request
    ).qs
    # The rows come in the order the list shows them.
    opportunities, _sort = sort_queryset(request, opportunities, SORTS, DEFAULT_SORT)
    # Only the columns the file holds: a stage row carries its guidance texts.
    opportunities = opportunities.only(*EXPORT_FIELDS)
    return export_response(
        request,
        opportunities,
        OPPORTUNITY_EXPORT,
        stem="opportunities",
    )
