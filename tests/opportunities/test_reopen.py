"""Reopening a won or lost opportunity."""

from django.urls import reverse

from opportunities.models import Stage, StageChange
from opportunities.services import opportunity_close


def url(opportunity) -> str:
    return reverse("opportunities:reopen", args=[opportunity.pk])


def test_get_is_not_allowed(client, alice, alice_deal):
    client.force_login(alice)
    assert client.get(url(alice_deal)).status_code == 405


def test_outsider_gets_404(client, alice, olivia, alice_deal):
    opportunity_close(opportunity=alice_deal, by=alice, won=False, lost_reason="x")
    client.force_login(olivia)
    assert client.post(url(alice_deal)).status_code == 404
    alice_deal.refresh_from_db()
    assert alice_deal.status == "lost"


def test_reopen_puts_it_back_in_the_first_stage(client, alice, alice_deal):
    opportunity_close(opportunity=alice_deal, by=alice, won=False, lost_reason="x")
    client.force_login(alice)
    response = client.post(url(alice_deal))
    assert response.url == reverse("opportunities:detail", args=[alice_deal.pk])
    alice_deal.refresh_from_db()
    assert (alice_deal.status, alice_deal.lost_reason) == ("open", "")
    assert alice_deal.stage == Stage.objects.first_open()
    latest = StageChange.objects.filter(opportunity=alice_deal).first()
    assert (latest.from_status, latest.to_status, latest.changed_by) == (
        "lost",
        "open",
        alice,
    )


def test_reopening_an_open_deal_is_refused(client, alice, alice_deal):
    client.force_login(alice)
    response = client.post(url(alice_deal), follow=True)
    assert "already open" in response.content.decode()
    assert not StageChange.objects.exists()
