"""Contracts, plans, payments and invoices for the won deals of `seed_scale`."""

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

from contracts.models import Contract, ContractStatus
from opportunities.models import OpportunityStatus
from payments.models import Installment, Invoice, Payment
from reports.scale_seed import insert, real_dates

PARTS = (Decimal("0.3"), Decimal("0.4"))


def _plan(amount: Decimal) -> list[Decimal]:
    """Three installments that add up to the contract amount."""
    first, second = (amount * part for part in PARTS)
    return [first, second, amount - first - second]


def seed_money(deals, now, rng, progress) -> dict[str, int]:
    won = [d for d in deals if d.status == OpportunityStatus.WON and d.amount > 0]
    today = now.date()

    def contracts() -> Iterator[Contract]:
        for i, deal in enumerate(won):
            signed = deal.closed_at.date()
            paid_parts = sum(1 for k in range(3) if signed + timedelta(90 * k) < today)
            paid = sum(_plan(deal.amount)[:paid_parts], Decimal(0))
            yield Contract(
                number=f"SC-{signed:%Y}-{i + 1:07d}",
                title=deal.name,
                customer_id=deal.customer_id,
                opportunity_id=deal.pk,
                owner_id=deal.owner_id,
                amount=deal.amount,
                status=ContractStatus.COMPLETED
                if paid == deal.amount and rng.random() < 0.5
                else ContractStatus.SIGNED,
                signed_on=signed,
                starts_on=signed,
                ends_on=signed + timedelta(days=365),
                received_amount=paid,
                invoiced_amount=paid,
                created_at=deal.closed_at,
                updated_at=deal.closed_at,
            )

    with real_dates(Contract, Installment, Payment, Invoice):
        saved = insert(Contract, contracts(), len(won), progress, keep=True)

        def installments() -> Iterator[Installment]:
            for contract in saved:
                for k, amount in enumerate(_plan(contract.amount)):
                    due = contract.signed_on + timedelta(days=90 * k)
                    yield Installment(
                        contract_id=contract.pk,
                        due_date=due,
                        amount=amount,
                        # Payments arrive on time until today: what is due is paid.
                        paid_amount=amount if due < today else Decimal(0),
                        created_at=contract.created_at,
                        updated_at=contract.created_at,
                    )

        plan = insert(Installment, installments(), len(saved) * 3, progress, keep=True)
        paid = [i for i in plan if i.paid_amount > 0]
        owner_of = {c.pk: c.owner_id for c in saved}

        def payments() -> Iterator[Payment]:
            for installment in paid:
                at = now.replace(
                    year=installment.due_date.year,
                    month=installment.due_date.month,
                    day=installment.due_date.day,
                )
                yield Payment(
                    contract_id=installment.contract_id,
                    installment_id=installment.pk,
                    received_on=installment.due_date,
                    amount=installment.amount,
                    reference=f"BANK{installment.pk:09d}",
                    recorded_by_id=owner_of[installment.contract_id],
                    created_at=at,
                    updated_at=at,
                )

        def invoices() -> Iterator[Invoice]:
            for installment in paid:
                yield Invoice(
                    contract_id=installment.contract_id,
                    number=f"{installment.pk:012d}",
                    amount=installment.amount,
                    issued_on=installment.due_date,
                    issued_by_id=owner_of[installment.contract_id],
                    created_at=now,
                    updated_at=now,
                )

        insert(Payment, payments(), len(paid), progress)
        insert(Invoice, invoices(), len(paid), progress)
    return {"contracts": len(saved), "installments": len(plan), "payments": len(paid)}
