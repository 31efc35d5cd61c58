"""Creating a customer together with its first contact, in one form."""

import pytest
from django.urls import reverse

from customers.models import Contact, Customer
from customers.services import customer_create
from tests.factories import CustomerFactory

URL = reverse("customers:create")


def data(**overrides) -> dict:
    return {
        "legal_name": "深圳前海微众科技有限公司",
        "industry": "finance",
        "region": "guangdong",
        "contact-name": "",
        "contact-title": "",
        "contact-phone": "",
        "contact-email": "",
        "contact-buying_role": "user",
        **overrides,
    }


FILLED = {
    "contact-name": "王芳",
    "contact-title": "采购经理",
    "contact-phone": "+86 138-0013-8000",
    "contact-email": "Wang.Fang@Example.CN",
    "contact-buying_role": "decision_maker",
}


def test_the_new_customer_page_asks_for_a_first_contact(client, alice):
    client.force_login(alice)
    body = client.get(URL).content.decode()
    assert "First contact" in body
    assert 'type="tel" name="contact-phone"' in body
    assert 'type="email" name="contact-email"' in body
    # The customer's legal name is marked required; the contact is optional.
    assert 'for="id_legal_name" class="form-label requiredField"' in body
    assert "Needed when you add a contact." in body


def test_the_edit_page_has_no_contact_section(client, alice, alices_customer):
    client.force_login(alice)
    url = reverse("customers:update", args=[alices_customer.pk])
    body = client.get(url).content.decode()
    assert "contact-name" not in body and "First contact" not in body


def test_customer_and_contact_are_saved_together(client, alice):
    client.force_login(alice)
    response = client.post(URL, data(**FILLED), follow=True)
    customer = Customer.objects.get()
    contact = Contact.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "customers:detail", args=[customer.pk]
    )
    assert contact.customer == customer
    assert (contact.name, contact.title, contact.buying_role) == (
        "王芳",
        "采购经理",
        "decision_maker",
    )
    # Saved through Contact.save: a lead typed with this number later is matched.
    assert contact.phone_normalized == "13800138000"
    assert contact.email_normalized == "wang.fang@example.cn"
    assert contact.history.first().history_user == alice
    body = response.content.decode()
    assert "was created with its contact “王芳”" in body
    assert 'href="tel:+86138-0013-8000"' in body


def test_an_empty_contact_section_creates_no_contact(client, alice):
    client.force_login(alice)
    response = client.post(URL, data())
    assert response.status_code == 302
    assert Customer.objects.count() == 1
    assert not Contact.objects.exists()


def test_a_form_without_the_section_still_creates_the_customer(client, alice):
    client.force_login(alice)
    fields = {k: v for k, v in data().items() if not k.startswith("contact-")}
    assert client.post(URL, fields).status_code == 302
    assert Customer.objects.count() == 1
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    "typed",
    [
        {"contact-phone": "13800138000"},
        {"contact-title": "采购经理", "contact-email": "wf@example.cn"},
        {"contact-buying_role": "decision_maker"},
    ],
)
def test_a_contact_without_a_name_is_refused_and_nothing_typed_is_lost(
    client, alice, typed
):
    client.force_login(alice)
    response = client.post(URL, data(address="深圳市南山区", **typed))
    assert response.status_code == 200
    errors = response.context["contact_form"].errors["name"]
    assert errors == [
        "Give the contact a name, or clear the contact fields to create the "
        "customer without one."
    ]
    assert not Customer.objects.exists() and not Contact.objects.exists()
    body = response.content.decode()
    assert 'value="深圳前海微众科技有限公司"' in body
    assert 'value="深圳市南山区"' in body
    for name, value in typed.items():
        if name == "contact-buying_role":
            assert f'<option value="{value}" selected>' in body
        else:
            assert f'value="{value}"' in body


def test_a_customer_error_keeps_the_contact_typed(client, alice):
    CustomerFactory(legal_name="深圳前海微众科技有限公司", owner=alice)
    client.force_login(alice)
    response = client.post(URL, data(**FILLED))
    assert response.status_code == 200
    assert "legal_name" in response.context["form"].errors
    assert not response.context["contact_form"].errors
    body = response.content.decode()
    for value in ("王芳", "采购经理", "+86 138-0013-8000", "Wang.Fang@Example.CN"):
        assert f'value="{value}"' in body
    assert Customer.objects.count() == 1
    assert not Contact.objects.exists()


def test_both_forms_show_their_errors_at_once(client, alice):
    client.force_login(alice)
    response = client.post(
        URL, data(legal_name="", **{"contact-email": "not an address"})
    )
    assert "legal_name" in response.context["form"].errors
    contact_errors = response.context["contact_form"].errors
    assert set(contact_errors) == {"name", "email"}
    assert not Contact.objects.exists()


def test_a_possible_duplicate_asks_once_and_keeps_the_contact(client, alice):
    CustomerFactory(legal_name="深圳前海微众有限公司", owner=alice)
    client.force_login(alice)
    response = client.post(URL, data(**FILLED))
    assert response.context["form"].similar
    assert 'value="王芳"' in response.content.decode()
    response = client.post(URL, data(save_anyway="on", **FILLED))
    assert response.status_code == 302
    assert Contact.objects.get().customer.legal_name == "深圳前海微众科技有限公司"


def test_the_contact_belongs_to_the_owner_the_manager_picked(client, mary, bob, olivia):
    client.force_login(mary)
    client.post(URL, data(owner=bob.pk, **FILLED))
    contact = Contact.objects.get()
    assert contact.customer.owner == bob
    assert list(Contact.objects.visible_to(bob)) == [contact]
    assert list(Contact.objects.visible_to(mary)) == [contact]
    assert not Contact.objects.visible_to(olivia).exists()


def test_a_salespersons_contact_is_theirs_alone(client, alice, bob):
    client.force_login(alice)
    client.post(URL, data(owner=bob.pk, **FILLED))
    contact = Contact.objects.get()
    assert contact.customer.owner == alice
    assert not Contact.objects.visible_to(bob).exists()


def test_a_failed_contact_leaves_no_customer(db, alice, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Contact, "save", fail)
    with pytest.raises(RuntimeError):
        customer_create(
            customer=Customer(owner=alice, legal_name="杭州新客户有限公司"),
            first_contact=Contact(name="王芳"),
        )
    assert not Customer.objects.exists()
