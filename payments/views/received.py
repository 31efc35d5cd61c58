"""Payments received: the list and its export, recording, detail and delete."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from customers.models import Customer
from payments import services
from payments.figures import money_of
from payments.filters import PaymentFilter
from payments.forms import PaymentDeleteForm, PaymentForm
from payments.models import Payment
from payments.resources import PAYMENT_EXPORT
from payments.views.contract_forms import (
    back_to_contract,
    visible_contract,
)
from payments.views.money_lists import money_list_export, money_list_page
from users.change_history import change_history
from users.counting import count_rows
from users.forms import add_service_errors
from users.listing import list_totals
from users.visibility import get_visible_or_404, visible_exists

HISTORY_LENGTH = 20
SORTS = {
    "received": "received_on",
    "contract": "contract__number",
    "customer": "contract__customer__legal_name",
    "amount": "amount",
    "method": "method",
    "recorded_by": "recorded_by__username",
}


def payments_of(request: HttpRequest) -> PaymentFilter:
    """Payments on the contracts the viewer sees."""
    payments = Payment.objects.visible_to(request.user).select_related(
        "contract", "contract__customer", "contract__owner", "recorded_by"
    )
    return PaymentFilter(request.GET, queryset=payments, request=request)


@login_required
@require_GET
def payment_list(request: HttpRequest) -> HttpResponse:
    filterset = payments_of(request)
    page = money_list_page(
        request,
        filterset,
        sorts=SORTS,
        default_sort="-received",
        customer_of=lambda payment: payment.contract.customer_id,
    )
    # Past the count cap the list asks for a filter rather than add up.
    totals = list_totals(
        filterset.qs,
        page["page_obj"],
        count=Count("*"),
        amount=Sum("amount"),
        overpaid=count_rows(filter=Q(is_overpayment=True)),
    )
    return render(
        request,
        "payments/payment_list.html",
        {**page, "payments": page["page_obj"].object_list, "totals": totals},
    )


@login_required
@require_GET
def payment_export(request: HttpRequest) -> HttpResponse:
    """The visible payments matching the list's filters."""
    return money_list_export(
        request,
        payments_of(request),
        sorts=SORTS,
        default_sort="-received",
        columns=PAYMENT_EXPORT,
        stem="payments",
    )


@login_required
@require_http_methods(["GET", "POST"])
def payment_create(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = visible_contract(request.user, contract_id)
    refusal = services.money_refusal(
        contract, _("Payments are recorded on signed contracts only.")
    )
    if refusal is not None:
        messages.error(request, refusal)
        return back_to_contract(contract)
    figures = money_of(contract, today=timezone.localdate())
    form = PaymentForm(
        request.POST if request.method == "POST" else None,
        contract=contract,
        initial=_initial(request, contract, figures["outstanding"]),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.payment_record(
                contract=contract, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The payment was recorded."))
            return back_to_contract(contract)
    return render(
        request,
        "payments/payment_form.html",
        {
            "contract": contract,
            "form": form,
            "figures": figures,
            "heading": _("Record payment"),
            "form_id": "payment-form",
        },
    )


def _initial(request: HttpRequest, contract, outstanding: Decimal) -> dict:
    """The installment asked for (?installment=) or the next unpaid one's rest."""
    unpaid = contract.installments.unpaid()
    wanted = request.GET.get("installment", "")
    installment = None
    if wanted.isdigit():
        installment = unpaid.filter(pk=int(wanted)).first()
    if installment is not None:
        return {"installment": installment, "amount": installment.remaining}
    first = unpaid.first()
    if first is not None:
        return {"amount": min(first.remaining, outstanding) or None}
    return {"amount": outstanding or None}


@login_required
@require_GET
def payment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    payment = get_visible_or_404(
        Payment.objects.select_related(
            "contract", "contract__customer", "installment", "recorded_by"
        ).annotate(
            customer_visible=visible_exists(
                Customer, request.user, "contract__customer_id"
            )
        ),
        request.user,
        pk=pk,
    )
    return render(
        request,
        "payments/payment_detail.html",
        {
            "payment": payment,
            "contract": payment.contract,
            "history": change_history(payment, limit=HISTORY_LENGTH),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def payment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    payment = get_visible_or_404(
        Payment.objects.select_related("contract", "contract__customer"),
        request.user,
        pk=pk,
    )
    refusal = services.money_refusal(
        payment.contract, _("Payments of this contract cannot change.")
    )
    if refusal is not None:
        messages.error(request, refusal)
        return redirect("payments:detail", pk=payment.pk)
    form = PaymentDeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.payment_delete(
                payment=payment, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The payment was deleted."))
            return back_to_contract(payment.contract)
    return render(
        request,
        "payments/payment_confirm_delete.html",
        {"payment": payment, "contract": payment.contract, "form": form},
    )
