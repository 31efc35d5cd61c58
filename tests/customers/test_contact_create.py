"""Adding a contact to a customer."""

from django.urls import reverse

from customers.models import Contact


def url(customer) -> str:
    return reverse("customers:contact_create", args=[customer.pk])


def test_form_is_shown(client, alice, alices_customer):
    client.force_login(alice)
    response = client.get(url(alices_customer))
    assert response.status_code == 200
    assert alices_customer.legal_name in response.content.decode()


def test_contact_is_added_to_the_customer(client, alice, alices_customer):
    client.force_login(alice)
    response = client.post(
        url(alices_customer),
        {
            "name": "李娜",
            "title": "CIO",
            "email": "li.na@example.cn",
            "buying_role": "influencer",
        },
        follow=True,
    )
    contact = Contact.objects.get()
    assert contact.customer == alices_customer
    assert contact.buying_role == "influencer"
    assert response.redirect_chain[-1][0] == reverse(
        "customers:detail", args=[alices_customer.pk]
    )
    assert "李娜" in response.content.decode()


def test_invalid_email_is_refused(client, alice, alices_customer):
    client.force_login(alice)
    response = client.post(
        url(alices_customer),
        {"name": "李娜", "email": "li.na-at-example", "buying_role": "user"},
    )
    assert "Enter a valid email address." in response.content.decode()
    assert not Contact.objects.exists()


def test_name_is_required(client, alice, alices_customer):
    client.force_login(alice)
    response = client.post(url(alices_customer), {"buying_role": "user"})
    assert "name" in response.context["form"].errors
    assert not Contact.objects.exists()


def test_manager_adds_a_contact_to_a_team_customer(client, mary, alices_customer):
    client.force_login(mary)
    client.post(url(alices_customer), {"name": "张伟", "buying_role": "user"})
    assert Contact.objects.get().customer == alices_customer


def test_outsider_gets_404(client, olivia, alices_customer):
    client.force_login(olivia)
    assert client.get(url(alices_customer)).status_code == 404
    response = client.post(url(alices_customer), {"name": "x", "buying_role": "user"})
    assert response.status_code == 404
    assert not Contact.objects.exists()


def test_delete_method_is_not_allowed(client, alice, alices_customer):
    client.force_login(alice)
    assert client.delete(url(alices_customer)).status_code == 405
