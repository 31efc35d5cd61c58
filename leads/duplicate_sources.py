"""Records outside leads that a new lead may already be (a customer, a contact).

Leads come first in the chain and must not import the apps after them, yet a
salesperson typing a lead should hear that the company is already a customer.
So leads defines the lookup and the apps after it register theirs when they
are ready (`customers.apps`); the lead form asks every registered lookup.
"""

from dataclasses import dataclass
from typing import Protocol

from users.models import User

# The lead fields a lookup compares; `ExistingRecord.fields` names them.
COMPARED_FIELDS = ("company_name", "phone", "email")


@dataclass(frozen=True)
class ExistingRecord:
    """A record a lead may duplicate, told as much as the user may know of it.

    A lookup gives a record the user cannot open no url, no owner and a label
    that names nobody.
    """

    label: str
    url: str | None
    owner: str | None
    # Which of COMPARED_FIELDS matched.
    fields: tuple[str, ...]
    # Who in that record matched, e.g. the contact with the same phone.
    detail: str = ""


class DuplicateLookup(Protocol):
    def __call__(
        self, *, company_name: str, phone: str, email: str, user: User
    ) -> list[ExistingRecord]: ...


_lookups: list[DuplicateLookup] = []


def register(lookup: DuplicateLookup) -> None:
    """Ask `lookup` too whenever a lead is checked for duplicates.

    Each lookup costs one query at most, and none when it has nothing to
    compare; registering the same one twice keeps one.
    """
    if lookup not in _lookups:
        _lookups.append(lookup)


def existing_records(
    *, company_name: str, phone: str, email: str, user: User
) -> list[ExistingRecord]:
    """What every registered lookup finds; empty values are not compared.

    Identical records come once: three contacts with one switchboard number at
    a customer the user cannot see say nothing more than one does.
    """
    if not (company_name or phone or email):
        return []
    found: list[ExistingRecord] = []
    for lookup in _lookups:
        found.extend(
            lookup(company_name=company_name, phone=phone, email=email, user=user)
        )
    return list(dict.fromkeys(found))
