"""A contract handed to someone else names its customer and deal without dead links.

Bob owns the contract; Alice still owns its customer and deal, which Bob may
not open: his pages name them as text, Mary (who sees both) gets links.
"""

import pytest
from django.urls import reverse

from tests.factories import (
    ContractFactory,
    CustomerFactory,
    InstallmentFactory,
    InvoiceFactory,
    OpportunityFactory,
    PaymentFactory,
)


@pytest.fixture
def handed_over(alice, bob):
    customer = CustomerFactory(owner=alice, legal_name="苏州精工机械有限公司")
    deal = OpportunityFactory(owner=alice, customer=customer, name="Line 3 MES")
    contract = ContractFactory(
        owner=bob, customer=customer, opportunity=deal, status="signed"
    )
    InstallmentFactory(contract=contract, due_date="2026-06-01", amount=100000)
    payment = PaymentFactory(contract=contract, recorded_by=bob)
    InvoiceFactory(contract=contract, issued_by=bob)
    return contract, payment


PAGES = [
    ("contracts:detail", True),
    ("payments:detail", True),
    ("payments:list", False),
    ("payments:balances", False),
    ("payments:received", False),
    ("payments:invoices", False),
]


def url_of(name: str, pk_needed: bool, contract, payment) -> str:
    if not pk_needed:
        return reverse(name)
    target = contract if name.startswith("contracts") else payment
    return reverse(name, args=[target.pk])


@pytest.mark.parametrize(("name", "pk_needed"), PAGES)
def test_the_new_owner_sees_the_customer_named_not_linked(
    client, bob, mary, handed_over, name, pk_needed
):
    contract, payment = handed_over
    customer_link = reverse("customers:detail", args=[contract.customer_id])
    url = url_of(name, pk_needed, contract, payment)

    client.force_login(bob)
    body = client.get(url).content.decode()
    assert "苏州精工机械有限公司" in body
    assert customer_link not in body

    client.force_login(mary)
    assert customer_link in client.get(url).content.decode()


def test_the_contract_page_names_the_deal_without_a_link(client, bob, handed_over):
    contract, _payment = handed_over
    client.force_login(bob)
    body = client.get(reverse("contracts:detail", args=[contract.pk])).content.decode()
    assert "Line 3 MES" in body
    assert reverse("opportunities:detail", args=[contract.opportunity_id]) not in body
