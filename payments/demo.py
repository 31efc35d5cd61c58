"""Demo receivables for `seed_demo`: plans, payments and invoices of signed
contracts, recorded through the services so paid amounts and checks are real.

Customers behave differently: most pay on time, some pay part of what is due,
some are late, so the receivables list has overdue installments to show.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from contracts.demo import DEMO_TERMS, DemoTerms
from contracts.models import Contract, ContractEvent, ContractStatus
from contracts.services import contract_move
from contracts.workflow import Action
from payments.models import (
    Installment,
    Invoice,
    InvoiceKind,
    InvoiceStatus,
    PaymentMethod,
)
from payments.services import (
    PlannedInstallment,
    installment_plan_replace,
    invoice_issue,
    invoice_set_status,
    payment_record,
)

CENT = Decimal("0.01")
NOTES = {
    1: ["全款"],
    2: ["预付款", "验收款"],
    3: ["预付款", "验收款", "质保金"],
    4: ["预付款", "到货款", "验收款", "质保金"],
}
BANKS = ["ICBC", "CCB", "BOC", "CMB", "SPDB"]
PROMPT, PARTIAL, LATE = "prompt", "partial", "late"
# How the customers of the contracts pay, oldest contract first.
PROFILES = [PROMPT, PROMPT, PARTIAL, PROMPT, LATE]
VOID_NOTE = "发票抬头与纳税人识别号不一致，已作废并重开。"


def _terms_of(contract: Contract, rng: random.Random) -> DemoTerms:
    """The terms the contract was written with (a random one if typed by hand)."""
    for terms in DEMO_TERMS:
        if contract.terms == terms.text:
            return terms
    return rng.choice(DEMO_TERMS)


def _rows(contract: Contract, terms: DemoTerms) -> list[PlannedInstallment]:
    amounts = [
        (contract.amount * percent / 100).quantize(CENT) for percent in terms.split
    ]
    amounts[-1] = contract.amount - sum(amounts[:-1])  # the rounding goes last
    notes = NOTES[len(amounts)]
    return [
        PlannedInstallment(
            due_date=contract.signed_on + timedelta(days=days),
            amount=amount,
            note=note,
        )
        for days, amount, note in zip(terms.due_days, amounts, notes, strict=True)
    ]


def _between(day: date, low: date, high: date) -> date:
    return max(low, min(day, high))


def _pay(contract, installment, amount, on, rng) -> None:
    method = rng.choices(
        [PaymentMethod.BANK_TRANSFER, PaymentMethod.ACCEPTANCE_BILL],
        weights=[4, 1],
    )[0]
    prefix = "BA" if method == PaymentMethod.ACCEPTANCE_BILL else rng.choice(BANKS)
    payment_record(
        contract=contract,
        by=contract.owner,
        received_on=on,
        amount=amount,
        method=method,
        # Most payments name the installment they pay; some arrive unmatched.
        installment=installment if rng.random() < 0.8 else None,
        reference=f"{prefix}{on:%Y%m%d}{rng.randint(1000, 9999)}",
        note=installment.note,
    )


def _collect(contract, installments, profile, rng, today) -> int:
    """Record what the customer paid so far; returns how many payments."""
    made = 0
    past = [i for i in installments if i.due_date <= today]
    for installment in past:
        last = installment is past[-1]
        if profile == LATE and last:
            continue  # nothing yet: overdue
        delay = rng.randint(-3, 7) if profile == PROMPT else rng.randint(5, 40)
        on = _between(
            installment.due_date + timedelta(days=delay), contract.signed_on, today
        )
        if profile == PARTIAL and last:
            share = Decimal(rng.choice([30, 40, 50, 60])) / 100
            amount = (installment.amount * share).quantize(Decimal(1))
            _pay(contract, installment, max(amount, CENT), on, rng)
        else:
            _pay(contract, installment, installment.amount, on, rng)
        made += 1
    soon = [i for i in installments if today < i.due_date <= today + timedelta(30)]
    if profile == PROMPT and soon and rng.random() < 0.5:
        # A customer who pays the next installment ahead of its date.
        ahead = soon[0]
        on = _between(today - timedelta(days=1), contract.signed_on, today)
        _pay(contract, ahead, ahead.amount, on, rng)
        made += 1
    return made


def _invoice_number(rng: random.Random, taken: set[str]) -> str:
    while True:
        number = f"{rng.randint(10_000_000, 99_999_999)}"
        if number not in taken and not Invoice.objects.filter(number=number).exists():
            taken.add(number)
            return number


def _invoice(contract, installments, rng, today, taken) -> list[Invoice]:
    """Invoices go out a few days before each installment falls due."""
    invoices = []
    for installment in installments:
        if installment.due_date > today + timedelta(days=15):
            break
        issued_on = _between(
            installment.due_date - timedelta(days=rng.randint(3, 10)),
            contract.signed_on,
            today,
        )
        invoice = invoice_issue(
            contract=contract,
            by=contract.owner,
            number=_invoice_number(rng, taken),
            kind=rng.choices(
                [InvoiceKind.VAT_SPECIAL, InvoiceKind.VAT_GENERAL], weights=[5, 1]
            )[0],
            amount=installment.amount,
            issued_on=issued_on,
            note=installment.note,
        )
        if issued_on < today - timedelta(days=10):
            invoice_set_status(
                invoice=invoice, status=InvoiceStatus.DELIVERED, by=contract.owner
            )
        invoices.append(invoice)
    return invoices


def _reissue(invoice: Invoice, rng, today, taken) -> Invoice:
    """Void an invoice written wrongly and issue the right one."""
    invoice_set_status(
        invoice=invoice, status=InvoiceStatus.VOID, by=invoice.issued_by, note=VOID_NOTE
    )
    return invoice_issue(
        contract=invoice.contract,
        by=invoice.issued_by,
        number=_invoice_number(rng, taken),
        kind=InvoiceKind.VAT_SPECIAL,
        amount=invoice.amount,
        issued_on=min(invoice.issued_on + timedelta(days=2), today),
        note=invoice.note,
    )


def _complete(contract: Contract, paid_on: date, rng) -> None:
    contract_move(contract=contract, action=Action.COMPLETE, by=contract.owner)
    event = contract.events.order_by("-id").first()
    when = timezone.make_aware(datetime.combine(paid_on, time(rng.randint(9, 18))))
    ContractEvent.objects.filter(pk=event.pk).update(created_at=when)


def seed_receivables(rng: random.Random) -> tuple[int, int, int]:
    """Plans, payments and invoices for signed contracts that have no plan yet.

    Returns how many installments, payments and invoices were made. A contract
    the customer has paid in full is marked completed.
    """
    today = timezone.localdate()
    contracts = list(
        Contract.objects.filter(status=ContractStatus.SIGNED, installments__isnull=True)
        .select_related("owner")
        .order_by("signed_on", "pk")
    )
    installments_made = payments_made = invoices_made = 0
    taken: set[str] = set()
    void_done = Invoice.objects.filter(status=InvoiceStatus.VOID).exists()
    for index, contract in enumerate(contracts):
        terms = _terms_of(contract, rng)
        installments = installment_plan_replace(
            contract=contract, rows=_rows(contract, terms), by=contract.owner
        )
        installments_made += len(installments)
        # The oldest customer pays on time, so the demo has a completed contract.
        profile = PROFILES[index % len(PROFILES)]
        invoices = _invoice(contract, installments, rng, today, taken)
        if invoices and not void_done and index > 0:
            invoices.append(_reissue(invoices[0], rng, today, taken))
            void_done = True
        invoices_made += len(invoices)
        payments_made += _collect(contract, installments, profile, rng, today)
        # Paid in full and past its last due date: the contract is done.
        plan = Installment.objects.filter(contract=contract)
        if not plan.unpaid().exists() and installments[-1].due_date <= today:
            last_paid = contract.payments.order_by("-received_on").first()
            _complete(contract, last_paid.received_on, rng)
    return installments_made, payments_made, invoices_made
