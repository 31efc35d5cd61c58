"""Marking a lead qualified or unqualified from its page."""

from django.contrib.messages import get_messages
from django.urls import reverse

from leads.models import LeadStatus
from tests.factories import LeadFactory


def url(lead):
    return reverse("leads:set_status", args=[lead.pk])


def test_get_is_not_allowed(client, alice, alices_lead):
    client.force_login(alice)
    assert client.get(url(alices_lead)).status_code == 405


def test_owner_marks_the_lead_qualified_then_unqualified(client, alice, alices_lead):
    client.force_login(alice)
    response = client.post(url(alices_lead), {"status": "qualified"})
    assert response.url == reverse("leads:detail", args=[alices_lead.pk])
    alices_lead.refresh_from_db()
    assert alices_lead.status == LeadStatus.QUALIFIED
    client.post(url(alices_lead), {"status": "unqualified"})
    alices_lead.refresh_from_db()
    assert alices_lead.status == LeadStatus.UNQUALIFIED
    assert alices_lead.history.first().history_user == alice


def test_converted_cannot_be_set_by_hand(client, alice, alices_lead):
    client.force_login(alice)
    response = client.post(url(alices_lead), {"status": "converted"})
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert "This status cannot be set by hand." in messages
    alices_lead.refresh_from_db()
    assert alices_lead.status == LeadStatus.NEW


def test_a_converted_lead_keeps_its_status(client, alice):
    lead = LeadFactory(owner=alice, status=LeadStatus.CONVERTED)
    client.force_login(alice)
    client.post(url(lead), {"status": "unqualified"})
    lead.refresh_from_db()
    assert lead.status == LeadStatus.CONVERTED


def test_outsider_gets_404(client, olivia, alices_lead):
    client.force_login(olivia)
    response = client.post(url(alices_lead), {"status": "unqualified"})
    assert response.status_code == 404
    alices_lead.refresh_from_db()
    assert alices_lead.status == LeadStatus.NEW


def test_missing_lead_is_404(client, alice):
    client.force_login(alice)
    missing = reverse("leads:set_status", args=[999999])
    assert client.post(missing, {"status": "qualified"}).status_code == 404


def test_salesperson_cannot_set_the_status_of_an_unclaimed_pool_lead(
    client, alice, pool_lead
):
    client.force_login(alice)
    response = client.post(url(pool_lead), {"status": "unqualified"})
    assert response.url == reverse("leads:detail", args=[pool_lead.pk])
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "This lead is in the shared pool: claim it before changing it."
    ]
    pool_lead.refresh_from_db()
    assert pool_lead.status == LeadStatus.NEW


def test_manager_sets_the_status_of_a_pool_lead(client, mary, pool_lead):
    client.force_login(mary)
    client.post(url(pool_lead), {"status": "unqualified"})
    pool_lead.refresh_from_db()
    assert pool_lead.status == LeadStatus.UNQUALIFIED
