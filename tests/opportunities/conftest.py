"""Helpers for the opportunity page tests: deals of the personas and form data."""

import pytest

from opportunities.models import Stage
from tests.factories import CustomerFactory, OpportunityFactory


@pytest.fixture
def stages(db):
    """The default open stages, in order (10, 25, 50, 75, 90 %)."""
    return list(Stage.objects.open().order_by("order"))


@pytest.fixture
def alice_customer(alice):
    return CustomerFactory(owner=alice, legal_name="上海甲科技有限公司")


@pytest.fixture
def alice_deal(alice, alice_customer):
    return OpportunityFactory(owner=alice, customer=alice_customer, name="Alice ERP")


@pytest.fixture
def olivia_deal(olivia):
    return OpportunityFactory(owner=olivia, name="Olivia CRM")


def form_data(customer, *, lines=(), initial_lines=0, **fields) -> dict:
    """POST data for the opportunity form with its purchase-line formset."""
    data = {
        "name": "Factory MES",
        "customer": customer.pk,
        "stage": Stage.objects.first_open().pk,
        "amount": "",
        "content": "Production tracking for two plants",
        "timeline": "",
        "funding": "",
        "expected_win_date": "",
        "next_contact_at": "",
        "new_competitors": "",
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
