"""Helpers for the customer pages: credit codes and a customer per persona."""

import pytest

from customers.credit_code import check_character
from tests.factories import CustomerFactory


def credit_code(first17: str = "91310000MA1FL0001") -> str:
    """A valid unified social credit code: `first17` plus its check digit."""
    return first17 + check_character(first17)


@pytest.fixture
def alices_customer(alice):
    return CustomerFactory(legal_name="上海华东科技有限公司", owner=alice)


@pytest.fixture
def olivias_customer(olivia):
    return CustomerFactory(legal_name="北方重工有限公司", owner=olivia)
