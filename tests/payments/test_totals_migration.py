"""Contracts saved before their totals were stored get them from their records."""

from decimal import Decimal
from importlib import import_module

from django.apps import apps

from contracts.models import Contract
from tests.factories import ContractFactory, InvoiceFactory, PaymentFactory

migration = import_module("payments.migrations.0002_contract_money_totals")


def test_totals_are_summed_from_payments_and_live_invoices(alice):
    contract = ContractFactory(owner=alice, status="signed", amount=100000)
    PaymentFactory(contract=contract, amount=30000)
    PaymentFactory(contract=contract, amount=20000)
    InvoiceFactory(contract=contract, amount=40000)
    InvoiceFactory(contract=contract, amount=9000, status="void", note="开错")
    untouched = ContractFactory(owner=alice, status="signed")
    Contract.objects.update(received_amount=0, invoiced_amount=0)

    migration.store_totals(apps, None)

    contract.refresh_from_db()
    assert (contract.received_amount, contract.invoiced_amount) == (
        Decimal("50000"),
        Decimal("40000"),
    )
    untouched.refresh_from_db()
    assert untouched.received_amount == untouched.invoiced_amount == 0
