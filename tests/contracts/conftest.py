"""Helpers for the contract page tests: alice's customer, deal and draft, form data."""

import pytest

from tests.factories import ContractFactory, CustomerFactory, OpportunityFactory


@pytest.fixture
def alice_customer(alice):
    return CustomerFactory(owner=alice, legal_name="上海甲科技有限公司")


@pytest.fixture
def alice_deal(alice, alice_customer):
    return OpportunityFactory(
        owner=alice, customer=alice_customer, name="Alice ERP", amount=120000
    )


@pytest.fixture
def draft(alice, alice_customer, alice_deal):
    """Alice's draft contract for her ERP deal."""
    return ContractFactory(
        owner=alice,
        customer=alice_customer,
        opportunity=alice_deal,
        title="ERP rollout",
        amount=120000,
    )


def form_data(customer, *, lines=(), initial_lines=0, **fields) -> dict:
    """POST data for the contract form with its line formset."""
    data = {
        "title": "ERP rollout",
        "customer": customer.pk,
        "opportunity": "",
        "amount": "",
        "starts_on": "",
        "ends_on": "",
        "terms": "",
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": str(initial_lines),
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
    }
    for index, line in enumerate(lines):
        for key, value in line.items():
            data[f"lines-{index}-{key}"] = value
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}
