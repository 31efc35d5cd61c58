"""Lists count up to a cap and add up only what they counted exactly."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opportunities.models import Opportunity
from tests.factories import ContractFactory, OpportunityFactory
from users.listing import CappedPaginator


@pytest.fixture
def small_cap(monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 3)


def test_past_the_cap_the_list_says_more_than_and_leaves_totals_out(
    client, alice, small_cap
):
    OpportunityFactory.create_batch(5, owner=alice, amount=Decimal(100))
    client.force_login(alice)
    response = client.get(reverse("opportunities:list"))
    body = response.content.decode()
    assert response.context["page_obj"].paginator.capped
    assert response.context["totals"] is None
    assert "over 3" in body
    assert "filter to add up" in body


def test_within_the_cap_counts_and_totals_are_exact(client, alice, small_cap):
    OpportunityFactory.create_batch(3, owner=alice, amount=Decimal(100))
    client.force_login(alice)
    response = client.get(reverse("opportunities:list"))
    assert not response.context["page_obj"].paginator.capped
    assert response.context["page_obj"].paginator.count == 3
    assert response.context["totals"]["amount"] == Decimal(300)
    assert "filter to add up" not in response.content.decode()


def count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return sum("COUNT(" in q["sql"].upper() for q in queries.captured_queries)


def test_a_list_past_the_cap_remembers_it_for_its_other_pages_and_orders(
    client, alice, small_cap
):
    OpportunityFactory.create_batch(7, owner=alice)
    client.force_login(alice)
    url = reverse("opportunities:list")
    assert count_queries(client, url) == 1
    # The next page and another order are the same rows: not counted again.
    assert count_queries(client, url, {"page": 2, "sort": "amount"}) == 0
    response = client.get(url, {"page": 2})
    assert response.context["page_obj"].paginator.capped
    assert "over 3" in response.content.decode()
    # Other filters are other rows, counted afresh.
    assert count_queries(client, url, {"status": "open"}) == 1


def test_another_viewer_of_the_same_list_is_counted_for_themselves(
    client, alice, bob, small_cap
):
    OpportunityFactory.create_batch(5, owner=alice)
    OpportunityFactory.create_batch(2, owner=bob)
    url = reverse("opportunities:list")
    client.force_login(alice)
    assert client.get(url).context["page_obj"].paginator.capped
    client.force_login(bob)
    assert count_queries(client, url) == 1
    paginator = client.get(url).context["page_obj"].paginator
    assert (paginator.count, paginator.capped) == (2, False)


def test_a_count_under_the_cap_is_exact_on_every_view(client, alice, small_cap):
    OpportunityFactory.create_batch(2, owner=alice)
    client.force_login(alice)
    url = reverse("opportunities:list")
    assert client.get(url).context["page_obj"].paginator.count == 2
    OpportunityFactory(owner=alice)
    assert count_queries(client, url) == 1
    assert client.get(url).context["page_obj"].paginator.count == 3


def test_a_filter_no_row_can_match_counts_none(db, small_cap):
    paginator = CappedPaginator(Opportunity.objects.filter(pk__in=[]), 25)
    assert (paginator.count, paginator.capped) == (0, False)


def test_pages_past_the_cap_say_more_than(client, alice, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 30)
    OpportunityFactory.create_batch(31, owner=alice)
    client.force_login(alice)
    body = client.get(reverse("opportunities:list")).content.decode()
    assert "1–25 of more than 30" in body


@pytest.mark.parametrize(
    "url",
    ["contracts:list", "payments:balances", "payments:invoices", "payments:received"],
)
def test_money_lists_past_the_cap_ask_for_a_filter(client, alice, small_cap, url):
    for _ in range(4):
        ContractFactory(owner=alice)
    client.force_login(alice)
    response = client.get(reverse(url))
    assert response.status_code == 200
    if url == "contracts:list":
        assert response.context["totals"] is None
        assert "over 3" in response.content.decode()
