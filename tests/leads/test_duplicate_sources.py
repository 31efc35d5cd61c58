"""The lookups later apps register so that a new lead is checked against them."""

import pytest

from leads import duplicate_sources
from leads.duplicate_sources import ExistingRecord, existing_records, register


@pytest.fixture
def lookups(monkeypatch) -> list:
    """An empty registry for the test, leaving the apps' lookups alone."""
    fresh: list = []
    monkeypatch.setattr(duplicate_sources, "_lookups", fresh)
    return fresh


def unseen(**keys) -> list[ExistingRecord]:
    return [ExistingRecord("A customer of someone", None, None, ("phone",))]


def test_registering_a_lookup_twice_keeps_one(lookups):
    register(unseen)
    register(unseen)
    assert lookups == [unseen]


def test_every_lookup_is_asked_with_the_leads_keys(lookups, alice):
    asked = []

    def spy(**keys):
        asked.append(keys)
        return []

    register(spy)
    existing_records(company_name="", phone="139", email="", user=alice)
    assert asked == [{"company_name": "", "phone": "139", "email": "", "user": alice}]


def test_nothing_to_compare_asks_no_lookup(lookups, alice):
    def must_not_be_asked(**keys):
        pytest.fail("asked with nothing to compare")

    register(must_not_be_asked)
    assert existing_records(company_name="", phone="", email="", user=alice) == []


def test_identical_records_come_once(lookups, alice):
    register(unseen)
    register(lambda **keys: unseen() * 3)
    found = existing_records(company_name="", phone="139", email="", user=alice)
    assert found == unseen()
