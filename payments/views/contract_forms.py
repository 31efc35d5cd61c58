"""What the pages that write on one contract share."""

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
