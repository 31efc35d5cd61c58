"""The reports' team and salesperson filters: a manager's choices come from
her visibility, without queries of their own."""

import re
from html import unescape

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from users.filters import OWNER_SEARCH_THRESHOLD
from users.models import User

URL = reverse("reports:forecast")


def select(html: str, name: str) -> list[str]:
    match = re.search(rf'<select[^>]*name="{name}".*?</select>', html, re.S)
    assert match, f"no {name} filter on the report"
    return [unescape(t) for t in re.findall(r"<option[^>]*>([^<]*)<", match.group(0))]


def test_a_managers_team_filter_lists_her_teams_by_name(client, mary, nick, teams):
    client.force_login(mary)
    html = client.get(URL).content.decode()
    assert select(html, "team") == ["All my teams", "East", "East Key Accounts"]
    response = client.get(URL, {"team": teams["east_key"].pk})
    assert response.status_code == 200
    assert (
        'value="{}" selected'.format(teams["east_key"].pk) in response.content.decode()
    )
    # A team outside her tree is still refused.
    assert client.get(URL, {"team": teams["north"].pk}).status_code == 404


def test_a_manager_without_teams_gets_no_team_filter(client, teams):
    from tests.factories import ManagerFactory

    lonely = ManagerFactory(username="lonely", team=teams["north"], manages=[])
    client.force_login(lonely)
    assert 'name="team"' not in client.get(URL).content.decode()


def test_past_the_threshold_a_manager_searches_for_a_salesperson_unread(
    client, mary, teams
):
    User.objects.bulk_create(
        User(username=f"p{n:03}", team=teams["east"])
        for n in range(OWNER_SEARCH_THRESHOLD)
    )
    client.force_login(mary)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(URL).content.decode()
    assert select(html, "rep") == ["Everyone I see"]
    listing = f"LIMIT {OWNER_SEARCH_THRESHOLD + 1}"
    assert not [q for q in queries.captured_queries if listing in q["sql"]]
    # Nor the teams: her visibility's one query named them.
    reads_teams = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().startswith("SELECT") and 'FROM "users_team"' in q["sql"]
    ]
    assert not reads_teams
