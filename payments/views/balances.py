"""Contract balances: each receiving contract's money figures, and their export."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from contracts.models import Contract
from payments.figures import with_money
from payments.filters import BalanceFilter
from payments.resources import BALANCE_EXPORT
from payments.views.money_lists import money_list_export, money_list_page
from users.listing import list_totals

FIGURES = ("amount", "received", "outstanding", "invoiced", "overdue")
SORTS = {
    "number": "number",
    "customer": "customer__legal_name",
    "owner": "owner__username",
    "signed": "signed_on",
    **{figure: figure for figure in FIGURES},
}


def balances_of(request: HttpRequest) -> BalanceFilter:
    """Signed and completed contracts the viewer sees, with their figures."""
    contracts = with_money(
        Contract.objects.visible_to(request.user).receiving().for_list(),
        today=timezone.localdate(),
    )
    return BalanceFilter(request.GET, queryset=contracts, request=request)


@login_required
@require_GET
def balance_list(request: HttpRequest) -> HttpResponse:
    filterset = balances_of(request)
    page = money_list_page(
        request,
        filterset,
        sorts=SORTS,
        default_sort="-outstanding",
        customer_of=lambda contract: contract.customer_id,
    )
    # One aggregate over the whole filtered set, not just the page, unless the
    # set is past the count cap. The aggregates need names of their own: one
    # named like an annotation would replace it instead of adding it up.
    sums = list_totals(
        filterset.qs,
        page["page_obj"],
        contracts=Count("*"),
        **{f"sum_{figure}": Sum(figure) for figure in FIGURES},
    )
    totals = None
    if sums is not None:
        totals = {figure: sums[f"sum_{figure}"] or 0 for figure in FIGURES}
        totals["count"] = sums["contracts"]
    return render(
        request,
        "payments/balance_list.html",
        {**page, "contracts": page["page_obj"].object_list, "totals": totals},
    )


@login_required
@require_GET
def balance_export(request: HttpRequest) -> HttpResponse:
    """The visible contract balances matching the list's filters."""
    return money_list_export(
        request,
        balances_of(request),
        sorts=SORTS,
        default_sort="-outstanding",
        columns=BALANCE_EXPORT,
        stem="balances",
    )
