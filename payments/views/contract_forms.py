"""What the pages that write on one contract share."""

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect

from contracts.models import Contract
from users.models import User
from users.visibility import get_visible_or_404


def visible_contract(user: User, contract_id: int) -> Contract:
    """The contract, if `user` sees it (404 otherwise)."""
    return get_visible_or_404(
        Contract.objects.select_related("customer", "owner"), user, pk=contract_id
    )


def back_to_contract(contract: Contract) -> HttpResponse:
    return redirect("contracts:detail", pk=contract.pk)


def add_service_errors(form: Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field, or on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)
