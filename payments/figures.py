"""A contract's money figures, computed in the database.

- received: every payment on the contract (stored on the contract row);
- outstanding: the amount not yet received (never below zero; a generated
  column of the contract row, so the balances list sorts by it with an index);
- invoiced: invoices that are not void (stored on the contract row);
- overdue: what installments past their due date still lack (depends on the
  day, so summed per contract when asked).

Outstanding and overdue count only on contracts that money is owed on
(signed or completed). A contract not signed yet owes nothing yet and a void
one nothing any more: both read 0, and the contract page says "Not signed
yet" or "Not owed" instead of an amount.
"""

from datetime import date
from decimal import Decimal

from django.db import models
from django.db.models import (
    DecimalField,
    F,
    OuterRef,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from contracts.models import Contract
from opportunities.models import MONEY
from payments.models import Installment

ZERO = Value(Decimal(0), output_field=DecimalField(**MONEY))


def _sum_per_contract(queryset: models.QuerySet, expression) -> Coalesce:
    total = (
        queryset.filter(contract=OuterRef("pk"))
        .order_by()
        .values("contract")
        .annotate(total=Sum(expression))
        .values("total")
    )
    return Coalesce(
        Subquery(total, output_field=DecimalField(**MONEY)),
        ZERO,
        output_field=DecimalField(**MONEY),
    )


def with_money(contracts: models.QuerySet, *, today: date) -> models.QuerySet:
    """Annotate received, outstanding, invoiced and overdue on each contract."""
    return contracts.annotate(
        # Stored on the row by the payments services (Contract.received_amount).
        received=F("received_amount"),
        invoiced=F("invoiced_amount"),
        overdue=_sum_per_contract(
            Installment.objects.receivable().overdue(today),
            F("amount") - F("paid_amount"),
        ),
        # Computed by the database on the row (Contract.outstanding_amount).
        outstanding=F("outstanding_amount"),
    )


def money_of(contract, *, today: date) -> dict[str, Decimal]:
    """The four figures and the plan's state for one contract (one query)."""
    row = (
        with_money(Contract.objects.filter(pk=contract.pk), today=today)
        .annotate(
            planned=_sum_per_contract(Installment.objects.all(), "amount"),
        )
        .values("amount", "received", "outstanding", "invoiced", "overdue", "planned")
        .get()
    )
    row["overpaid"] = max(row["received"] - row["amount"], Decimal(0))
    return row
