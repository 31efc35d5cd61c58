"""The customer picker on the deal and conversion forms: only the choice is listed."""

import re

import pytest
from django.urls import reverse

from customers.widgets import SEARCH_HINT
from opportunities.forms import OpportunityForm
from opportunities.forms_convert import CustomerChoiceForm
from tests.factories import CustomerFactory, LeadFactory
from tests.opportunities.conftest import form_data

OPTION = re.compile(r"<option[^>]*>")


def customer_select(html: str) -> str:
    """The markup of the picker's select."""
    match = re.search(r'<select name="[^"]*customer".*?</select>', html, re.S)
    assert match, "no customer select on the page"
    return match.group(0)


def test_the_chosen_customer_is_the_only_option(alice):
    CustomerFactory.create_batch(5, owner=alice)
    chosen = CustomerFactory(owner=alice, legal_name="Zhongshan Valves")
    form = OpportunityForm(user=alice, initial={"customer": chosen})
    select = customer_select(str(form["customer"]))
    assert OPTION.findall(select) == [f'<option value="{chosen.pk}" selected>']
    assert "Zhongshan Valves" in select


def test_without_a_choice_it_shows_the_search_hint(alice):
    CustomerFactory.create_batch(3, owner=alice)
    html = str(OpportunityForm(user=alice)["customer"])
    assert OPTION.findall(customer_select(html)) == ['<option value="" selected>']
    assert str(SEARCH_HINT) in html
    assert 'hx-get="{}"'.format(reverse("customers:options")) in html


def test_an_unseen_customer_is_refused_and_never_shown(alice, olivia):
    hidden = CustomerFactory(owner=olivia, legal_name="Northern Secret Works")
    form = OpportunityForm(
        {"name": "Forged", "customer": hidden.pk, "amount": "1"}, user=alice
    )
    assert not form.is_valid()
    assert "customer" in form.errors
    html = str(form["customer"])
    assert "Northern Secret Works" not in html
    assert OPTION.findall(customer_select(html)) == ['<option value="" selected>']


def test_the_page_refusing_an_unseen_customer_marks_the_picker(client, alice, olivia):
    hidden = CustomerFactory(owner=olivia, legal_name="Northern Secret Works")
    client.force_login(alice)
    response = client.post(
        reverse("opportunities:create"), form_data(hidden, amount="1")
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Northern Secret Works" not in content
    # Bootstrap shows the message under a sibling marked invalid: the wrapper.
    assert 'class="customer-picker is-invalid"' in content
    assert 'class="invalid-feedback"' in content


def test_a_customer_that_cannot_change_is_shown_without_the_search(alice):
    customer = CustomerFactory(owner=alice, legal_name="Fixed Customer Ltd")
    form = OpportunityForm(user=alice, initial={"customer": customer})
    form.fields["customer"].disabled = True
    html = str(form["customer"])
    assert "Fixed Customer Ltd" in html
    assert 'type="search"' not in html


def test_conversion_form_shows_the_matching_customer_and_refuses_unseen_ones(
    alice, olivia
):
    existing = CustomerFactory(owner=alice, legal_name="Haixing Machinery")
    CustomerFactory.create_batch(4, owner=alice)
    form = CustomerChoiceForm(
        user=alice, prefix="customer", initial={"mode": "link", "customer": existing}
    )
    select = customer_select(str(form["customer"]))
    assert OPTION.findall(select) == [f'<option value="{existing.pk}" selected>']

    hidden = CustomerFactory(owner=olivia)
    form = CustomerChoiceForm(
        {"customer-mode": "link", "customer-customer": hidden.pk},
        user=alice,
        prefix="customer",
    )
    assert not form.is_valid()
    assert "customer" in form.errors


@pytest.mark.parametrize(
    "url_of",
    [
        lambda lead: reverse("opportunities:create"),
        lambda lead: reverse("opportunities:convert_lead", args=[lead.pk]),
    ],
    ids=["opportunity form", "lead conversion"],
)
def test_page_size_does_not_grow_with_the_customers(client, adam, url_of):
    lead = LeadFactory(owner=adam)
    client.force_login(adam)

    def page() -> str:
        response = client.get(url_of(lead))
        assert response.status_code == 200
        return response.content.decode()

    CustomerFactory.create_batch(3, owner=adam)
    few = page()
    CustomerFactory.create_batch(60, owner=adam)
    many = page()
    assert len(many) == len(few)
    assert customer_select(many) == customer_select(few)
    assert len(OPTION.findall(customer_select(few))) == 1
