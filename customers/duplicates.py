"""Refusing a duplicate customer without naming one the user may not see.

A customer exists once: a second with the same legal name (normalized) or
credit code is refused. Telling who already has it is helpful when the user
may open that customer, and a leak when not (anyone could type credit codes
and read off the names of other people's customers).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from customers.models import Customer
from users.models import User

# Per field: the message that names a customer the user sees, and the one for
# a customer they do not.
MESSAGES = {
    "legal_name": (
        _("A customer with this legal name already exists: %(name)s."),
        _(
            "A customer with this legal name already exists and is owned by "
            "another salesperson. Ask your manager if you need it."
        ),
    ),
    "credit_code": (
        _("A customer with this credit code already exists: %(name)s."),
        _(
            "A customer with this credit code already exists and is owned by "
            "another salesperson. Ask your manager if you need it."
        ),
    ),
}


@dataclass(frozen=True)
class Duplicate:
    error: ValidationError
    # The existing customer when the user may open it (forms link to it).
    seen: Customer | None


def customer_duplicate(
    field: str, value: str, *, user: User, exclude_pk: int | None = None
) -> Duplicate | None:
    """The refusal of a legal name or credit code another customer already has."""
    if not value:
        return None
    others = Customer.objects.exclude(pk=exclude_pk)
    if field == "legal_name":
        others = others.with_name(value)
    else:
        others = others.filter(credit_code=value.strip().upper())
    clash = others.first()
    if clash is None:
        return None
    seen_message, unseen_message = MESSAGES[field]
    if Customer.objects.visible_to(user).filter(pk=clash.pk).exists():
        error = ValidationError(
            seen_message, code="duplicate", params={"name": clash.legal_name}
        )
        return Duplicate(error, clash)
    return Duplicate(ValidationError(unseen_message, code="duplicate"), None)
