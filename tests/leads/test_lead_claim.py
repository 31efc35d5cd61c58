"""Claiming a lead from the shared pool: the first claimant wins."""

from django.contrib.messages import get_messages
from django.urls import reverse


def url(lead) -> str:
    return reverse("leads:claim", args=[lead.pk])


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_get_is_not_allowed(client, alice, pool_lead):
    client.force_login(alice)
    assert client.get(url(pool_lead)).status_code == 405


def test_claiming_makes_the_lead_yours_and_hides_it_from_others(
    client, alice, olivia, pool_lead
):
    client.force_login(alice)
    response = client.post(url(pool_lead))
    assert response.status_code == 302
    assert response.url == reverse("leads:detail", args=[pool_lead.pk])
    pool_lead.refresh_from_db()
    assert pool_lead.owner == alice
    # olivia saw it in the pool; now it is alice's and a 404 for her.
    client.force_login(olivia)
    detail = reverse("leads:detail", args=[pool_lead.pk])
    assert client.get(detail).status_code == 404


def test_second_claimant_gets_a_clear_message(client, alice, olivia, pool_lead):
    client.force_login(alice)
    client.post(url(pool_lead))
    client.force_login(olivia)
    response = client.post(url(pool_lead))
    assert response.status_code == 302
    assert response.url == reverse("leads:pool")
    assert "Someone else has already claimed this lead." in messages_of(response)
    pool_lead.refresh_from_db()
    assert pool_lead.owner == alice


def test_a_teammate_who_still_sees_it_gets_the_same_message(
    client, alice, mary, pool_lead
):
    client.force_login(alice)
    client.post(url(pool_lead))
    client.force_login(mary)  # mary sees alice's leads
    response = client.post(url(pool_lead))
    assert "Someone else has already claimed this lead." in messages_of(response)
    pool_lead.refresh_from_db()
    assert pool_lead.owner == alice


def test_outsider_gets_404_for_a_lead_never_in_the_pool(client, olivia, alices_lead):
    client.force_login(olivia)
    assert client.post(url(alices_lead)).status_code == 404
    alices_lead.refresh_from_db()
    assert alices_lead.owner.username == "alice"


def test_claim_returns_to_the_page_it_came_from(client, alice, pool_lead):
    client.force_login(alice)
    response = client.post(url(pool_lead), {"next": "/leads/pool/?industry=it"})
    assert response.url == "/leads/pool/?industry=it"


def test_next_pointing_off_site_is_ignored(client, alice, pool_lead):
    client.force_login(alice)
    response = client.post(url(pool_lead), {"next": "https://evil.example/"})
    assert response.url == reverse("leads:detail", args=[pool_lead.pk])
