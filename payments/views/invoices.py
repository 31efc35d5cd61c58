"""Invoices: the list and its export, recording one, delivering or voiding it."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from contracts.models import ContractStatus
from payments import services
from payments.figures import money_of
from payments.filters import InvoiceFilter
from payments.forms import InvoiceForm, InvoiceVoidForm
from payments.models import Invoice, InvoiceStatus
from payments.resources import INVOICE_EXPORT
from payments.views.contract_forms import (
    back_to_contract,
    visible_contract,
)
from payments.views.money_lists import money_list_export, money_list_page
from users.counting import count_rows
from users.forms import add_service_errors
from users.listing import list_totals
from users.visibility import get_visible_or_404

SORTS = {
    "number": "number",
    "kind": "kind",
    "amount": "amount",
    "issued": "issued_on",
    "status": "status",
    "contract": "contract__number",
    "customer": "contract__customer__legal_name",
}
COUNTED = ~Q(status=InvoiceStatus.VOID)


def invoices_of(request: HttpRequest) -> InvoiceFilter:
    """Invoices on the contracts the viewer sees."""
    invoices = Invoice.objects.visible_to(request.user).select_related(
        "contract", "contract__customer", "contract__owner", "issued_by"
    )
    return InvoiceFilter(request.GET, queryset=invoices, request=request)


@login_required
@require_GET
def invoice_list(request: HttpRequest) -> HttpResponse:
    filterset = invoices_of(request)
    page = money_list_page(
        request,
        filterset,
        sorts=SORTS,
        default_sort="-issued",
        customer_of=lambda invoice: invoice.contract.customer_id,
    )
    # Past the count cap the list asks for a filter rather than add up.
    totals = list_totals(
        filterset.qs,
        page["page_obj"],
        counted=count_rows(filter=COUNTED),
        void=count_rows(filter=~COUNTED),
        amount=Sum("amount", filter=COUNTED),
    )
    return render(
        request,
        "payments/invoice_list.html",
        {**page, "invoices": page["page_obj"].object_list, "totals": totals},
    )


@login_required
@require_GET
def invoice_export(request: HttpRequest) -> HttpResponse:
    """The visible invoices matching the list's filters."""
    return money_list_export(
        request,
        invoices_of(request),
        sorts=SORTS,
        default_sort="-issued",
        columns=INVOICE_EXPORT,
        stem="invoices",
    )


@login_required
@require_http_methods(["GET", "POST"])
def invoice_create(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = visible_contract(request.user, contract_id)
    refusal = services.money_refusal(
        contract, _("Invoices are recorded on signed contracts only.")
    )
    if refusal is not None:
        messages.error(request, refusal)
        return back_to_contract(contract)
    figures = money_of(contract, today=timezone.localdate())
    not_invoiced = max(figures["amount"] - figures["invoiced"], Decimal(0))
    form = InvoiceForm(
        request.POST if request.method == "POST" else None,
        initial={"amount": not_invoiced or None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.invoice_issue(
                contract=contract, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The invoice was recorded."))
            return back_to_contract(contract)
    return render(
        request,
        "payments/invoice_form.html",
        {
            "contract": contract,
            "form": form,
            "figures": figures,
            "not_invoiced": not_invoiced,
            "heading": _("Record invoice"),
            "form_id": "invoice-form",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def invoice_status(request: HttpRequest, pk: int) -> HttpResponse:
    """POST status=delivered, or status=void with a reason; GET asks for it."""
    invoice = get_visible_or_404(
        Invoice.objects.select_related("contract", "contract__customer"),
        request.user,
        pk=pk,
    )
    contract = invoice.contract
    status = request.POST.get("status") if request.method == "POST" else None
    if status == InvoiceStatus.DELIVERED:
        try:
            services.invoice_set_status(invoice=invoice, status=status, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Invoice %(number)s is marked delivered.")
                % {"number": invoice.number},
            )
        return back_to_contract(contract)
    if contract.status == ContractStatus.COMPLETED:
        # Only voiding is left here, and a completed contract's invoices stay.
        messages.error(request, services.COMPLETED_REFUSAL)
        return back_to_contract(contract)
    form = InvoiceVoidForm(request.POST if status == InvoiceStatus.VOID else None)
    if status == InvoiceStatus.VOID and form.is_valid():
        try:
            services.invoice_set_status(
                invoice=invoice,
                status=status,
                by=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Invoice %(number)s is void.") % {"number": invoice.number}
            )
            return back_to_contract(contract)
    elif request.method == "POST" and status != InvoiceStatus.VOID:
        messages.error(request, _("This invoice cannot move to that status."))
        return back_to_contract(contract)
    return render(
        request,
        "payments/invoice_void.html",
        {"invoice": invoice, "contract": contract, "form": form},
    )
