"""Deleting a contact, after a confirmation."""

import pytest
from django.urls import reverse

from customers.models import Contact
from opportunities.models import Activity
from tests.factories import (
    ActivityFactory,
    ContactFactory,
    DealContactFactory,
    OpportunityFactory,
)


@pytest.fixture
def contact(alices_customer):
    return ContactFactory(customer=alices_customer, name="王强")


def url(contact) -> str:
    return reverse("customers:contact_delete", args=[contact.pk])


def test_get_asks_for_confirmation(client, alice, contact):
    client.force_login(alice)
    response = client.get(url(contact))
    assert response.status_code == 200
    assert "王强" in response.content.decode()
    assert Contact.objects.exists()


def test_the_confirmation_says_which_buying_teams_they_leave(client, alice, contact):
    client.force_login(alice)
    assert "buying team" not in client.get(url(contact)).content.decode()
    for _ in range(2):
        deal = OpportunityFactory(owner=alice, customer=contact.customer)
        DealContactFactory(opportunity=deal, contact=contact)
    body = client.get(url(contact)).content.decode()
    assert "They are on the buying team of 2 deals and leave them." in body


def test_post_deletes_and_keeps_the_follow_ups(client, alice, contact):
    ActivityFactory(customer=contact.customer, contact=contact)
    client.force_login(alice)
    response = client.post(url(contact), follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "customers:detail", args=[contact.customer_id]
    )
    assert "was deleted" in response.content.decode()
    assert not Contact.objects.exists()
    assert Activity.objects.get().contact is None


def test_outsider_gets_404_and_nothing_is_deleted(client, olivia, contact):
    client.force_login(olivia)
    assert client.get(url(contact)).status_code == 404
    assert client.post(url(contact)).status_code == 404
    assert Contact.objects.exists()


def test_delete_method_is_not_allowed(client, alice, contact):
    client.force_login(alice)
    assert client.delete(url(contact)).status_code == 405
    assert Contact.objects.exists()
