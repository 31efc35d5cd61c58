"""Marking an opportunity won or lost."""

from decimal import Decimal

from django.urls import reverse

from opportunities.models import StageChange
from opportunities.services import opportunity_close


def url(opportunity) -> str:
    return reverse("opportunities:close", args=[opportunity.pk])


def test_get_is_not_allowed(client, alice, alice_deal):
    client.force_login(alice)
    assert client.get(url(alice_deal)).status_code == 405


def test_outsider_gets_404(client, olivia, alice_deal):
    client.force_login(olivia)
    assert client.post(url(alice_deal), {"outcome": "won"}).status_code == 404
    alice_deal.refresh_from_db()
    assert alice_deal.is_open


def test_won_is_recorded_with_the_user(client, alice, alice_deal):
    client.force_login(alice)
    response = client.post(url(alice_deal), {"outcome": "won"}, follow=True)
    assert "the opportunity is won" in response.content.decode()
    alice_deal.refresh_from_db()
    assert alice_deal.status == "won"
    assert alice_deal.stage.kind == "won"
    assert alice_deal.win_probability == Decimal(1)
    assert alice_deal.weighted_amount == alice_deal.amount
    change = StageChange.objects.get(opportunity=alice_deal)
    assert (change.from_status, change.to_status) == ("open", "won")
    assert change.changed_by == alice


def test_lost_requires_a_reason(client, alice, alice_deal):
    client.force_login(alice)
    response = client.post(
        url(alice_deal), {"outcome": "lost", "lost_reason": "  "}, follow=True
    )
    assert "Say why the opportunity was lost." in response.content.decode()
    alice_deal.refresh_from_db()
    assert alice_deal.status == "open"
    assert not StageChange.objects.exists()


def test_lost_with_a_reason(client, mary, alice_deal):
    client.force_login(mary)
    client.post(url(alice_deal), {"outcome": "lost", "lost_reason": "Budget cut"})
    alice_deal.refresh_from_db()
    assert (alice_deal.status, alice_deal.lost_reason) == ("lost", "Budget cut")
    assert alice_deal.weighted_amount == 0
    change = StageChange.objects.get(opportunity=alice_deal)
    assert (change.to_status, change.changed_by, change.note) == (
        "lost",
        mary,
        "Budget cut",
    )


def test_closing_a_closed_deal_is_refused(client, alice, alice_deal):
    opportunity_close(opportunity=alice_deal, by=alice, won=True)
    client.force_login(alice)
    response = client.post(
        url(alice_deal), {"outcome": "lost", "lost_reason": "x"}, follow=True
    )
    assert "already closed" in response.content.decode()
    alice_deal.refresh_from_db()
    assert alice_deal.status == "won"
    assert StageChange.objects.count() == 1


def test_unknown_outcome_changes_nothing(client, alice, alice_deal):
    client.force_login(alice)
    client.post(url(alice_deal), {"outcome": "maybe"})
    alice_deal.refresh_from_db()
    assert alice_deal.is_open
