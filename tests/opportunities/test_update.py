"""Editing an opportunity: stage moves, lines, visibility."""

from decimal import Decimal

from django.urls import reverse

from opportunities.models import OpportunityLine, StageChange
from opportunities.services import opportunity_refresh_numbers
from tests.factories import ActivityFactory, CompetitorFactory, ProductFactory
from tests.opportunities.conftest import form_data


def url(opportunity) -> str:
    return reverse("opportunities:update", args=[opportunity.pk])


def edit_data(opportunity, **fields) -> dict:
    fields.setdefault("name", opportunity.name)
    fields.setdefault("stage", opportunity.stage_id)
    fields.setdefault("amount", str(opportunity.amount))
    return form_data(opportunity.customer, **fields)


def test_outsider_gets_404(client, olivia, alice_deal):
    client.force_login(olivia)
    assert client.get(url(alice_deal)).status_code == 404
    assert client.post(url(alice_deal), edit_data(alice_deal)).status_code == 404


def test_manager_edits_a_team_members_deal(client, mary, alice_deal):
    client.force_login(mary)
    assert client.get(url(alice_deal)).status_code == 200
    response = client.post(
        url(alice_deal),
        edit_data(alice_deal, name="Renamed", owner=alice_deal.owner_id),
    )
    assert response.status_code == 302
    alice_deal.refresh_from_db()
    assert alice_deal.name == "Renamed"


def test_stage_edit_is_recorded_and_moves_the_numbers(
    client, alice, alice_deal, stages
):
    client.force_login(alice)
    client.post(url(alice_deal), edit_data(alice_deal, stage=stages[1].pk))
    alice_deal.refresh_from_db()
    assert alice_deal.stage == stages[1]
    # 25% × 80%.
    assert alice_deal.win_probability == Decimal("0.2")
    change = StageChange.objects.get(opportunity=alice_deal)
    assert (change.from_stage, change.to_stage) == (stages[0], stages[1])
    assert change.changed_by == alice


def test_saving_without_a_stage_move_records_nothing(client, alice, alice_deal):
    client.force_login(alice)
    client.post(url(alice_deal), edit_data(alice_deal, content="More detail"))
    assert not StageChange.objects.filter(opportunity=alice_deal).exists()


def test_removing_a_line_updates_the_amount(client, alice, alice_deal):
    product = ProductFactory(unit_price=100)
    first = OpportunityLine.objects.create(
        opportunity=alice_deal, product=product, quantity=3, unit_price=100
    )
    second = OpportunityLine.objects.create(
        opportunity=alice_deal, description="Training", quantity=1, unit_price=50
    )
    opportunity_refresh_numbers(opportunity=alice_deal)
    assert alice_deal.amount == Decimal("350")
    client.force_login(alice)
    response = client.get(url(alice_deal))
    assert response.context["form"].fields["amount"].widget.attrs.get("readonly")
    lines = [
        {"id": first.pk, "product": product.pk, "quantity": "3", "unit_price": "100"},
        {
            "id": second.pk,
            "description": "Training",
            "quantity": "1",
            "unit_price": "50",
            "DELETE": "on",
        },
    ]
    client.post(
        url(alice_deal),
        edit_data(alice_deal, amount="999999", lines=lines, initial_lines=2),
    )
    alice_deal.refresh_from_db()
    assert list(alice_deal.lines.all()) == [first]
    assert alice_deal.amount == Decimal("300")
    assert alice_deal.weighted_amount == Decimal("24")


def test_competitors_can_be_cleared(client, alice, alice_deal):
    alice_deal.competitors.add(CompetitorFactory())
    client.force_login(alice)
    client.post(url(alice_deal), edit_data(alice_deal))
    alice_deal.refresh_from_db()
    assert alice_deal.competitors.count() == 0
    assert alice_deal.win_probability == Decimal("0.08")


def test_invalid_edit_changes_nothing(client, alice, alice_deal):
    client.force_login(alice)
    response = client.post(
        url(alice_deal),
        edit_data(
            alice_deal,
            name="",
            lines=[{"description": "X", "quantity": "1", "unit_price": "5"}],
        ),
    )
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    alice_deal.refresh_from_db()
    assert alice_deal.name == "Alice ERP"
    assert alice_deal.lines.count() == 0


def test_manager_reassigns_within_the_team(client, mary, bob, alice_deal):
    client.force_login(mary)
    client.post(url(alice_deal), edit_data(alice_deal, owner=bob.pk))
    alice_deal.refresh_from_db()
    assert alice_deal.owner == bob


def test_customer_is_locked_once_follow_ups_exist(client, alice, alice_deal):
    ActivityFactory(customer=alice_deal.customer, opportunity=alice_deal)
    client.force_login(alice)
    response = client.get(url(alice_deal))
    assert response.context["form"].fields["customer"].disabled


def test_closed_deal_has_no_stage_select(client, alice, alice_deal):
    from opportunities.services import opportunity_close

    opportunity_close(opportunity=alice_deal, by=alice, won=True)
    client.force_login(alice)
    response = client.get(url(alice_deal))
    assert "stage" not in response.context["form"].fields
    data = edit_data(alice_deal, name="Still won")
    data.pop("stage")
    client.post(url(alice_deal), data)
    alice_deal.refresh_from_db()
    assert (alice_deal.name, alice_deal.status) == ("Still won", "won")


def test_a_next_contact_set_in_the_past_is_refused_but_an_old_one_is_kept(
    client, alice, alice_deal
):
    from datetime import datetime, timedelta

    from django.utils import timezone

    client.force_login(alice)
    yesterday = timezone.localtime() - timedelta(days=1)
    typed = yesterday.strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        url(alice_deal), edit_data(alice_deal, next_contact_at=typed)
    )
    assert response.context["form"].errors["next_contact_at"] == [
        "The next contact cannot be before today."
    ]
    # A next contact saved earlier and now passed is left alone on edit.
    alice_deal.next_contact_at = yesterday.replace(second=0, microsecond=0)
    alice_deal.save(update_fields=["next_contact_at"])
    response = client.post(
        url(alice_deal), edit_data(alice_deal, name="Renamed", next_contact_at=typed)
    )
    assert response.status_code == 302
    alice_deal.refresh_from_db()
    assert alice_deal.name == "Renamed"
    assert isinstance(alice_deal.next_contact_at, datetime)
