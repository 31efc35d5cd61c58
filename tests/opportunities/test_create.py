"""Creating an opportunity, with purchase lines and competitors."""

from decimal import Decimal

from django.urls import reverse

from opportunities.models import Competitor, Opportunity, StageChange
from tests.factories import CompetitorFactory, CustomerFactory, ProductFactory
from tests.opportunities.conftest import form_data

URL = reverse("opportunities:create")


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302


def test_form_offers_only_visible_customers(client, alice, alice_customer, olivia):
    hidden = CustomerFactory(owner=olivia, legal_name="北方乙公司")
    client.force_login(alice)
    response = client.get(URL)
    choices = list(response.context["form"].fields["customer"].queryset)
    assert choices == [alice_customer]
    assert hidden.legal_name not in response.content.decode()


def test_customer_can_be_preselected(client, alice, alice_customer):
    client.force_login(alice)
    response = client.get(URL, {"customer": alice_customer.pk})
    assert response.context["form"]["customer"].value() == alice_customer.pk


def test_preselecting_an_invisible_customer_is_404(client, alice, olivia):
    client.force_login(alice)
    hidden = CustomerFactory(owner=olivia)
    assert client.get(URL, {"customer": hidden.pk}).status_code == 404


def test_lines_drive_the_amount_and_the_numbers(client, alice, alice_customer):
    product = ProductFactory(unit_price=1000)
    client.force_login(alice)
    data = form_data(
        alice_customer,
        amount="1",  # ignored: the lines decide
        lines=[
            {"product": product.pk, "quantity": "2", "unit_price": ""},
            {"description": "Installation", "quantity": "1", "unit_price": "500"},
        ],
    )
    response = client.post(URL, data)
    opportunity = Opportunity.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("opportunities:detail", args=[opportunity.pk])
    assert opportunity.owner == alice
    # A blank unit price took the product's list price: 2 × 1000 + 500.
    assert opportunity.amount == Decimal("2500")
    assert [line.unit_price for line in opportunity.lines.all()] == [
        Decimal("1000"),
        Decimal("500"),
    ]
    # First open stage 10% × no competitors 80% = 8%.
    assert opportunity.win_probability == Decimal("0.08")
    assert opportunity.weighted_amount == Decimal("200")


def test_one_competitor_lowers_the_probability(client, alice, alice_customer):
    rival = CompetitorFactory(name="Rival Soft")
    client.force_login(alice)
    client.post(
        URL,
        form_data(alice_customer, amount="10000", competitors=[rival.pk]),
    )
    opportunity = Opportunity.objects.get()
    assert list(opportunity.competitors.all()) == [rival]
    # 10% × 50% = 5%.
    assert opportunity.win_probability == Decimal("0.05")
    assert opportunity.weighted_amount == Decimal("500")


def test_new_competitors_are_added_to_the_shared_list(client, alice, alice_customer):
    CompetitorFactory(name="Rival Soft")
    client.force_login(alice)
    client.post(
        URL,
        form_data(alice_customer, new_competitors="rival soft， 金蝶, 用友、金蝶"),
    )
    opportunity = Opportunity.objects.get()
    # Existing names are reused (case-insensitively), new ones created once.
    assert sorted(Competitor.objects.values_list("name", flat=True)) == [
        "Rival Soft",
        "用友",
        "金蝶",
    ]
    assert opportunity.competitors.count() == 3
    assert opportunity.win_probability == Decimal("0.025")


def test_creation_is_recorded_as_a_stage_change(client, alice, alice_customer, stages):
    client.force_login(alice)
    client.post(URL, form_data(alice_customer, stage=stages[2].pk))
    change = StageChange.objects.get()
    assert change.from_stage is None
    assert change.to_stage == stages[2]
    assert change.changed_by == alice


def test_a_line_needs_a_product_or_a_description(client, alice, alice_customer):
    client.force_login(alice)
    response = client.post(
        URL,
        form_data(
            alice_customer,
            name="Keep my typing",
            lines=[{"quantity": "1", "unit_price": "10"}],
        ),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Choose a product or describe the item on each line." in body
    # Nothing saved, nothing lost: the typed values come back.
    assert Opportunity.objects.count() == 0
    assert 'value="Keep my typing"' in body


def test_quantity_and_price_are_checked(client, alice, alice_customer):
    client.force_login(alice)
    response = client.post(
        URL,
        form_data(
            alice_customer,
            lines=[
                {"description": "A", "quantity": "0", "unit_price": "10"},
                {"description": "B", "quantity": "1", "unit_price": "-1"},
                {"description": "C", "quantity": "1", "unit_price": ""},
            ],
        ),
    )
    body = response.content.decode()
    assert "The quantity must be greater than zero." in body
    assert "The unit price cannot be negative." in body
    assert "Enter a unit price for an item without a product." in body
    assert Opportunity.objects.count() == 0


def test_blank_extra_line_is_ignored(client, alice, alice_customer):
    client.force_login(alice)
    client.post(
        URL,
        form_data(
            alice_customer,
            amount="3000",
            lines=[
                {"product": "", "description": "", "quantity": "", "unit_price": ""}
            ],
        ),
    )
    opportunity = Opportunity.objects.get()
    assert opportunity.lines.count() == 0
    assert opportunity.amount == Decimal("3000")


def test_salesperson_cannot_choose_the_owner(client, alice, bob, alice_customer):
    client.force_login(alice)
    response = client.get(URL)
    assert "owner" not in response.context["form"].fields
    client.post(URL, form_data(alice_customer, owner=bob.pk))
    assert Opportunity.objects.get().owner == alice


def test_manager_assigns_a_team_member(client, mary, bob):
    customer = CustomerFactory(owner=bob)
    client.force_login(mary)
    client.post(URL, form_data(customer, owner=bob.pk))
    assert Opportunity.objects.get().owner == bob


def test_manager_cannot_assign_an_outsider(client, mary, bob, olivia):
    customer = CustomerFactory(owner=bob)
    client.force_login(mary)
    response = client.post(URL, form_data(customer, owner=olivia.pk))
    assert response.status_code == 200
    assert "owner" in response.context["form"].errors
    assert Opportunity.objects.count() == 0


def test_invisible_customer_is_refused(client, alice, olivia):
    hidden = CustomerFactory(owner=olivia)
    client.force_login(alice)
    response = client.post(URL, form_data(hidden))
    assert "customer" in response.context["form"].errors
    assert Opportunity.objects.count() == 0
