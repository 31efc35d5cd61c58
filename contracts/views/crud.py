"""The contract pages: list, create (from a deal or a customer), edit, detail."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from contracts import services
from contracts.filters import ContractFilter
from contracts.forms import (
    AttachmentForm,
    ContractForm,
    ContractLineFormSet,
    contract_opportunity_choices,
)
from contracts.models import Contract, ContractStatus
from contracts.parts import contract_actions
from contracts.views.workflow import action_buttons, move_dialogs
from contracts.workflow import Action
from customers.models import Customer
from opportunities.models import Opportunity, OpportunityStatus
from users.change_history import change_history
from users.forms import add_service_errors
from users.listing import is_filtered, list_totals, paginate, sort_queryset
from users.money import format_money as money
from users.record_keys import record_key
from users.versioning import save_versioned
from users.visibility import get_visible_or_404

EVENT_LENGTH = 30
HISTORY_LENGTH = 20

SORTS = {
    "number": "number",
    "title": "title",
    "customer": "customer__legal_name",
    "owner": "owner__last_name",
    "status": "status",
    "amount": "amount",
    "signed": "signed_on",
    "ends": "ends_on",
    "created": "created_at",
}


@login_required
@require_GET
def contract_list(request: HttpRequest) -> HttpResponse:
    visible = Contract.objects.visible_to(request.user).for_list()
    filterset = ContractFilter(request.GET, queryset=visible, request=request)
    filtered = filterset.qs
    rows, sort = sort_queryset(request, filtered, SORTS, "-created")
    page_obj = paginate(request, rows)
    # One aggregate over the whole filtered set, not just the page.
    totals = list_totals(filtered, page_obj, amount=Sum("amount"))
    user = request.user
    return render(
        request,
        "contracts/contract_list.html",
        {
            "filter": filterset,
            "page_obj": page_obj,
            "contracts": page_obj.object_list,
            "sort": sort,
            "totals": totals,
            # A salesperson sees only their own contracts: the column would repeat.
            "show_owner": user.is_manager or user.is_admin,
            "can_approve": user.is_manager or user.is_admin,
            "is_filtered": is_filtered(request, filterset),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def contract_create(request: HttpRequest) -> HttpResponse:
    """A new draft, for a customer or copied from a deal (`?opportunity=`)."""
    user = request.user
    opportunity_id = record_key(request.GET.get("opportunity"))
    if opportunity_id is not None:
        opportunity = get_visible_or_404(
            Opportunity.objects.select_related("customer", "owner"),
            user,
            pk=int(opportunity_id),
        )
        refusal = _refuse_second_contract(request, opportunity)
        if refusal is not None:
            return refusal
        contract, lines = services.contract_draft_from_opportunity(opportunity, by=user)
        return _edit(
            request,
            contract,
            lines_initial=[
                {
                    "product": line.product_id,
                    "description": line.description,
                    "quantity": line.quantity,
                    "unit_price": line.unit_price,
                }
                for line in lines
            ],
            keep_products=[line.product_id for line in lines],
        )
    initial = {}
    customer_id = record_key(request.GET.get("customer"))
    if customer_id is not None:
        initial["customer"] = get_visible_or_404(Customer, user, pk=customer_id)
    return _edit(request, Contract(owner=user), initial=initial)


def _refuse_second_contract(
    request: HttpRequest, opportunity: Opportunity
) -> HttpResponse | None:
    """A lost deal, or one that has a live contract, gets no new one."""
    if opportunity.status == OpportunityStatus.LOST:
        messages.error(
            request, _("This opportunity was lost; reopen it before making a contract.")
        )
        return redirect("opportunities:detail", pk=opportunity.pk)
    existing = (
        Contract.objects.live().filter(opportunity=opportunity).only("pk", "number")
    ).first()
    if existing is None:
        return None
    messages.info(
        request,
        _("This opportunity already has contract %(number)s.")
        % {"number": existing.number},
    )
    if Contract.objects.visible_to(request.user).filter(pk=existing.pk).exists():
        return redirect("contracts:detail", pk=existing.pk)
    return redirect("opportunities:detail", pk=opportunity.pk)


@login_required
@require_http_methods(["GET", "POST"])
def contract_update(request: HttpRequest, pk: int) -> HttpResponse:
    contract = get_visible_or_404(
        Contract.objects.select_related("customer", "opportunity"), request.user, pk=pk
    )
    if not contract.is_editable:
        messages.error(
            request,
            _("Only a draft contract can be edited; this one is %(status)s.")
            % {"status": contract.get_status_display().lower()},
        )
        return redirect("contracts:detail", pk=contract.pk)
    return _edit(request, contract)


def _edit(
    request: HttpRequest,
    contract: Contract,
    *,
    initial: dict | None = None,
    lines_initial: list[dict] | None = None,
    keep_products=(),
) -> HttpResponse:
    """The create and edit form with its lines, saved all or nothing."""
    editing = contract.pk is not None
    data = request.POST if request.method == "POST" else None
    formset = ContractLineFormSet(
        data,
        instance=contract,
        prefix="lines",
        # Copied deal lines are the first rows; once posted, the data rules.
        initial=lines_initial if data is None else None,
        keep_products=keep_products,
    )
    form = ContractForm(
        data,
        instance=contract,
        user=request.user,
        initial=initial,
        has_lines=bool(lines_initial) or (editing and bool(formset.get_queryset())),
    )
    if request.method == "POST":
        form_valid = form.is_valid()
        if formset.is_valid() and form_valid:
            try:
                saved = save_versioned(form, lambda: _save(request, form, formset))
            except ValidationError as error:
                if not editing:
                    # The rolled-back insert leaves nothing behind on the form.
                    form.instance.pk, form.instance.number = None, ""
                add_service_errors(form, error)
            else:
                if saved is None:
                    return _render_form(request, form, formset, contract, editing)
                contract = saved
                if editing:
                    messages.success(request, _("The contract was saved."))
                    _warn_of_plan_gap(request, contract)
                else:
                    messages.success(
                        request,
                        _("Contract %(number)s was created as a draft.")
                        % {"number": contract.number},
                    )
                return redirect("contracts:detail", pk=contract.pk)
    return _render_form(request, form, formset, contract, editing)


def _render_form(request, form, formset, contract, editing: bool) -> HttpResponse:
    return render(
        request,
        "contracts/contract_form.html",
        {
            "form": form,
            "formset": formset,
            "contract": contract if editing else None,
            "source": None if editing else contract.opportunity,
            "product_prices": {
                str(product.pk): str(product.unit_price) for product in formset.products
            },
        },
    )


def _warn_of_plan_gap(request: HttpRequest, contract: Contract) -> None:
    """An edit that changed the amount under an existing plan says so."""
    gap = services.contract_plan_gap(contract)
    if gap is None:
        return
    planned, amount = gap
    messages.warning(
        request,
        _(
            "The receivable plan adds up to %(planned)s but the contract amount is "
            "now %(amount)s: adjust the plan before submitting."
        )
        % {"planned": money(planned), "amount": money(amount)},
    )


def _save(request: HttpRequest, form: ContractForm, formset) -> Contract:
    contract = form.save(commit=False)
    services.contract_save(contract=contract, by=request.user)
    formset.instance = contract
    formset.save()
    # The lines are in now: the amount follows them.
    return services.contract_refresh_amount(contract=contract)


@login_required
@require_GET
def opportunity_options(request: HttpRequest) -> HttpResponse:
    """The deal choices of a customer, for the form's select (htmx)."""
    customer = record_key(request.GET.get("customer"))
    return render(
        request,
        "contracts/_opportunity_options.html",
        {
            "opportunities": contract_opportunity_choices(request.user, customer)
            if customer is not None
            else [],
        },
    )


@login_required
@require_GET
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contract = get_visible_or_404(
        Contract.objects.for_list().with_links_for(request.user),
        request.user,
        pk=pk,
    )
    return render_detail(request, contract)


def render_detail(
    request: HttpRequest,
    contract: Contract,
    *,
    attachment_form: AttachmentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The contract page; an upload with errors comes back to it with its form."""
    lines = list(contract.lines.select_related("product"))
    actions = contract_actions(contract, request.user)
    return render(
        request,
        "contracts/contract_detail.html",
        {
            "contract": contract,
            "lines": lines,
            "lines_total": sum((line.total for line in lines), start=0),
            "events": list(
                contract.events.select_related("by").order_by("-created_at", "-id")[
                    :EVENT_LENGTH
                ]
            ),
            "attachments": list(
                contract.attachments.select_related("uploaded_by").order_by(
                    "-created_at", "-id"
                )
            ),
            "attachment_form": attachment_form or AttachmentForm(),
            "can_upload": contract.status != ContractStatus.VOID,
            "can_delete_attachments": contract.attachments_deletable,
            "buttons": action_buttons(actions),
            # Tell the owner who the contract waits for.
            "awaits_approval": contract.status == ContractStatus.SUBMITTED
            and Action.APPROVE not in actions,
            "move_dialogs": move_dialogs(contract, actions),
            "history": change_history(contract, limit=HISTORY_LENGTH),
        },
        status=status,
    )
