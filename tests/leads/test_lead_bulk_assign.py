"""Bulk assignment from the list: managers and admins only, within their people."""

from django.contrib.messages import get_messages
from django.urls import reverse

from leads.models import Lead
from tests.factories import LeadFactory

URL = reverse("leads:bulk_assign")


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def owners(leads) -> list[str]:
    return [Lead.objects.get(pk=lead.pk).owner.username for lead in leads]


def test_get_is_not_allowed(client, mary):
    client.force_login(mary)
    assert client.get(URL).status_code == 405


def test_mary_assigns_alices_and_kates_leads_to_bob(client, mary, alice, kate, bob):
    leads = [LeadFactory(owner=alice), LeadFactory(owner=kate)]
    client.force_login(mary)
    response = client.post(
        URL,
        {"leads": [lead.pk for lead in leads], "owner": bob.pk, "next": "/leads/?q=x"},
    )
    assert response.status_code == 302
    assert response.url == "/leads/?q=x"
    assert owners(leads) == ["bob", "bob"]
    assert f"2 leads assigned to {bob}." in messages_of(response)


def test_salesperson_is_refused(client, alice, bob):
    lead = LeadFactory(owner=alice)
    client.force_login(alice)
    response = client.post(URL, {"leads": [lead.pk], "owner": bob.pk})
    assert response.status_code == 403
    assert owners([lead]) == ["alice"]


def test_assigning_to_someone_outside_the_team_is_refused(client, mary, alice, olivia):
    lead = LeadFactory(owner=alice)
    client.force_login(mary)
    response = client.post(URL, {"leads": [lead.pk], "owner": olivia.pk})
    assert response.status_code == 302
    assert "You can only assign leads to people in your teams." in messages_of(response)
    assert owners([lead]) == ["alice"]


def test_leads_the_manager_cannot_see_are_refused_all_together(
    client, mary, alice, bob, olivias_lead
):
    mine = LeadFactory(owner=alice)
    client.force_login(mary)
    response = client.post(URL, {"leads": [mine.pk, olivias_lead.pk], "owner": bob.pk})
    assert "Some of the selected leads are not yours to see." in messages_of(response)
    assert owners([mine, olivias_lead]) == ["alice", "olivia"]


def test_nothing_selected_says_so(client, mary, bob):
    client.force_login(mary)
    response = client.post(URL, {"owner": bob.pk})
    assert "Select at least one lead." in messages_of(response)
