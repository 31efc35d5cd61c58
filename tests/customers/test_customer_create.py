"""Creating a customer: validation, duplicates, possible duplicates, owner."""

import pytest
from django.urls import reverse

from customers.models import Customer
from tests.customers.conftest import credit_code
from tests.factories import CustomerFactory

URL = reverse("customers:create")


def data(**overrides) -> dict:
    return {
        "legal_name": "深圳前海微众科技有限公司",
        "credit_code": "",
        "industry": "finance",
        "region": "guangdong",
        "address": "深圳市南山区",
        "phone": "0755-12345678",
        "website": "https://example.cn",
        "notes": "",
        **overrides,
    }


def test_form_is_shown(client, alice):
    client.force_login(alice)
    response = client.get(URL)
    assert response.status_code == 200
    assert 'name="legal_name"' in response.content.decode()


def test_salesperson_creates_a_customer_they_own(client, alice):
    client.force_login(alice)
    code = credit_code()
    response = client.post(URL, data(credit_code=code.lower()))
    customer = Customer.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("customers:detail", args=[customer.pk])
    assert customer.owner == alice
    # Typed in lower case, stored as printed on the licence.
    assert customer.credit_code == code
    assert customer.history.first().history_user == alice


def test_salesperson_cannot_choose_another_owner(client, alice, bob):
    client.force_login(alice)
    assert 'name="owner"' not in client.get(URL).content.decode()
    client.post(URL, data(owner=bob.pk))
    assert Customer.objects.get().owner == alice


def test_manager_picks_an_owner_among_their_team(client, mary, bob, olivia):
    client.force_login(mary)
    form = client.get(URL).context["form"]
    assert set(form.fields["owner"].queryset) >= {mary, bob}
    assert olivia not in form.fields["owner"].queryset
    client.post(URL, data(owner=bob.pk))
    assert Customer.objects.get().owner == bob


def test_manager_cannot_give_a_customer_to_another_team(client, mary, olivia):
    client.force_login(mary)
    response = client.post(URL, data(owner=olivia.pk))
    assert response.status_code == 200
    assert response.context["form"].errors["owner"]
    assert not Customer.objects.exists()


def test_legal_name_is_required(client, alice):
    client.force_login(alice)
    response = client.post(URL, data(legal_name=""))
    assert "legal_name" in response.context["form"].errors
    assert not Customer.objects.exists()


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91310000MA1FL000", "exactly 18 characters"),
        ("91310000MA1FL0001O", "uses only digits"),
        ("91310000MA1FL0001", "exactly 18 characters"),
        ("91310000MA1FL000123", "exactly 18 characters"),
    ],
)
def test_bad_credit_code_is_explained_on_the_field(client, alice, code, message):
    client.force_login(alice)
    response = client.post(URL, data(credit_code=code))
    errors = response.context["form"].errors["credit_code"]
    assert message in " ".join(errors)
    assert message in response.content.decode()
    assert not Customer.objects.exists()


def test_wrong_check_digit_is_called_a_typo(client, alice):
    good = credit_code()
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    client.force_login(alice)
    response = client.post(URL, data(credit_code=wrong))
    assert "does not match the check digit" in str(
        response.context["form"].errors["credit_code"]
    )
    assert not Customer.objects.exists()


def test_same_normalized_name_is_refused_with_a_link(client, alice):
    existing = CustomerFactory(legal_name="上海华东科技有限公司", owner=alice)
    client.force_login(alice)
    response = client.post(URL, data(legal_name="上海 华东 科技有限公司"))
    body = response.content.decode()
    assert (
        "A customer with this legal name already exists: 上海华东科技有限公司."
        in (response.context["form"].errors["legal_name"])
    )
    assert reverse("customers:detail", args=[existing.pk]) in body
    assert Customer.objects.count() == 1


def test_full_width_brackets_count_as_the_same_name(client, alice):
    CustomerFactory(legal_name="华为技术（深圳）有限公司", owner=alice)
    client.force_login(alice)
    response = client.post(URL, data(legal_name="华为技术(深圳)有限公司"))
    assert "legal_name" in response.context["form"].errors
    assert Customer.objects.count() == 1


def test_duplicate_of_an_unseen_customer_says_who_owns_it_without_a_link(
    client, alice, olivias_customer
):
    client.force_login(alice)
    response = client.post(URL, data(legal_name=olivias_customer.legal_name))
    body = response.content.decode()
    assert "owned by another salesperson" in str(
        response.context["form"].errors["legal_name"]
    )
    assert reverse("customers:detail", args=[olivias_customer.pk]) not in body
    assert Customer.objects.count() == 1


def test_same_credit_code_is_refused(client, alice):
    code = credit_code()
    existing = CustomerFactory(legal_name="甲公司", credit_code=code, owner=alice)
    client.force_login(alice)
    response = client.post(URL, data(legal_name="乙公司", credit_code=code))
    assert (
        "A customer with this credit code already exists: 甲公司."
        in (response.context["form"].errors["credit_code"])
    )
    assert reverse("customers:detail", args=[existing.pk]) in (
        response.content.decode()
    )
    assert Customer.objects.count() == 1


def test_same_credit_code_of_an_unseen_customer(client, alice, olivia):
    code = credit_code()
    hidden = CustomerFactory(legal_name="甲公司", credit_code=code, owner=olivia)
    client.force_login(alice)
    response = client.post(URL, data(legal_name="乙公司", credit_code=code))
    assert "owned by another salesperson" in str(
        response.context["form"].errors["credit_code"]
    )
    assert "甲公司" not in response.content.decode()
    assert reverse("customers:detail", args=[hidden.pk]) not in (
        response.content.decode()
    )


def test_similar_name_warns_once_then_saves_anyway(client, alice):
    similar = CustomerFactory(legal_name="上海华东科技发展有限公司", owner=alice)
    client.force_login(alice)
    response = client.post(URL, data(legal_name="上海华东科技有限公司"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Possible duplicates" in body
    assert reverse("customers:detail", args=[similar.pk]) in body
    assert 'name="save_anyway"' in body
    assert Customer.objects.count() == 1

    response = client.post(
        URL, data(legal_name="上海华东科技有限公司", save_anyway="on")
    )
    assert response.status_code == 302
    assert Customer.objects.count() == 2


def test_similar_names_the_user_cannot_see_are_not_revealed(client, alice, olivia):
    CustomerFactory(legal_name="上海华东科技发展有限公司", owner=olivia)
    client.force_login(alice)
    response = client.post(URL, data(legal_name="上海华东科技有限公司"))
    assert response.status_code == 302
    assert Customer.objects.count() == 2


def test_unrelated_names_do_not_warn(client, alice):
    CustomerFactory(legal_name="北京科技有限公司", owner=alice)
    client.force_login(alice)
    response = client.post(URL, data(legal_name="上海华东科技有限公司"))
    assert response.status_code == 302


def test_delete_method_is_not_allowed(client, alice):
    client.force_login(alice)
    assert client.delete(URL).status_code == 405


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.post(URL, data())
    assert response.status_code == 302
    assert not Customer.objects.exists()
