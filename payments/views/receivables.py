"""The receivables list: unpaid installments by time window, and its export."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from payments.filters import ReceivableFilter
from payments.models import Installment
from payments.resources import receivable_export
from payments.views.money_lists import money_list_export, money_list_page
from payments.windows import REMAINING, window_summary

SORTS = {
    "due": "due_date",
    "contract": "contract__number",
    "customer": "contract__customer__legal_name",
    "owner": "contract__owner__username",
    "amount": "amount",
    "paid": "paid_amount",
    "remaining": "remaining_amount",
}


def receivables_of(request: HttpRequest) -> ReceivableFilter:
    """Unpaid installments of signed and completed contracts the viewer sees."""
    installments = (
        Installment.objects.visible_to(request.user)
        .receivable()
        .unpaid()
        .select_related("contract", "contract__customer", "contract__owner")
        .annotate(remaining_amount=REMAINING)
    )
    return ReceivableFilter(request.GET, queryset=installments, request=request)


@login_required
@require_GET
def receivable_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    filterset = receivables_of(request)
    # The cards add up every filter but the window, over all rows, not the page.
    summary = window_summary(filterset.qs_without_window, today)
    page = money_list_page(
        request,
        filterset,
        sorts=SORTS,
        default_sort="due",
        customer_of=lambda installment: installment.contract.customer_id,
        not_filters=("window",),
    )
    installments = page["page_obj"].object_list
    for installment in installments:
        installment.days_overdue = max((today - installment.due_date).days, 0)
    return render(
        request,
        "payments/receivable_list.html",
        {
            **page,
            "installments": installments,
            "window": filterset.current_window,
            "summary": summary,
            "shown": summary[filterset.current_window],
            "today": today,
        },
    )


@login_required
@require_GET
def receivable_export_view(request: HttpRequest) -> HttpResponse:
    """The visible unpaid installments matching the list's filters."""
    return money_list_export(
        request,
        receivables_of(request),
        sorts=SORTS,
        default_sort="due",
        columns=receivable_export(timezone.localdate()),
        stem="receivables",
    )
