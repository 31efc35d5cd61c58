"""The owner filter of a viewer who sees many people: a search, not a list.

Up to `OWNER_SEARCH_THRESHOLD` people the select lists everyone as before;
past it the page writes only the empty (and "Shared pool") choice and the
chosen person, and names the search that static/js/person-search.js uses.
"""

import re
from html import unescape

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import LeadFactory, OpportunityFactory
from users.filters import OWNER_SEARCH_THRESHOLD
from users.models import User

DEALS = reverse("opportunities:list")
SEARCH = reverse("users:people_search")


def add_people(count: int, team=None) -> list[User]:
    return User.objects.bulk_create(
        User(username=f"person{n:04}", first_name="Zed", last_name=f"M{n}", team=team)
        for n in range(count)
    )


def owner_select(response) -> str:
    html = response.content.decode()
    match = re.search(r'<select[^>]*name="owner"[^>]*>.*?</select>', html, re.S)
    assert match, "no owner filter on the page"
    return match.group(0)


def options(select: str) -> list[tuple[str, str]]:
    """(value, text) of each option, the chosen one's text starred."""
    return [
        (unescape(value), unescape(f"*{text}" if chosen else text))
        for value, chosen, text in re.findall(
            r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select
        )
    ]


def deal_names(response) -> set[str]:
    return {deal.name for deal in response.context["page_obj"]}


def test_past_the_threshold_the_list_writes_only_the_empty_choice(client, adam):
    add_people(OWNER_SEARCH_THRESHOLD + 10)
    client.force_login(adam)
    select = owner_select(client.get(DEALS))
    assert options(select) == [("", "*Anyone")]
    assert f'data-person-search="{SEARCH}"' in select


def test_the_chosen_person_is_written_and_the_list_filters_by_them(client, adam, bob):
    people = add_people(OWNER_SEARCH_THRESHOLD + 10)
    OpportunityFactory(owner=bob, name="Bob's")
    OpportunityFactory(owner=people[3], name="Zed's")
    client.force_login(adam)

    response = client.get(DEALS, {"owner": bob.pk})

    assert response.context["filter"].errors == {}
    assert deal_names(response) == {"Bob's"}
    assert options(owner_select(response)) == [
        ("", "Anyone"),
        (str(bob.pk), "*" + str(bob)),
    ]


def test_a_chosen_person_who_left_is_marked(client, adam):
    people = add_people(OWNER_SEARCH_THRESHOLD + 1)
    User.objects.filter(pk=people[0].pk).update(is_active=False)
    client.force_login(adam)
    response = client.get(DEALS, {"owner": people[0].pk})
    assert options(owner_select(response))[-1] == (
        str(people[0].pk),
        f"*{people[0]} (inactive)",
    )


def test_someone_the_viewer_does_not_see_is_still_a_filter_error(
    client, mary, teams, olivia
):
    add_people(OWNER_SEARCH_THRESHOLD + 5, team=teams["east"])
    OpportunityFactory(owner=olivia, name="Olivia's")
    client.force_login(mary)

    for unseen in (olivia.pk, 987654, "x"):
        response = client.get(DEALS, {"owner": unseen})
        assert "owner" in response.context["filter"].errors
        assert "Olivia's" not in deal_names(response)
        assert options(owner_select(response)) == [("", "Anyone")]


def test_below_the_threshold_every_person_is_still_listed(
    client, mary, alice, bob, kate, olivia
):
    add_people(5, team=alice.team)
    client.force_login(mary)
    select = owner_select(client.get(DEALS, {"owner": bob.pk}))
    assert "data-person-search" not in select
    listed = options(select)
    assert len(listed) == 1 + 4 + 5  # Anyone, mary and her three, the five
    assert ("", "Anyone") in listed
    assert (str(bob.pk), f"*{bob}") in listed
    assert str(olivia.pk) not in dict(listed)


def test_the_threshold_itself_is_still_a_list(client, adam):
    add_people(OWNER_SEARCH_THRESHOLD - 1)  # and adam
    client.force_login(adam)
    select = owner_select(client.get(DEALS))
    assert len(options(select)) == 1 + OWNER_SEARCH_THRESHOLD
    User.objects.create(username="one-more")
    select = owner_select(client.get(DEALS))
    assert options(select) == [("", "*Anyone")]


def test_a_managers_threshold_counts_the_people_she_sees_without_listing_them(
    client, mary, alice, bob, kate, teams
):
    people = add_people(OWNER_SEARCH_THRESHOLD - 4, team=teams["east"])  # and 4
    User.objects.filter(pk=people[0].pk).update(is_active=False)  # still seen
    client.force_login(mary)
    select = owner_select(client.get(DEALS))
    assert len(options(select)) == 1 + OWNER_SEARCH_THRESHOLD

    User.objects.create(username="one-more", team=teams["east_key"])
    with CaptureQueriesContext(connection) as queries:
        select = owner_select(client.get(DEALS))
    assert options(select) == [("", "*Anyone")]
    # Her visibility has counted them: no query reads people for the select.
    listing = f"LIMIT {OWNER_SEARCH_THRESHOLD + 1}"
    assert not [q for q in queries.captured_queries if listing in q["sql"]]


def test_the_lead_list_keeps_the_shared_pool_choice(client, adam, alice):
    add_people(OWNER_SEARCH_THRESHOLD + 1)
    LeadFactory(owner=None, company_name="Pooled")
    LeadFactory(owner=alice, company_name="Alice's")
    client.force_login(adam)

    response = client.get(reverse("leads:list"), {"owner": "null"})

    assert [lead.company_name for lead in response.context["leads"]] == ["Pooled"]
    assert options(owner_select(response)) == [("", "Anyone"), ("null", "*Shared pool")]


@pytest.mark.parametrize("list_name", ["leads:list", "customers:list"])
def test_the_lead_and_customer_lists_search_past_the_threshold(
    client, adam, alice, list_name
):
    add_people(OWNER_SEARCH_THRESHOLD + 1)
    client.force_login(adam)
    select = owner_select(client.get(reverse(list_name), {"owner": alice.pk}))
    assert f'data-person-search="{SEARCH}"' in select
    assert (str(alice.pk), f"*{alice}") in options(select)


def test_the_board_searches_too(client, adam, alice):
    add_people(OWNER_SEARCH_THRESHOLD + 1)
    client.force_login(adam)
    response = client.get(reverse("opportunities:board"), {"owner": alice.pk})
    assert options(owner_select(response)) == [
        ("", "Anyone"),
        (str(alice.pk), f"*{alice}"),
    ]


def test_searching_costs_one_query_less_than_listing(client, adam, alice):
    OpportunityFactory(owner=alice)
    client.force_login(adam)

    def queries(**params) -> int:
        cache.clear()  # each view counted with nothing cached
        with CaptureQueriesContext(connection) as captured:
            assert client.get(DEALS, params).status_code == 200
        return len(captured)

    listing = queries(), queries(owner=alice.pk)
    add_people(OWNER_SEARCH_THRESHOLD * 4)
    assert "data-person-search" in owner_select(client.get(DEALS))
    # Past the threshold nobody is read for the select: the administrator's
    # count of people says so (the chosen owner is still checked).
    assert (queries(), queries(owner=alice.pk)) == (listing[0] - 1, listing[1] - 1)


def rep_select(response) -> str:
    html = response.content.decode()
    match = re.search(r'<select[^>]*name="rep"[^>]*>.*?</select>', html, re.S)
    assert match, "no salesperson filter on the report"
    return match.group(0)


def test_a_reports_salesperson_filter_searches_too(client, adam, bob):
    add_people(OWNER_SEARCH_THRESHOLD + 10)
    client.force_login(adam)
    report = reverse("reports:performance")

    select = rep_select(client.get(report))
    assert options(select) == [("", "*Everyone I see")]
    assert f'data-person-search="{SEARCH}"' in select

    chosen = client.get(report, {"rep": bob.pk})
    assert chosen.status_code == 200
    assert chosen.context["scope"].rep == bob
    assert options(rep_select(chosen))[-1] == (str(bob.pk), "*" + str(bob))


def test_a_report_for_someone_the_viewer_does_not_see_is_not_found(client, bob, alice):
    add_people(OWNER_SEARCH_THRESHOLD + 10)
    stranger = User.objects.create(username="stranger", first_name="S", last_name="T")
    client.force_login(bob)
    response = client.get(reverse("reports:performance"), {"rep": stranger.pk})
    assert response.status_code == 404


def test_past_the_threshold_leads_are_assigned_to_someone_searched_for(
    client, adam, alice
):
    add_people(OWNER_SEARCH_THRESHOLD + 10)
    lead = LeadFactory(owner=alice)
    client.force_login(adam)
    html = client.get(reverse("leads:list")).content.decode()
    match = re.search(r'<select[^>]*id="bulk-owner"[^>]*>.*?</select>', html, re.S)
    # Only the empty choice is written; the search finds people who have not left.
    assert options(match.group(0)) == [("", "*Choose a person")]
    assert f'data-person-search="{SEARCH}?active=1"' in match.group(0)
    found = client.get(SEARCH, {"q": "person0007", "active": "1"}).json()["results"]
    response = client.post(
        reverse("leads:bulk_assign"),
        {"leads": [lead.pk], "owner": found[0]["value"], "next": "/leads/"},
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.owner.username == "person0007"


def test_past_the_threshold_a_lead_page_writes_only_its_owner(client, adam, alice):
    add_people(OWNER_SEARCH_THRESHOLD + 10)
    lead = LeadFactory(owner=alice)
    client.force_login(adam)
    html = client.get(reverse("leads:detail", args=[lead.pk])).content.decode()
    match = re.search(r'<select[^>]*id="assign-owner"[^>]*>.*?</select>', html, re.S)
    assert options(match.group(0)) == [("", "Assign to…"), (str(alice.pk), f"*{alice}")]
