"""Editing a customer: visibility, duplicates, owner changes, history."""

from django.urls import reverse

from customers.models import Customer
from tests.customers.conftest import credit_code
from tests.factories import CustomerFactory


def url(customer) -> str:
    return reverse("customers:update", args=[customer.pk])


def data(customer, **overrides) -> dict:
    return {
        "legal_name": customer.legal_name,
        "credit_code": customer.credit_code,
        "industry": customer.industry,
        "region": customer.region,
        "address": customer.address,
        "phone": customer.phone,
        "website": customer.website,
        "notes": customer.notes,
        **overrides,
    }


def test_form_is_prefilled(client, alice, alices_customer):
    client.force_login(alice)
    response = client.get(url(alices_customer))
    assert response.status_code == 200
    assert alices_customer.legal_name in response.content.decode()


def test_owner_saves_changes(client, alice, alices_customer):
    client.force_login(alice)
    response = client.post(
        url(alices_customer), data(alices_customer, phone="021-5555", region="jiangsu")
    )
    assert response.status_code == 302
    alices_customer.refresh_from_db()
    assert alices_customer.phone == "021-5555"
    assert alices_customer.region == "jiangsu"


def test_keeping_its_own_name_and_code_is_not_a_duplicate(client, alice):
    customer = CustomerFactory(
        legal_name="甲公司", credit_code=credit_code(), owner=alice
    )
    client.force_login(alice)
    response = client.post(url(customer), data(customer, notes="ok"))
    assert response.status_code == 302


def test_renaming_onto_another_customer_is_refused(client, alice, alices_customer):
    other = CustomerFactory(legal_name="杭州西湖贸易有限公司", owner=alice)
    client.force_login(alice)
    response = client.post(url(other), data(other, legal_name="上海 华东 科技有限公司"))
    assert "A customer with this legal name already exists" in str(
        response.context["form"].errors["legal_name"]
    )
    other.refresh_from_db()
    assert other.legal_name == "杭州西湖贸易有限公司"


def test_renaming_onto_an_unseen_customer_is_refused_without_a_link(
    client, alice, olivias_customer
):
    mine = CustomerFactory(legal_name="甲公司", owner=alice)
    client.force_login(alice)
    response = client.post(
        url(mine), data(mine, legal_name=olivias_customer.legal_name)
    )
    assert "owned by another salesperson" in str(
        response.context["form"].errors["legal_name"]
    )
    assert reverse("customers:detail", args=[olivias_customer.pk]) not in (
        response.content.decode()
    )


def test_taking_another_customers_credit_code_is_refused(client, alice, olivia):
    code = credit_code()
    CustomerFactory(legal_name="乙公司", credit_code=code, owner=olivia)
    mine = CustomerFactory(legal_name="甲公司", owner=alice)
    client.force_login(alice)
    response = client.post(url(mine), data(mine, credit_code=code))
    assert "owned by another salesperson" in str(
        response.context["form"].errors["credit_code"]
    )
    mine.refresh_from_db()
    assert mine.credit_code == ""


def test_bad_check_digit_on_edit(client, alice, alices_customer):
    good = credit_code()
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    client.force_login(alice)
    response = client.post(
        url(alices_customer), data(alices_customer, credit_code=wrong)
    )
    assert "check digit" in str(response.context["form"].errors["credit_code"])


def test_manager_reassigns_within_the_team(client, mary, bob, alices_customer):
    client.force_login(mary)
    client.post(url(alices_customer), data(alices_customer, owner=bob.pk))
    alices_customer.refresh_from_db()
    assert alices_customer.owner == bob


def test_salesperson_cannot_reassign(client, alice, bob, alices_customer):
    client.force_login(alice)
    client.post(url(alices_customer), data(alices_customer, owner=bob.pk))
    alices_customer.refresh_from_db()
    assert alices_customer.owner == alice


def test_outsider_gets_404(client, olivia, alices_customer):
    client.force_login(olivia)
    assert client.get(url(alices_customer)).status_code == 404
    response = client.post(url(alices_customer), data(alices_customer, phone="x"))
    assert response.status_code == 404
    assert Customer.objects.get().phone == ""


def test_teammate_gets_404(client, bob, alices_customer):
    client.force_login(bob)
    assert client.get(url(alices_customer)).status_code == 404


def test_put_is_not_allowed(client, alice, alices_customer):
    client.force_login(alice)
    assert client.put(url(alices_customer)).status_code == 405
