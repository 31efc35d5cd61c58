"""contracts:create — from a deal (lines copied), from a customer, and refusals."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from contracts.models import Contract, ContractStatus
from opportunities.models import OpportunityLine, OpportunityStatus
from tests.contracts.conftest import form_data
from tests.factories import (
    ContractFactory,
    CustomerFactory,
    OpportunityFactory,
    ProductFactory,
)

URL = reverse("contracts:create")
TODAY = "2026-06-15 10:00 +0800"


@pytest.fixture
def deal_lines(alice_deal):
    product = ProductFactory(code="ERP-01", name="ERP 套件", unit_price=50000)
    return [
        OpportunityLine.objects.create(
            opportunity=alice_deal, product=product, quantity=2, unit_price=50000
        ),
        OpportunityLine.objects.create(
            opportunity=alice_deal, description="实施服务", quantity=4, unit_price=5000
        ),
    ]


def posted_rows(formset) -> list[dict]:
    """The rows as the browser posts them: each form's shown values."""
    rows = []
    for form in formset.forms:
        rows.append(
            {
                name: "" if form[name].value() is None else form[name].value()
                for name in ("product", "description", "quantity", "unit_price")
            }
        )
    return rows


def test_anonymous_is_sent_to_login(client, db):
    assert client.get(URL)["Location"].startswith(reverse("login"))


def test_from_a_deal_the_form_starts_as_a_copy_of_it(
    client, alice, alice_deal, deal_lines
):
    client.force_login(alice)
    response = client.get(URL, {"opportunity": alice_deal.pk})
    assert response.status_code == 200
    form, formset = response.context["form"], response.context["formset"]
    assert form["title"].value() == "Alice ERP"
    assert form["customer"].value() == alice_deal.customer_id
    assert form["opportunity"].value() == alice_deal.pk
    assert Decimal(form["amount"].value()) == Decimal("120000")
    # One row per deal line, and no blank row under them.
    assert posted_rows(formset) == [
        {
            "product": deal_lines[0].product_id,
            "description": "",
            "quantity": Decimal("2.00"),
            "unit_price": Decimal("50000.00"),
        },
        {
            "product": "",
            "description": "实施服务",
            "quantity": Decimal("4.00"),
            "unit_price": Decimal("5000.00"),
        },
    ]
    body = response.content.decode()
    assert "实施服务" in body and "Copied from the opportunity" in body


@time_machine.travel(TODAY, tick=False)
def test_posting_the_copied_rows_unchanged_saves_them_all(
    client, alice, alice_deal, deal_lines
):
    client.force_login(alice)
    url = f"{URL}?opportunity={alice_deal.pk}"
    formset = client.get(url).context["formset"]
    data = form_data(
        alice_deal.customer,
        title="Alice ERP",
        opportunity=alice_deal.pk,
        amount="120000",
        lines=posted_rows(formset),
    )
    response = client.post(url, data)
    contract = Contract.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("contracts:detail", args=[contract.pk])
    assert contract.number == "HT-2026-0001"
    assert contract.status == ContractStatus.DRAFT
    assert (contract.owner, contract.customer, contract.opportunity) == (
        alice,
        alice_deal.customer,
        alice_deal,
    )
    assert [(line.label, line.total) for line in contract.lines.all()] == [
        ("ERP 套件", Decimal("100000.00")),
        ("实施服务", Decimal("20000.00")),
    ]
    assert contract.amount == Decimal("120000.00")
    page = client.get(response["Location"]).content.decode()
    assert "Contract HT-2026-0001 was created as a draft." in page


def test_copied_lines_are_editable(client, alice, alice_deal, deal_lines):
    client.force_login(alice)
    url = f"{URL}?opportunity={alice_deal.pk}"
    rows = posted_rows(client.get(url).context["formset"])
    rows[0]["quantity"] = "1"  # the buyer takes one licence
    rows[1]["DELETE"] = "on"  # and does its own implementation
    rows.append({"description": "Training", "quantity": "1", "unit_price": "3000"})
    client.post(
        url,
        form_data(
            alice_deal.customer, opportunity=alice_deal.pk, amount="1", lines=rows
        ),
    )
    contract = Contract.objects.get()
    assert [(line.label, line.total) for line in contract.lines.all()] == [
        ("ERP 套件", Decimal("50000.00")),
        ("Training", Decimal("3000.00")),
    ]
    # The amount follows the lines, not the posted figure.
    assert contract.amount == Decimal("53000.00")
    # The deal itself is untouched.
    assert alice_deal.lines.count() == 2


def test_a_product_no_longer_sold_stays_a_choice_on_copied_lines(
    client, alice, alice_deal
):
    retired = ProductFactory(name="Old module", is_active=False)
    OpportunityLine.objects.create(
        opportunity=alice_deal, product=retired, quantity=1, unit_price=900
    )
    client.force_login(alice)
    url = f"{URL}?opportunity={alice_deal.pk}"
    rows = posted_rows(client.get(url).context["formset"])
    assert rows[0]["product"] == retired.pk
    client.post(
        url, form_data(alice_deal.customer, opportunity=alice_deal.pk, lines=rows)
    )
    assert Contract.objects.get().lines.get().product == retired


def test_from_a_customer_the_customer_is_chosen_and_deals_follow_it(
    client, alice, alice_customer
):
    open_deal = OpportunityFactory(owner=alice, customer=alice_customer, name="Open")
    won = OpportunityFactory(
        owner=alice,
        customer=alice_customer,
        name="Won",
        status=OpportunityStatus.WON,
    )
    OpportunityFactory(
        owner=alice,
        customer=alice_customer,
        status=OpportunityStatus.LOST,
        lost_reason="Price",
    )
    OpportunityFactory(owner=alice, name="Other customer's")
    client.force_login(alice)
    response = client.get(URL, {"customer": alice_customer.pk})
    form = response.context["form"]
    assert form["customer"].value() == alice_customer.pk
    assert set(form.fields["opportunity"].queryset) == {open_deal, won}
    # A salesperson owns what they make: no owner field.
    assert "owner" not in form.fields


@time_machine.travel(TODAY, tick=False)
def test_a_contract_without_lines_keeps_the_entered_amount(
    client, alice, alice_customer
):
    client.force_login(alice)
    response = client.post(
        URL,
        form_data(
            alice_customer,
            title="Annual maintenance",
            amount="36000",
            starts_on="2026-07-01",
            ends_on="2027-06-30",
            terms="Paid quarterly in advance.",
        ),
    )
    assert response.status_code == 302
    contract = Contract.objects.get()
    assert contract.opportunity is None
    assert contract.amount == Decimal("36000")
    assert (contract.starts_on, contract.ends_on) == (
        date(2026, 7, 1),
        date(2027, 6, 30),
    )


def test_end_before_start_is_refused_with_a_clear_error(client, alice, alice_customer):
    client.force_login(alice)
    response = client.post(
        URL,
        form_data(
            alice_customer, amount="1000", starts_on="2026-07-01", ends_on="2026-06-01"
        ),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["ends_on"] == [
        "The end date (2026-06-01) is before the start date (2026-07-01)."
    ]
    assert not Contract.objects.exists()
    # Nothing typed is lost.
    assert response.context["form"]["starts_on"].value() == "2026-07-01"


def test_a_second_live_contract_for_a_deal_names_the_first(client, alice, alice_deal):
    first = ContractFactory(
        owner=alice, customer=alice_deal.customer, opportunity=alice_deal
    )
    client.force_login(alice)
    response = client.post(
        URL, form_data(alice_deal.customer, opportunity=alice_deal.pk, amount="5")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["opportunity"] == [
        f"This opportunity already has contract {first.number}; void it before "
        "making another."
    ]
    assert Contract.objects.count() == 1


def test_create_from_a_deal_with_a_live_contract_opens_that_contract(
    client, alice, alice_deal
):
    first = ContractFactory(
        owner=alice, customer=alice_deal.customer, opportunity=alice_deal
    )
    client.force_login(alice)
    response = client.get(URL, {"opportunity": alice_deal.pk}, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "contracts:detail", args=[first.pk]
    )
    assert f"This opportunity already has contract {first.number}." in (
        response.content.decode()
    )


def test_a_void_contract_does_not_block_a_new_one(client, alice, alice_deal):
    ContractFactory(
        owner=alice,
        customer=alice_deal.customer,
        opportunity=alice_deal,
        status="void",
        void_reason="Wrong price",
    )
    client.force_login(alice)
    assert client.get(URL, {"opportunity": alice_deal.pk}).status_code == 200
    client.post(
        f"{URL}?opportunity={alice_deal.pk}",
        form_data(alice_deal.customer, opportunity=alice_deal.pk, amount="10"),
    )
    assert Contract.objects.live().get().opportunity == alice_deal


def test_a_lost_deal_gets_no_contract(client, alice, alice_customer):
    lost = OpportunityFactory(
        owner=alice,
        customer=alice_customer,
        status=OpportunityStatus.LOST,
        lost_reason="Price",
    )
    client.force_login(alice)
    response = client.get(URL, {"opportunity": lost.pk}, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "opportunities:detail", args=[lost.pk]
    )
    assert "This opportunity was lost" in response.content.decode()


def test_someone_elses_customer_or_deal_is_a_404(client, alice, olivia):
    outsider_deal = OpportunityFactory(owner=olivia)
    client.force_login(alice)
    assert client.get(URL, {"customer": outsider_deal.customer_id}).status_code == 404
    assert client.get(URL, {"opportunity": outsider_deal.pk}).status_code == 404


def test_the_customer_is_searched_for_not_listed(client, alice, alice_customer):
    others = CustomerFactory.create_batch(3, owner=alice)
    client.force_login(alice)
    body = client.get(URL, {"customer": alice_customer.pk}).content.decode()
    assert alice_customer.legal_name in body
    assert not any(other.legal_name in body for other in others)
    assert reverse("customers:options") in body
    # Choosing a customer still reloads the deals to pick from.
    assert reverse("contracts:opportunity_options") in body


def test_a_customer_not_visible_is_not_a_choice(client, alice, olivia):
    outsiders = CustomerFactory(owner=olivia)
    client.force_login(alice)
    response = client.post(URL, form_data(outsiders, amount="100"))
    assert response.status_code == 200
    assert response.context["form"].errors["customer"] == [
        "Choose one of your customers from the list."
    ]
    assert outsiders not in response.context["form"].fields["customer"].queryset
    assert not Contract.objects.exists()


def test_a_deal_of_another_customer_is_not_a_choice(
    client, alice, alice_customer, alice_deal
):
    other = OpportunityFactory(owner=alice)
    client.force_login(alice)
    response = client.post(
        URL, form_data(alice_customer, opportunity=other.pk, amount="100")
    )
    assert response.context["form"].errors["opportunity"] == [
        "Choose an open or won opportunity of this customer."
    ]
    assert not Contract.objects.exists()


def test_salesperson_cannot_give_the_contract_to_someone_else(
    client, alice, bob, alice_customer
):
    client.force_login(alice)
    client.post(URL, form_data(alice_customer, amount="100", owner=bob.pk))
    assert Contract.objects.get().owner == alice


def test_manager_makes_a_contract_for_a_team_member(
    client, mary, alice, olivia, alice_deal
):
    client.force_login(mary)
    response = client.get(URL, {"opportunity": alice_deal.pk})
    form = response.context["form"]
    # The deal's owner owns its contract; the choices are mary's people.
    assert form["owner"].value() == alice.pk
    assert alice in form.fields["owner"].queryset
    assert olivia not in form.fields["owner"].queryset
    client.post(
        f"{URL}?opportunity={alice_deal.pk}",
        form_data(
            alice_deal.customer,
            opportunity=alice_deal.pk,
            owner=alice.pk,
            amount="100",
        ),
    )
    assert Contract.objects.get().owner == alice


def test_bad_line_keeps_everything_typed(client, alice, alice_customer):
    client.force_login(alice)
    response = client.post(
        URL,
        form_data(
            alice_customer,
            title="Keep me",
            lines=[{"description": "", "quantity": "1", "unit_price": "10"}],
        ),
    )
    assert response.status_code == 200
    assert "Choose a product or describe the item on each line." in (
        response.content.decode()
    )
    assert response.context["form"]["title"].value() == "Keep me"
    assert not Contract.objects.exists()


def test_opportunity_options_follow_the_chosen_customer(
    client, alice, olivia, alice_customer, alice_deal
):
    outsider_deal = OpportunityFactory(owner=olivia, name="Olivia CRM")
    url = reverse("contracts:opportunity_options")
    client.force_login(alice)
    body = client.get(url, {"customer": alice_customer.pk}).content.decode()
    assert f'value="{alice_deal.pk}"' in body and "Alice ERP" in body
    body = client.get(url, {"customer": outsider_deal.customer_id}).content.decode()
    assert "Olivia CRM" not in body
    assert 'value=""' in body
