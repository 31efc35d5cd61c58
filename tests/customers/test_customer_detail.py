"""The customer file: fields, contacts, opportunities, follow-ups, history."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from opportunities.models import Activity
from tests.factories import (
    ActivityFactory,
    ContactFactory,
    ContractFactory,
    CustomerFactory,
    InstallmentFactory,
    OpportunityFactory,
    PaymentFactory,
)


def url(customer) -> str:
    return reverse("customers:detail", args=[customer.pk])


def test_shows_the_customer_file(client, alice):
    customer = CustomerFactory(
        legal_name="上海华东科技有限公司",
        address="上海市浦东新区",
        website="https://huadong.example.cn",
        owner=alice,
    )
    client.force_login(alice)
    body = client.get(url(customer)).content.decode()
    assert "上海华东科技有限公司" in body
    assert "上海市浦东新区" in body
    assert "https://huadong.example.cn" in body
    assert "Manufacturing" in body
    assert reverse("customers:update", args=[customer.pk]) in body
    assert reverse("customers:delete", args=[customer.pk]) in body


def test_shows_contacts_with_their_buying_role(client, alice, alices_customer):
    contact = ContactFactory(
        customer=alices_customer, name="王强", buying_role="decision_maker"
    )
    client.force_login(alice)
    body = client.get(url(alices_customer)).content.decode()
    assert "王强" in body
    assert "Decision maker" in body
    assert reverse("customers:contact_update", args=[contact.pk]) in body
    assert reverse("customers:contact_delete", args=[contact.pk]) in body
    assert reverse("customers:contact_create", args=[alices_customer.pk]) in body


def test_shows_opportunities_with_their_numbers(client, alice, alices_customer):
    opportunity = OpportunityFactory(
        name="MES upgrade", customer=alices_customer, owner=alice, amount=250000
    )
    client.force_login(alice)
    body = client.get(url(alices_customer)).content.decode()
    assert "MES upgrade" in body
    assert reverse("opportunities:detail", args=[opportunity.pk]) in body
    assert opportunity.stage.name in body
    assert "¥250,000.00" in body
    new_url = f"{reverse('opportunities:create')}?customer={alices_customer.pk}"
    assert new_url in body


def test_hides_opportunities_the_viewer_cannot_open(client, alice, olivia):
    # olivia's deal on alice's customer: alice sees the customer, not the deal.
    customer = CustomerFactory(owner=alice)
    OpportunityFactory(name="Hidden deal", customer=customer, owner=olivia)
    client.force_login(alice)
    assert "Hidden deal" not in client.get(url(customer)).content.decode()


def test_hides_follow_ups_of_deals_the_viewer_cannot_open(
    client, alice, bob, mary, alices_customer
):
    # A manager gave bob a deal on alice's customer: its calls are bob's business.
    bobs_deal = OpportunityFactory(customer=alices_customer, owner=bob)
    alices_deal = OpportunityFactory(customer=alices_customer, owner=alice)
    ActivityFactory(
        customer=alices_customer,
        opportunity=bobs_deal,
        logged_by=bob,
        summary="Bob's price talk",
    )
    ActivityFactory(
        customer=alices_customer, opportunity=alices_deal, summary="Alice's demo"
    )
    ActivityFactory(customer=alices_customer, summary="Customer-level visit")
    client.force_login(alice)
    body = client.get(url(alices_customer)).content.decode()
    assert "Bob&#x27;s price talk" not in body and "price talk" not in body
    assert "Alice&#x27;s demo" in body
    assert "Customer-level visit" in body
    # Their manager sees both deals, so every follow-up.
    client.force_login(mary)
    body = client.get(url(alices_customer)).content.decode()
    assert "price talk" in body and "Customer-level visit" in body


def test_follow_ups_check_their_deal_one_by_one_not_against_every_deal(alice):
    # A correlated EXISTS reads the deal of each follow-up shown; `IN (every
    # visible deal)` would read all of a manager's deals for seven follow-ups.
    sql = str(Activity.objects.without_hidden_deals(alice).query).upper()
    assert "EXISTS" in sql
    assert 'OPPORTUNITY_ID" IN (SELECT' not in sql


def test_shows_the_latest_follow_ups_newest_first(client, alice, alices_customer):
    now = timezone.now()
    for days in range(25):
        ActivityFactory(
            customer=alices_customer,
            summary=f"Follow-up number {days:02d}",
            occurred_at=now - timedelta(days=days),
        )
    client.force_login(alice)
    response = client.get(url(alices_customer))
    body = response.content.decode()
    summaries = [a.summary for a in response.context["activities"]]
    assert len(summaries) == 20
    assert summaries[0] == "Follow-up number 00"
    assert "Follow-up number 19" in body
    assert "Follow-up number 20" not in body
    assert 'id="activity-list"' in body
    log_url = f"{reverse('opportunities:activity_log')}?customer={alices_customer.pk}"
    assert f'hx-get="{log_url}"' in body


def test_change_history_says_who_changed_what(client, alice, mary, alices_customer):
    client.force_login(mary)
    client.post(
        reverse("customers:update", args=[alices_customer.pk]),
        {
            "legal_name": alices_customer.legal_name,
            "industry": "manufacturing",
            "region": "shanghai",
            "phone": "021-88886666",
            "owner": alice.pk,
        },
    )
    client.force_login(alice)
    response = client.get(url(alices_customer))
    entry = response.context["history"][0]
    assert entry.who == mary
    assert ("phone", "—", "021-88886666") in entry.changes
    assert "021-88886666" in response.content.decode()


def test_manager_sees_a_team_customer(client, mary, alices_customer):
    client.force_login(mary)
    assert client.get(url(alices_customer)).status_code == 200


def test_outsider_gets_404(client, olivia, nick, alices_customer):
    for user in (olivia, nick):
        client.force_login(user)
        assert client.get(url(alices_customer)).status_code == 404


def test_post_is_not_allowed(client, alice, alices_customer):
    client.force_login(alice)
    assert client.post(url(alices_customer)).status_code == 405


@pytest.mark.parametrize("rows", [3, 30])
def test_query_count_does_not_grow_with_rows(
    client, alice, bob, rows, django_assert_num_queries
):
    customer = CustomerFactory(owner=alice)
    for i in range(rows):
        contact = ContactFactory(customer=customer)
        deal = OpportunityFactory(customer=customer, owner=alice if i % 2 else bob)
        ActivityFactory(
            customer=customer, contact=contact, opportunity=deal, summary=f"Call {i}"
        )
        contract = ContractFactory(customer=customer, owner=alice, status="signed")
        InstallmentFactory(contract=contract, amount=contract.amount)
        PaymentFactory(contract=contract)
    for phone in ("1", "2"):
        customer.phone = phone
        customer.save()
    client.force_login(alice)
    # session, user with their team (top bar), customer + owner, contacts,
    # opportunities (stage, owner joined), activities (contact, user and deal
    # joined; those of unseen deals left out in the same query), history with
    # its users, contracts, and the receivables card (totals, unpaid
    # installments, latest payments): the same for 3 or 30.
    with django_assert_num_queries(11):
        response = client.get(url(customer))
    assert response.status_code == 200
