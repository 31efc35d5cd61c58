"""The receivables list: unpaid installments by time window, and its export."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from customers.models import Customer
from payments.filters import ReceivableFilter
from payments.models import Installment
from payments.resources import receivable_export
from payments.windows import REMAINING, window_summary
from users.listing import is_filtered, paginate, sort_queryset
from users.spreadsheets.exporting import export_response
from users.visibility import visible_ids

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
    rows, sort = sort_queryset(request, filterset.qs, SORTS, "due")
    page_obj = paginate(request, rows)
    for installment in page_obj.object_list:
        installment.days_overdue = max((today - installment.due_date).days, 0)
    return render(
        request,
        "payments/receivable_list.html",
        {
            "filter": filterset,
            "page_obj": page_obj,
            "installments": page_obj.object_list,
            "linkable_customers": visible_ids(
                Customer,
                request.user,
                [i.contract.customer_id for i in page_obj.object_list],
            ),
            "sort": sort,
            "window": filterset.current_window,
            "summary": summary,
            "shown": summary[filterset.current_window],
            "today": today,
            "show_owner": request.user.is_manager or request.user.is_admin,
            "is_filtered": is_filtered(request, filterset, ignore=("window",)),
        },
    )


@login_required
@require_GET
def receivable_export_view(request: HttpRequest) -> HttpResponse:
    """The visible unpaid installments matching the list's filters."""
    rows, _sort = sort_queryset(request, receivables_of(request).qs, SORTS, "due")
    return export_response(
        request,
        rows.iterator(chunk_size=2000),
        receivable_export(timezone.localdate()),
        stem="receivables",
    )
