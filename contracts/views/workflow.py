"""Status moves of a contract: the buttons, their dialogs, and the move itself."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from contracts import services
from contracts.forms import MoveForm
from contracts.models import Contract, ContractAction
from contracts.parts import contract_actions
from contracts.workflow import Action
from users.visibility import get_visible_or_404


@dataclass(frozen=True)
class Button:
    action: str
    label: str | Promise
    css: str
    icon: str
    # A plain button asks this question; the others open a dialog with fields.
    confirm: str | Promise = ""

    @property
    def opens_dialog(self) -> bool:
        return not self.confirm

    @property
    def submit_css(self) -> str:
        """The dialog's confirming button: solid, in the action's colour."""
        return self.css.replace("btn-outline-", "btn-")


BUTTONS = {
    Action.SUBMIT: Button(
        Action.SUBMIT,
        ContractAction.SUBMIT.label,
        "btn-primary",
        "bi-send",
        gettext_lazy("Submit this contract for approval?"),
    ),
    Action.WITHDRAW: Button(
        Action.WITHDRAW,
        ContractAction.WITHDRAW.label,
        "btn-outline-secondary",
        "bi-arrow-counterclockwise",
        gettext_lazy("Withdraw this contract? It goes back to draft."),
    ),
    Action.APPROVE: Button(
        Action.APPROVE,
        ContractAction.APPROVE.label,
        "btn-success",
        "bi-check2-circle",
        gettext_lazy("Approve this contract?"),
    ),
    Action.RETURN: Button(
        Action.RETURN,
        ContractAction.RETURN.label,
        "btn-outline-secondary",
        "bi-arrow-return-left",
    ),
    Action.SIGN: Button(
        Action.SIGN, ContractAction.SIGN.label, "btn-success", "bi-pen"
    ),
    Action.COMPLETE: Button(
        Action.COMPLETE,
        ContractAction.COMPLETE.label,
        "btn-primary",
        "bi-check2-all",
        gettext_lazy(
            "Mark this contract completed? It cannot change afterwards: no "
            "payments can be recorded or deleted, no invoices issued or voided, "
            "and its receivable plan stays as it is."
        ),
    ),
    Action.VOID: Button(
        Action.VOID, ContractAction.VOID.label, "btn-outline-danger", "bi-x-octagon"
    ),
}

SUCCESS = {
    Action.SUBMIT: gettext_lazy("The contract was submitted for approval."),
    Action.WITHDRAW: gettext_lazy("The contract was withdrawn; it is a draft again."),
    Action.APPROVE: gettext_lazy("The contract was approved."),
    Action.RETURN: gettext_lazy("The contract was returned to its owner as a draft."),
    Action.SIGN: gettext_lazy("The contract is signed."),
    Action.COMPLETE: gettext_lazy("The contract is completed."),
    Action.VOID: gettext_lazy("The contract was voided."),
}


def action_buttons(actions: list[Action]) -> list[Button]:
    """The buttons of the actions open to the viewer, in workflow order."""
    return [BUTTONS[action] for action in actions]


def move_dialogs(
    contract: Contract, actions: list[Action]
) -> list[tuple[Button, MoveForm]]:
    """A dialog for each action that asks something (reason, date, outcome)."""
    return [
        (BUTTONS[action], MoveForm(contract=contract, action=action))
        for action in actions
        if BUTTONS[action].opens_dialog
    ]


@login_required
@require_http_methods(["GET", "POST"])
def contract_move(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Take a workflow action (POST); GET shows its confirmation page.

    A move the user may not make is refused with a message and changes nothing.
    """
    if action not in ContractAction.values:
        raise Http404
    contract = get_visible_or_404(
        Contract.objects.select_related("customer", "owner", "opportunity"),
        request.user,
        pk=pk,
    )
    action = Action(action)
    if request.method == "GET":
        if action not in contract_actions(contract, request.user):
            messages.error(request, _refusal(contract, action))
            return redirect("contracts:detail", pk=contract.pk)
        form = MoveForm(contract=contract, action=action)
        return _confirm_page(request, contract, form)

    form = MoveForm(request.POST, contract=contract, action=action)
    if not form.is_valid():
        return _confirm_page(request, contract, form)
    try:
        services.contract_move(
            contract=contract,
            action=action,
            by=request.user,
            note=form.cleaned_data.get("note", ""),
            signed_on=form.cleaned_data.get("signed_on"),
            void_outcome=form.cleaned_data.get("void_outcome")
            or services.VoidOutcome.KEEP,
        )
    except ValidationError as error:
        if hasattr(error, "error_dict") and set(error.error_dict) & set(form.fields):
            # A field the dialog asks for: show the page again with the error.
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return _confirm_page(request, contract, form)
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, SUCCESS[action])
    return redirect("contracts:detail", pk=contract.pk)


def _refusal(contract: Contract, action: Action) -> str:
    return _("“%(action)s” is not open to you on a contract that is %(status)s.") % {
        "action": ContractAction(action).label,
        "status": contract.get_status_display().lower(),
    }


def _confirm_page(
    request: HttpRequest, contract: Contract, form: MoveForm
) -> HttpResponse:
    return render(
        request,
        "contracts/contract_move.html",
        {
            "contract": contract,
            "form": form,
            "button": BUTTONS[form.action],
            # Said before anyone confirms, rather than after.
            "blocker": services.contract_move_blocker(
                contract=contract, action=form.action
            ),
        },
    )
