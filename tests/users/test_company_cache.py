"""An administrator's list filters know how many people the company has and
its teams from the shared cache, and follow every person added or removed
and every team saved or deleted."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import TeamFactory, UserFactory
from users.filters import OWNER_SEARCH_THRESHOLD
from users.models import Team

URL = reverse("opportunities:list")


def select(client, name: str) -> str:
    html = client.get(URL).content.decode()
    return re.search(rf'<select[^>]*name="{name}".*?</select>', html, re.S).group(0)


def team_names(client) -> list[str]:
    return re.findall(r"<option[^>]*>([^<]*)</option>", select(client, "team"))[1:]


def reads(client, table: str) -> int:
    """How many of one view's queries read `table`."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return sum(f'FROM "{table}"' in q["sql"] for q in queries.captured_queries)


def test_the_teams_are_read_once_and_then_from_the_cache(client, adam):
    client.force_login(adam)
    assert reads(client, "users_team") == 1
    assert reads(client, "users_team") == 0


def test_a_new_renamed_or_deleted_team_shows_on_the_next_view(client, adam):
    client.force_login(adam)
    before = team_names(client)
    assert before == sorted(Team.objects.values_list("name", flat=True))

    added = TeamFactory(name="AAA first team")
    assert team_names(client) == ["AAA first team", *before]
    added.name = "ZZZ last team"
    added.save()
    assert team_names(client) == [*before, "ZZZ last team"]
    added.delete()
    assert team_names(client) == before


def test_past_the_threshold_the_company_is_counted_once_and_nobody_read(client, adam):
    UserFactory.create_batch(OWNER_SEARCH_THRESHOLD + 1)
    client.force_login(adam)
    assert "data-person-search" in select(client, "owner")
    # Warm: neither a count of people nor any person is read for the select
    # (the signed-in administrator is the one row of users read).
    assert reads(client, "users_user") == 1
    assert "data-person-search" in select(client, "owner")


def test_people_added_or_removed_change_the_owner_select_on_the_next_view(client, adam):
    people = UserFactory.create_batch(OWNER_SEARCH_THRESHOLD + 5)
    client.force_login(adam)
    assert "data-person-search" in select(client, "owner")
    for person in people[:15]:
        person.delete()
    owner = select(client, "owner")
    assert "data-person-search" not in owner
    assert people[-1].get_full_name() in owner
    UserFactory.create_batch(20)
    assert "data-person-search" in select(client, "owner")
