"""Deleting a customer: confirmation, protection by opportunities."""

from django.urls import reverse

from customers.models import Contact, Customer
from tests.factories import ActivityFactory, ContactFactory, OpportunityFactory


def url(customer) -> str:
    return reverse("customers:delete", args=[customer.pk])


def test_get_asks_for_confirmation_and_deletes_nothing(client, alice, alices_customer):
    client.force_login(alice)
    response = client.get(url(alices_customer))
    assert response.status_code == 200
    assert "This cannot be undone." in response.content.decode()
    assert Customer.objects.exists()


def test_post_deletes_with_contacts_and_follow_ups(client, alice, alices_customer):
    ContactFactory(customer=alices_customer)
    ActivityFactory(customer=alices_customer)
    client.force_login(alice)
    response = client.post(url(alices_customer), follow=True)
    assert response.redirect_chain[-1][0] == reverse("customers:list")
    assert "was deleted" in response.content.decode()
    assert not Customer.objects.exists()
    assert not Contact.objects.exists()


def test_customer_with_opportunities_is_not_deleted(client, alice, alices_customer):
    OpportunityFactory(customer=alices_customer, owner=alice)
    ContactFactory(customer=alices_customer)
    client.force_login(alice)
    page = client.get(url(alices_customer)).content.decode()
    assert "has opportunities, so it cannot be deleted" in page
    response = client.post(url(alices_customer), follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "customers:detail", args=[alices_customer.pk]
    )
    assert "Nothing was deleted." in response.content.decode()
    assert Customer.objects.filter(pk=alices_customer.pk).exists()
    assert Contact.objects.count() == 1


def test_manager_deletes_a_team_customer(client, mary, alices_customer):
    client.force_login(mary)
    client.post(url(alices_customer))
    assert not Customer.objects.exists()


def test_outsider_gets_404_and_nothing_is_deleted(client, olivia, alices_customer):
    client.force_login(olivia)
    assert client.get(url(alices_customer)).status_code == 404
    assert client.post(url(alices_customer)).status_code == 404
    assert Customer.objects.exists()


def test_delete_method_is_not_allowed(client, alice, alices_customer):
    client.force_login(alice)
    assert client.delete(url(alices_customer)).status_code == 405
    assert Customer.objects.exists()
