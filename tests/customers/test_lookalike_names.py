"""A customer exists once, however its name was typed or pasted."""

import pytest
from django.urls import reverse

from customers.models import Customer
from tests.customers.test_customer_create import data
from tests.factories import CustomerFactory

URL = reverse("customers:create")


@pytest.mark.parametrize(
    "hidden", ["\u200b", "\u200d", "\u00ad", "\ufeff", "\u202e", "\u2060", "\x01"]
)
def test_zero_width_duplicate_is_refused_without_naming_it(
    client, alice, olivia, hidden
):
    CustomerFactory(owner=olivia, legal_name="Siemens Healthineers Ltd")
    client.force_login(alice)
    response = client.post(
        URL, data(legal_name=f"Siemens Health{hidden}ineers Ltd", save_anyway="on")
    )
    assert response.status_code == 200
    assert "owned by another salesperson" in response.content.decode()
    assert "Siemens Healthineers" not in response.content.decode()
    assert Customer.objects.count() == 1


@pytest.mark.parametrize("name", ["...", "（）", "- _ .", "\u200b", "【】·"])
def test_punctuation_only_name_is_refused(client, alice, name):
    client.force_login(alice)
    response = client.post(URL, data(legal_name=name, save_anyway="on"))
    assert response.status_code == 200
    assert not Customer.objects.exists()
    form = response.context["form"]
    assert form.errors["legal_name"] in (
        [
            "A legal name needs letters or digits; punctuation and spaces alone do "
            "not name a company."
        ],
        ["This field is required."],
    )


def test_punctuation_only_name_never_shows_anothers_customer(client, alice, olivia):
    # An old row whose name normalized to nothing must not be matched by "...".
    Customer.objects.bulk_create(
        [Customer(owner=olivia, legal_name="!!!", name_normalized="")]
    )
    client.force_login(alice)
    response = client.post(URL, data(legal_name="...", save_anyway="on"))
    assert "!!!" not in response.content.decode()


def test_every_text_field_is_cleaned_before_it_is_saved(client, alice):
    client.force_login(alice)
    client.post(
        URL,
        data(
            legal_name=" \u202e甲\u200b公司\x01 ",
            address="上海\u00ad市",
            notes="line one\r\nline\ttwo\x0b\u200b",
        ),
    )
    customer = Customer.objects.get()
    assert (customer.legal_name, customer.address, customer.notes) == (
        "甲公司",
        "上海市",
        "line one\nline\ttwo",
    )
