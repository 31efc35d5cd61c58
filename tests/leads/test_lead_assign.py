"""Assigning one lead from its page: managers and admins only, within their people."""

from django.urls import reverse


def url(lead) -> str:
    return reverse("leads:assign", args=[lead.pk])


def test_get_is_not_allowed(client, mary, alices_lead):
    client.force_login(mary)
    assert client.get(url(alices_lead)).status_code == 405


def test_manager_assigns_to_a_team_member(client, mary, bob, alices_lead):
    client.force_login(mary)
    response = client.post(url(alices_lead), {"owner": bob.pk})
    assert response.status_code == 302
    alices_lead.refresh_from_db()
    assert alices_lead.owner == bob
    assert alices_lead.history.first().history_user == mary


def test_manager_assigns_a_pool_lead(client, mary, kate, pool_lead):
    client.force_login(mary)
    client.post(url(pool_lead), {"owner": kate.pk})
    pool_lead.refresh_from_db()
    assert pool_lead.owner == kate


def test_salesperson_is_refused(client, alice, bob, alices_lead):
    client.force_login(alice)
    assert client.post(url(alices_lead), {"owner": bob.pk}).status_code == 403
    alices_lead.refresh_from_db()
    assert alices_lead.owner == alice


def test_manager_cannot_assign_outside_their_teams(client, mary, olivia, alices_lead):
    client.force_login(mary)
    response = client.post(url(alices_lead), {"owner": olivia.pk}, follow=True)
    assert "You can only assign leads to people in your teams." in (
        response.content.decode()
    )
    alices_lead.refresh_from_db()
    assert alices_lead.owner.username == "alice"


def test_outsider_manager_gets_404(client, nick, olivia, alices_lead):
    client.force_login(nick)
    assert client.post(url(alices_lead), {"owner": olivia.pk}).status_code == 404
    alices_lead.refresh_from_db()
    assert alices_lead.owner.username == "alice"


def test_admin_assigns_across_teams(client, adam, olivia, alices_lead):
    client.force_login(adam)
    client.post(url(alices_lead), {"owner": olivia.pk})
    alices_lead.refresh_from_db()
    assert alices_lead.owner == olivia
