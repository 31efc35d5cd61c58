"""Logging a follow-up on a lead, from the detail page (htmx) and the list row."""

from django.contrib.messages import get_messages
from django.urls import reverse

from leads.models import LeadActivity, LeadStatus

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(lead) -> str:
    return reverse("leads:log_activity", args=[lead.pk])


def data(**overrides) -> dict:
    values = {
        "kind": "call",
        "occurred_at": "",
        "summary": "Asked for a quote",
        "next_contact_at": "",
    }
    values.update(overrides)
    return values


def test_get_is_not_allowed(client, alice, alices_lead):
    client.force_login(alice)
    assert client.get(url(alices_lead)).status_code == 405


def test_htmx_post_logs_and_returns_the_timeline(client, alice, alices_lead):
    client.force_login(alice)
    response = client.post(
        url(alices_lead), data(next_contact_at="2031-05-01T10:00"), **HTMX
    )
    assert response.status_code == 200
    assert response.templates[0].name == "leads/_activity_timeline.html"
    content = response.content.decode()
    assert "Asked for a quote" in content
    assert 'hx-swap-oob="true"' in content  # the contact dates refresh too
    # The title badge turns from "New" to "Contacted" without a reload.
    assert 'id="lead-title-status" hx-swap-oob="true"' in content
    assert "Contacted" in content
    activity = LeadActivity.objects.get()
    assert activity.lead == alices_lead
    assert activity.logged_by == alice
    alices_lead.refresh_from_db()
    assert alices_lead.last_contact_at == activity.occurred_at
    assert alices_lead.next_contact_at.year == 2031
    assert alices_lead.status == LeadStatus.CONTACTED


def test_plain_post_redirects_to_the_lead(client, alice, alices_lead):
    client.force_login(alice)
    response = client.post(url(alices_lead), data())
    assert response.status_code == 302
    assert response.url == reverse("leads:detail", args=[alices_lead.pk])
    assert LeadActivity.objects.count() == 1


def test_list_row_form_gets_the_row_back(client, alice, alices_lead):
    client.force_login(alice)
    response = client.post(url(alices_lead), data(fragment="row"), **HTMX)
    content = response.content.decode()
    assert content.startswith(f'<tbody id="lead-{alices_lead.pk}"')
    assert f'id="lead-{alices_lead.pk}"' in content
    assert "Follow-up logged" in content
    assert LeadActivity.objects.count() == 1


def test_list_rows_fetch_their_form_when_first_opened(client, alice, alices_lead):
    client.force_login(alice)
    listing = client.get(reverse("leads:list"), {"status": "new"})
    content = listing.content.decode()
    # The list carries no form, only where each row fetches its own.
    assert 'name="summary"' not in content
    form_url = reverse("leads:followup_form", args=[alices_lead.pk])
    assert f"{form_url}?next=/leads/%3Fstatus%3Dnew" in content
    response = client.get(form_url, {"next": "/leads/?status=new"}, **HTMX)
    form = response.content.decode()
    assert f'hx-post="{url(alices_lead)}"' in form
    assert f'id="id_lead{alices_lead.pk}_summary"' in form
    assert 'name="next" value="/leads/?status=new"' in form
    # Another site's address is not followed after logging.
    elsewhere = client.get(form_url, {"next": "https://evil.example/"}, **HTMX)
    assert 'name="next" value="/leads/"' in elsewhere.content.decode()


def test_a_refused_row_form_comes_back_open_with_its_errors(client, alice, alices_lead):
    client.force_login(alice)
    response = client.post(url(alices_lead), data(summary="", fragment="row"), **HTMX)
    content = response.content.decode()
    assert content.startswith(f'<tbody id="lead-{alices_lead.pk}"')
    assert f'id="followup-{alices_lead.pk}" class="collapse show"' in content
    assert "This field is required." in content
    assert not LeadActivity.objects.exists()


def test_missing_summary_shows_the_error_and_writes_nothing(client, alice, alices_lead):
    client.force_login(alice)
    response = client.post(url(alices_lead), data(summary=""), **HTMX)
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not LeadActivity.objects.exists()


def test_next_contact_before_today_is_refused(client, alice, alices_lead):
    client.force_login(alice)
    response = client.post(
        url(alices_lead),
        data(occurred_at="2024-05-02T10:00", next_contact_at="2024-05-01T10:00"),
        **HTMX,
    )
    assert "The next contact cannot be before today." in response.content.decode()
    assert not LeadActivity.objects.exists()


def test_follow_up_in_the_future_is_refused_with_a_message(client, alice, alices_lead):
    client.force_login(alice)
    response = client.post(url(alices_lead), data(occurred_at="2099-05-01T10:00"))
    assert response.status_code == 200
    assert (
        "A follow-up cannot be in the future; plan it as the next contact."
        in response.content.decode()
    )
    assert not LeadActivity.objects.exists()
    alices_lead.refresh_from_db()
    assert alices_lead.last_contact_at is None


def test_outsider_gets_404(client, olivia, alices_lead):
    client.force_login(olivia)
    assert client.post(url(alices_lead), data(), **HTMX).status_code == 404
    assert not LeadActivity.objects.exists()


def test_manager_logs_on_a_team_lead(client, mary, alices_lead):
    client.force_login(mary)
    client.post(url(alices_lead), data(), **HTMX)
    assert LeadActivity.objects.get().logged_by == mary


def test_salesperson_is_sent_to_claim_a_pool_lead_before_logging(
    client, alice, pool_lead
):
    client.force_login(alice)
    detail = reverse("leads:detail", args=[pool_lead.pk])
    plain = client.post(url(pool_lead), data())
    assert (plain.status_code, plain.url) == (302, detail)
    assert [str(m) for m in get_messages(plain.wsgi_request)] == [
        "This lead is in the shared pool: claim it before changing it."
    ]
    # htmx would swap a whole page into the timeline: it reloads the lead instead.
    for extra in ({}, {"fragment": "row"}):
        response = client.post(url(pool_lead), data(**extra), **HTMX)
        assert response["HX-Redirect"] == detail
    assert not LeadActivity.objects.exists()
    pool_lead.refresh_from_db()
    assert (pool_lead.status, pool_lead.last_contact_at) == (LeadStatus.NEW, None)


def test_manager_logs_on_a_pool_lead(client, mary, pool_lead):
    client.force_login(mary)
    client.post(url(pool_lead), data(), **HTMX)
    assert LeadActivity.objects.get().lead == pool_lead
