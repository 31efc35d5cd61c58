"""Helpers for the receivable page tests: signed contracts, plans and payments.

Plans and payments go through payments/services.py, so the installments'
paid amounts are what the product would have stored.
"""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.template import Context, Template
from django.test import RequestFactory

from payments.services import (
    PlannedInstallment,
    installment_plan_replace,
    payment_record,
)
from tests.factories import ContractFactory, CustomerFactory

# A Monday: its week runs 2026-06-15 … 2026-06-21, its month June.
TODAY = "2026-06-15 10:00 +0800"


@pytest.fixture
def clock():
    """The fixed clock most receivable tests run on."""
    with time_machine.travel(TODAY, tick=False) as traveller:
        yield traveller


def signed_contract(owner, *, amount="300000", **fields):
    fields.setdefault("customer", CustomerFactory(owner=owner))
    return ContractFactory(
        owner=owner, status="signed", amount=Decimal(amount), **fields
    )


def make_plan(contract, *rows):
    """rows: ("2026-03-31", "100000"), … — replaced through the service."""
    return installment_plan_replace(
        contract=contract,
        rows=[
            PlannedInstallment(due_date=date.fromisoformat(day), amount=Decimal(amount))
            for day, amount in rows
        ],
        by=contract.owner,
    )


def pay(contract, amount, on, *, installment=None, is_overpayment=False, **fields):
    return payment_record(
        contract=contract,
        by=contract.owner,
        received_on=date.fromisoformat(on),
        amount=Decimal(amount),
        method=fields.pop("method", "bank_transfer"),
        installment=installment,
        is_overpayment=is_overpayment,
        **fields,
    )


@pytest.fixture
def alice_contract(alice):
    customer = CustomerFactory(owner=alice, legal_name="上海甲科技有限公司")
    return signed_contract(
        alice, customer=customer, title="Alice MES", number="HT-2026-0001"
    )


def render_tag(tag: str, record, user) -> str:
    """What `{% load receivables %}{% <tag> record %}` shows to `user`."""
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load receivables %}{% " + tag + " record %}")
    return template.render(
        Context({"record": record, "request": request, "csrf_token": "token"})
    )
