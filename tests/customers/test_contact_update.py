"""Editing a contact."""

import pytest
from django.urls import reverse

from tests.factories import ContactFactory


@pytest.fixture
def contact(alices_customer):
    return ContactFactory(customer=alices_customer, name="王强", buying_role="user")


def url(contact) -> str:
    return reverse("customers:contact_update", args=[contact.pk])


def test_form_is_prefilled(client, alice, contact):
    client.force_login(alice)
    response = client.get(url(contact))
    assert response.status_code == 200
    assert 'value="王强"' in response.content.decode()


def test_changes_are_saved(client, alice, contact):
    client.force_login(alice)
    response = client.post(
        url(contact),
        {"name": "王强", "buying_role": "decision_maker", "phone": "13900000000"},
    )
    assert response.url == reverse("customers:detail", args=[contact.customer_id])
    contact.refresh_from_db()
    assert contact.buying_role == "decision_maker"
    assert contact.phone == "13900000000"


def test_invalid_email_is_refused(client, alice, contact):
    client.force_login(alice)
    response = client.post(
        url(contact), {"name": "王强", "buying_role": "user", "email": "nope"}
    )
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    contact.refresh_from_db()
    assert contact.email == ""


def test_outsider_gets_404(client, olivia, contact):
    client.force_login(olivia)
    assert client.get(url(contact)).status_code == 404
    response = client.post(url(contact), {"name": "Hacked", "buying_role": "user"})
    assert response.status_code == 404
    contact.refresh_from_db()
    assert contact.name == "王强"


def test_manager_of_another_team_gets_404(client, nick, contact):
    client.force_login(nick)
    assert client.get(url(contact)).status_code == 404


def test_put_is_not_allowed(client, alice, contact):
    client.force_login(alice)
    assert client.put(url(contact)).status_code == 405
