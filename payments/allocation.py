"""How received money settles a contract's installments (pure: no Django).

A payment matched to an installment settles that installment first; whatever
is left (unmatched payments, and what matched payments paid beyond their
installment) settles the other installments in due-date order. Money beyond
every installment is an overpayment and settles nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

ZERO = Decimal(0)


@dataclass(frozen=True)
class Due:
    key: int
    due_date: date
    amount: Decimal


@dataclass(frozen=True)
class Received:
    amount: Decimal
    installment: int | None = None


def allocate(dues: Sequence[Due], received: Sequence[Received]) -> dict[int, Decimal]:
    """Each installment's paid amount (0 … its amount), keyed like `dues`."""
    paid = {due.key: ZERO for due in dues}
    pool = ZERO
    for payment in received:
        if payment.installment in paid:
            paid[payment.installment] += payment.amount
        else:
            pool += payment.amount
    ordered = sorted(dues, key=lambda due: (due.due_date, due.key))
    for due in ordered:
        if paid[due.key] > due.amount:
            pool += paid[due.key] - due.amount
            paid[due.key] = due.amount
    for due in ordered:
        take = min(pool, due.amount - paid[due.key])
        if take > 0:
            paid[due.key] += take
            pool -= take
    return paid


def plan_difference(contract_amount: Decimal, amounts: Sequence[Decimal]) -> Decimal:
    """How far a plan's installments are from the contract amount (0 = adds up)."""
    return sum(amounts, ZERO) - contract_amount


def overpayments(contract_amount: Decimal, amounts: Sequence[Decimal]) -> list[bool]:
    """For payments in the order received: whether each takes the total above
    the contract amount (what was received before it, plus it)."""
    flags = []
    total = ZERO
    for amount in amounts:
        total += amount
        flags.append(total > contract_amount)
    return flags
