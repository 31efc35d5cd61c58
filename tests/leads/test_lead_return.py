"""Returning a lead to the shared pool."""

from django.contrib.messages import get_messages
from django.urls import reverse

from tests.factories import LeadFactory


def url(lead) -> str:
    return reverse("leads:return_to_pool", args=[lead.pk])


def test_get_is_not_allowed(client, alice, alices_lead):
    client.force_login(alice)
    assert client.get(url(alices_lead)).status_code == 405


def test_owner_returns_the_lead_and_everyone_can_see_it(
    client, alice, olivia, alices_lead
):
    client.force_login(alice)
    response = client.post(url(alices_lead))
    assert response.status_code == 302
    alices_lead.refresh_from_db()
    assert alices_lead.owner is None
    client.force_login(olivia)
    detail = reverse("leads:detail", args=[alices_lead.pk])
    assert client.get(detail).status_code == 200


def test_outsider_gets_404(client, olivia, alices_lead):
    client.force_login(olivia)
    assert client.post(url(alices_lead)).status_code == 404
    alices_lead.refresh_from_db()
    assert alices_lead.owner is not None


def test_converted_lead_stays_with_its_owner(client, alice):
    lead = LeadFactory(owner=alice, status="converted")
    client.force_login(alice)
    response = client.post(url(lead))
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert "A converted lead cannot go back to the pool." in messages
    lead.refresh_from_db()
    assert lead.owner == alice


def test_detail_page_asks_before_returning(client, alice, alices_lead):
    client.force_login(alice)
    content = client.get(reverse("leads:detail", args=[alices_lead.pk])).content
    assert b"data-confirm=" in content
    assert url(alices_lead).encode() in content
