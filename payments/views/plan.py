"""The receivable plan editor of one contract."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from payments import services
from payments.forms import PlanFormSet
from payments.views.contract_forms import back_to_contract, visible_contract
from users.versioning import EditConflict


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, contract_id: int) -> HttpResponse:
    """Replace the plan all at once; the service refuses a plan that does not add up."""
    contract = visible_contract(request.user, contract_id)
    if contract.is_final:
        messages.error(
            request, _("The plan of a completed or void contract cannot change.")
        )
        return back_to_contract(contract)
    installments = list(contract.installments.all())
    plan_errors: list[str] = []
    plan_version = contract.plan_version
    conflict = False
    if request.method == "POST":
        formset = PlanFormSet(request.POST, prefix="plan")
        sent = request.POST.get("plan_version", "")
        expected = int(sent) if sent.isdigit() else None
        # Shown again until it saves, so the check covers the whole edit.
        plan_version = expected or plan_version
        if formset.is_valid():
            try:
                services.installment_plan_replace(
                    contract=contract,
                    rows=formset.rows(),
                    by=request.user,
                    expected_version=expected,
                )
            except ValidationError as error:
                plan_errors = error.messages
            except EditConflict:
                # Someone saved the plan first: show theirs, keep this input,
                # and let a second save apply it over theirs.
                conflict = True
                contract.refresh_from_db(fields=["plan_version"])
                plan_version = contract.plan_version
                installments = list(contract.installments.all())
            else:
                messages.success(request, _("The receivable plan was saved."))
                return back_to_contract(contract)
    else:
        initial = [
            {
                "id": installment.pk,
                "due_date": installment.due_date,
                "amount": installment.amount,
                "note": installment.note,
            }
            for installment in installments
        ] or [{"amount": contract.amount or None}]
        formset = PlanFormSet(prefix="plan", initial=initial)
    paid = {str(i.pk): i.paid_amount for i in installments}
    for form in formset:
        # Shown beside each kept row; saving spreads the payments again.
        form.paid = paid.get(str(form["id"].value() or ""))
    return render(
        request,
        "payments/plan_form.html",
        {
            "contract": contract,
            "formset": formset,
            "plan_errors": plan_errors,
            "plan_version": plan_version,
            "conflict": conflict,
            "saved_plan": installments,
            "received_any": any(i.paid_amount for i in installments),
            "today": timezone.localdate(),
            # The live "sum vs contract amount" line; %s is an amount.
            "plan_labels": {
                "adds_up": _("Adds up to the contract amount"),
                "too_much": _("%s too much"),
                "missing": _("%s missing"),
            },
        },
    )
