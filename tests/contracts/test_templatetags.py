"""The contract cards on the deal and customer pages (contracts template tags)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opportunities.models import OpportunityStatus
from tests.factories import ContractFactory, CustomerFactory, OpportunityFactory

CREATE = reverse("contracts:create")


def deal_page(client, deal) -> str:
    return client.get(reverse("opportunities:detail", args=[deal.pk])).content.decode()


def customer_page(client, customer):
    return client.get(reverse("customers:detail", args=[customer.pk]))


def test_open_deal_without_a_contract_offers_to_create_one(client, alice, alice_deal):
    client.force_login(alice)
    body = deal_page(client, alice_deal)
    assert f"{CREATE}?opportunity={alice_deal.pk}" in body
    assert "Create contract" in body


def test_won_deal_without_a_live_contract_offers_one_too(client, alice, alice_customer):
    won = OpportunityFactory(
        owner=alice, customer=alice_customer, status=OpportunityStatus.WON
    )
    ContractFactory(
        owner=alice,
        customer=alice_customer,
        opportunity=won,
        status="void",
        void_reason="Wrong amount",
    )
    client.force_login(alice)
    assert f"{CREATE}?opportunity={won.pk}" in deal_page(client, won)


def test_deal_with_a_contract_links_it_with_its_status(client, alice, draft):
    draft.status = "submitted"
    draft.save()
    client.force_login(alice)
    body = deal_page(client, draft.opportunity)
    assert reverse("contracts:detail", args=[draft.pk]) in body
    assert draft.number in body and 'data-status="submitted"' in body
    assert f"{CREATE}?opportunity=" not in body


def test_a_contract_the_viewer_cannot_open_is_named_not_linked(
    client, alice, bob, alice_deal
):
    # The deal is alice's, but its contract was made by bob.
    contract = ContractFactory(
        owner=bob, customer=alice_deal.customer, opportunity=alice_deal
    )
    client.force_login(alice)
    body = deal_page(client, alice_deal)
    assert contract.number in body
    assert reverse("contracts:detail", args=[contract.pk]) not in body
    assert f"{CREATE}?opportunity=" not in body


def test_lost_deal_shows_no_contract_card(client, alice, alice_customer):
    lost = OpportunityFactory(
        owner=alice,
        customer=alice_customer,
        status=OpportunityStatus.LOST,
        lost_reason="Price",
    )
    client.force_login(alice)
    body = deal_page(client, lost)
    assert 'id="opportunity-contract"' not in body
    assert CREATE not in body


def test_customer_page_lists_only_the_contracts_the_viewer_sees(
    client, alice, bob, mary, alice_customer
):
    mine = ContractFactory(
        owner=alice,
        customer=alice_customer,
        number="HT-2026-0101",
        title="Support",
        status="signed",
        signed_on="2026-02-03",
        amount=8800,
    )
    bobs = ContractFactory(owner=bob, customer=alice_customer, number="HT-2026-0102")
    ContractFactory(owner=alice, number="HT-2026-0103")  # another customer
    client.force_login(alice)
    response = customer_page(client, alice_customer)
    body = response.content.decode()
    assert reverse("contracts:detail", args=[mine.pk]) in body
    for text in ("HT-2026-0101", "Support", 'data-status="signed"', "¥8,800.00"):
        assert text in body, text
    assert "3 Feb 2026" in body
    assert bobs.number not in body and "HT-2026-0103" not in body
    assert f"{CREATE}?customer={alice_customer.pk}" in body

    client.force_login(mary)
    body = customer_page(client, alice_customer).content.decode()
    assert "HT-2026-0101" in body and "HT-2026-0102" in body


def test_customer_without_contracts_shows_the_empty_state(
    client, alice, alice_customer
):
    client.force_login(alice)
    body = customer_page(client, alice_customer).content.decode()
    assert "No contracts with this customer yet." in body


@pytest.mark.parametrize("page", ["customer", "deal"])
def test_the_cards_cost_a_fixed_number_of_queries(client, alice, page):
    customer = CustomerFactory(owner=alice)
    deal = OpportunityFactory(owner=alice, customer=customer)
    client.force_login(alice)
    url = (
        reverse("customers:detail", args=[customer.pk])
        if page == "customer"
        else reverse("opportunities:detail", args=[deal.pk])
    )

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    ContractFactory(owner=alice, customer=customer, opportunity=deal)
    one = count_queries()
    for _ in range(5):
        ContractFactory(owner=alice, customer=customer, status="void", void_reason="x")
    assert count_queries() == one
