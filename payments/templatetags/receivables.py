"""The money sections other apps' pages show: `{% load receivables %}`.

The contract and customer pages come before payments in the chain, so they
cannot import it; they load these tags instead.
"""

from decimal import Decimal

from django import template
from django.db.models import Sum
from django.utils import timezone

from contracts.models import Contract, ContractStatus
from payments.figures import money_of, with_money
from payments.models import Installment, Payment

register = template.Library()

CUSTOMER_ROWS = 10
CUSTOMER_FIGURES = ("amount", "received", "outstanding", "overdue")


class Due:
    """The state an installment's badge shows."""

    PAID = "paid"
    PARTLY = "partly"
    OVERDUE = "overdue"
    DUE = "due"
    # Money is owed only on signed and completed contracts.
    PLANNED = "planned"
    NOT_OWED = "not_owed"


def _state(installment: Installment, contract: Contract, today) -> str:
    if not contract.is_receiving:
        return Due.NOT_OWED if contract.status == ContractStatus.VOID else Due.PLANNED
    if installment.is_paid:
        return Due.PAID
    if installment.is_overdue_on(today):
        return Due.OVERDUE
    if installment.paid_amount > 0:
        return Due.PARTLY
    return Due.DUE


@register.inclusion_tag("payments/_contract_receivables.html", takes_context=True)
def contract_receivables(context, contract: Contract) -> dict:
    """Figures, plan, payments and invoices of one contract (four queries)."""
    today = timezone.localdate()
    figures = money_of(contract, today=today)
    installments = list(contract.installments.all())
    for installment in installments:
        installment.state = _state(installment, contract, today)
        installment.days_overdue = max((today - installment.due_date).days, 0)
    payments = list(contract.payments.select_related("recorded_by", "installment"))
    invoices = list(contract.invoices.all())
    plan_gap = figures["planned"] - figures["amount"] if installments else None
    return {
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "contract": contract,
        "figures": figures,
        "installments": installments,
        "plan_gap": plan_gap,
        "payments": payments,
        "invoices": invoices,
        "today": today,
    }


@register.inclusion_tag("payments/_customer_receivables.html", takes_context=True)
def customer_receivables(context, customer) -> dict:
    """Totals, next unpaid installments and latest payments the viewer sees."""
    user = context["request"].user
    today = timezone.localdate()
    contracts = Contract.objects.visible_to(user).receiving().filter(customer=customer)
    # Aggregates named like the annotations would replace them: prefix them.
    sums = with_money(contracts, today=today).aggregate(
        **{f"sum_{figure}": Sum(figure) for figure in CUSTOMER_FIGURES}
    )
    totals = {
        figure: sums[f"sum_{figure}"] or Decimal(0) for figure in CUSTOMER_FIGURES
    }
    installments = list(
        Installment.objects.visible_to(user)
        .receivable()
        .unpaid()
        .filter(contract__customer=customer)
        .select_related("contract")
        # Oldest due first: the overdue ones lead.
        .order_by("due_date", "pk")[:CUSTOMER_ROWS]
    )
    for installment in installments:
        installment.days_overdue = max((today - installment.due_date).days, 0)
    payments = list(
        Payment.objects.visible_to(user)
        .filter(contract__customer=customer)
        .select_related("contract")
        .order_by("-received_on", "-pk")[:CUSTOMER_ROWS]
    )
    return {
        "request": context["request"],
        "customer": customer,
        "totals": totals,
        "installments": installments,
        "payments": payments,
        "limit": CUSTOMER_ROWS,
        "today": today,
    }
