"""The lead list: visibility, filters, sorting, bulk-assign controls, query budget."""

import pytest
from django.urls import reverse

from leads.models import LeadStatus
from tests.factories import LeadFactory
from tests.html import html_from
from tests.leads.conftest import count_queries

URL = reverse("leads:list")


def companies(response) -> list[str]:
    return [lead.company_name for lead in response.context["leads"]]


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_salesperson_sees_own_leads_and_the_pool_but_not_others(
    client, alice, alices_lead, olivias_lead, pool_lead
):
    client.force_login(alice)
    response = client.get(URL)
    assert set(companies(response)) == {
        alices_lead.company_name,
        pool_lead.company_name,
    }
    # A salesperson gets no bulk-assign controls.
    assert b'id="bulk-assign"' not in response.content


def test_manager_sees_team_leads_and_can_bulk_assign(
    client, mary, alice, bob, kate, olivias_lead
):
    for owner in (alice, bob, kate):
        LeadFactory(owner=owner, company_name=f"{owner.username} Co")
    client.force_login(mary)
    response = client.get(URL)
    assert set(companies(response)) == {"alice Co", "bob Co", "kate Co"}
    assert b'id="bulk-assign"' in response.content
    owner = response.context["assign_form"].fields["owner"]
    assert {user.username for user in owner.listed()} == {
        "mary",
        "alice",
        "bob",
        "kate",
    }


def test_filters_by_status_and_search(client, alice):
    LeadFactory(owner=alice, company_name="Qualified One", status=LeadStatus.QUALIFIED)
    LeadFactory(owner=alice, company_name="Fresh One")
    client.force_login(alice)
    assert companies(client.get(URL, {"status": "qualified"})) == ["Qualified One"]
    assert companies(client.get(URL, {"q": "fresh"})) == ["Fresh One"]


def test_owner_filter_offers_the_shared_pool(client, alice, alices_lead, pool_lead):
    client.force_login(alice)
    response = client.get(URL, {"owner": "null"})
    assert companies(response) == [pool_lead.company_name]
    assert "Shared pool" in response.content.decode()


def test_sorts_by_score_both_ways(client, alice):
    LeadFactory(owner=alice, company_name="Sparse", contact_name="", email="")
    LeadFactory(owner=alice, company_name="Full", industry="it", region="beijing")
    client.force_login(alice)
    assert companies(client.get(URL, {"sort": "score"})) == ["Sparse", "Full"]
    assert companies(client.get(URL, {"sort": "-score"})) == ["Full", "Sparse"]


def test_unknown_sort_key_falls_back_to_newest_first(client, alice):
    LeadFactory(owner=alice, company_name="Older")
    LeadFactory(owner=alice, company_name="Newer")
    client.force_login(alice)
    response = client.get(URL, {"sort": "password"})
    assert companies(response) == ["Newer", "Older"]


def test_paginates_25_per_page(client, alice):
    LeadFactory.create_batch(30, owner=alice)
    client.force_login(alice)
    assert len(client.get(URL).context["leads"]) == 25
    assert len(client.get(URL, {"page": 2}).context["leads"]) == 5


def test_empty_state_when_nothing_matches(client, alice, alices_lead):
    client.force_login(alice)
    response = client.get(URL, {"q": "no such company"})
    assert "No lead matches these filters." in response.content.decode()


def test_empty_state_for_a_new_salesperson(client, alice):
    client.force_login(alice)
    assert "No leads yet." in client.get(URL).content.decode()


def test_export_link_keeps_the_current_filter(client, alice, alices_lead):
    client.force_login(alice)
    response = client.get(URL, {"status": "new", "q": "甲乙"})
    expected = reverse("leads:export") + "?status=new&amp;q=%E7%94%B2%E4%B9%99"
    assert expected in response.content.decode()


def test_pool_rows_have_a_claim_button(client, alice, pool_lead):
    client.force_login(alice)
    content = client.get(URL).content.decode()
    assert reverse("leads:claim", args=[pool_lead.pk]) in content


@pytest.mark.parametrize("persona", ["alice", "mary"])
def test_query_count_does_not_grow_with_rows(client, request, persona):
    user = request.getfixturevalue(persona)
    owner = request.getfixturevalue("alice")
    client.force_login(user)
    LeadFactory.create_batch(5, owner=owner)
    count_queries(client, URL)  # warm up per-process caches
    with_5 = count_queries(client, URL)
    LeadFactory.create_batch(45, owner=owner)
    LeadFactory.create_batch(5, owner=None)
    with_50 = count_queries(client, URL)
    # session, user, managed teams (+ team tree for a manager), count, page,
    # owner filter choices (+ assignees for a manager): never one per row.
    assert with_5 == with_50


def test_pool_rows_offer_claim_and_no_follow_up_form_to_a_salesperson(
    client, alice, alices_lead, pool_lead
):
    client.force_login(alice)
    content = client.get(URL).content.decode()
    assert reverse("leads:followup_form", args=[alices_lead.pk]) in content
    assert reverse("leads:followup_form", args=[pool_lead.pk]) not in content
    assert reverse("leads:claim", args=[pool_lead.pk]) in content
    # A pool lead's form is refused too: claim it first.
    refused = client.get(reverse("leads:followup_form", args=[pool_lead.pk]))
    assert refused.status_code == 302


def test_manager_finds_the_leads_of_a_rep_who_left(client, mary, bob):
    LeadFactory(owner=bob, company_name="Left behind")
    bob.is_active = False
    bob.save()
    client.force_login(mary)
    response = client.get(URL, {"owner": bob.pk})
    assert companies(response) == ["Left behind"]
    assert f"{bob} (inactive)" in response.content.decode()


@pytest.mark.parametrize("typed", ["13912345678", "+86 139-1234-5678", "1234 5678"])
def test_search_finds_a_phone_however_it_was_written(client, alice, typed):
    LeadFactory(owner=alice, company_name="Spaced", phone="139 1234 5678")
    LeadFactory(owner=alice, company_name="Other", phone="137 0000 0000")
    client.force_login(alice)
    assert companies(client.get(URL, {"q": typed})) == ["Spaced"]


def test_created_between_filters_the_list_and_its_export(client, alice):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from tests.transfer.conftest import downloaded_rows

    shanghai = ZoneInfo("Asia/Shanghai")
    for company, day in (("Early Co", 3), ("Middle Co", 10), ("Late Co", 20)):
        lead = LeadFactory(owner=alice, company_name=company)
        lead.created_at = datetime(2026, 3, day, 23, 30, tzinfo=shanghai)
        lead.save(update_fields=["created_at"])
    client.force_login(alice)
    # The names the filter bar sends.
    window = {"created_after": "2026-03-04", "created_before": "2026-03-10"}
    assert companies(client.get(URL, window)) == ["Middle Co"]
    _header, *rows = downloaded_rows(client.get(reverse("leads:export"), window))
    assert [row[0] for row in rows] == ["Middle Co"]


def test_a_choice_no_filter_offers_is_named_under_its_select(
    client, alice, alices_lead
):
    client.force_login(alice)
    response = client.get(URL, {"status": "bogus"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_status" name="status"' in html
    assert "form-select is-invalid" in html
    assert "bogus is not one of the available choices" in html


def lead_row(body: str, lead) -> str:
    return html_from(body, f'<tbody id="lead-{lead.pk}"', "</tbody>")


def test_a_row_shows_the_lead_escaped_with_its_contact_and_score(client, alice):
    lead = LeadFactory(
        owner=alice,
        company_name='A&B <Trading> "Co"',
        contact_name="",
        phone="13900001111",
    )
    lead.refresh_from_db()  # the score is worked out on save
    client.force_login(alice)
    row = lead_row(client.get(URL).content.decode(), lead)
    assert "A&amp;B &lt;Trading&gt; &quot;Co&quot;" in row
    assert "<Trading>" not in row
    assert reverse("leads:detail", args=[lead.pk]) in row
    assert 'href="tel:13900001111"' in row
    assert ">—<" in row.replace("\n", "")  # no contact name
    assert f'title="Score {lead.score} of 100"' in row
    assert f'aria-valuenow="{lead.score}"' in row
    assert str(alice) in row


def test_a_pool_row_can_be_claimed_with_the_forms_token(client, alice, pool_lead):
    client.force_login(alice)
    response = client.get(URL)
    row = lead_row(response.content.decode(), pool_lead)
    assert "Shared pool" in row
    assert f'action="{reverse("leads:claim", args=[pool_lead.pk])}"' in row
    assert 'name="csrfmiddlewaretoken" value="' in row
