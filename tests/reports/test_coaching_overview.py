"""The team coaching overview: one row per person, sortable, per team."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import TeamFactory, UserFactory
from tests.reports.coaching_data import deals, weak_at_stage_2

URL = reverse("reports:coaching")


@pytest.fixture(autouse=True)
def december():
    with time_machine.travel("2026-12-04 10:00 +0800", tick=False):
        yield


def people(response) -> list[str]:
    return [
        row.person.username for _t, rows in response.context["teams"] for row in rows
    ]


def test_a_manager_sees_one_row_per_person_of_their_teams(
    client, mary, alice, bob, kate, olivia
):
    weak_at_stage_2(alice, bob)
    deals(kate, 2, 1)
    client.force_login(mary)
    response = client.get(URL, {"sort": "name"})
    # mary has no deals, so nothing to coach on: she has no row.
    assert set(people(response)) == {"alice", "bob", "kate"}
    rows = {r.person.username: r for _t, rs in response.context["teams"] for r in rs}
    assert rows["alice"].weak_stage.order == 2
    assert rows["bob"].weakness is None
    assert rows["bob"].results.win_rate == 0.5
    body = response.content.decode()
    assert reverse("reports:rep", args=[alice.pk]) in body
    assert "Not enough data yet" in body


def test_sorting_by_money_at_risk_puts_the_flagged_person_first(
    client, mary, alice, bob
):
    weak_at_stage_2(alice, bob)
    client.force_login(mary)
    east = client.get(URL, {"sort": "-risk"}).context["teams"][0][1]
    assert east[0].person == alice
    by_hygiene = client.get(URL, {"sort": "hygiene"}).context["teams"][0][1]
    scores = [r.hygiene.score for r in by_hygiene if r.hygiene.score is not None]
    assert scores == sorted(scores)


def test_an_administrator_sees_every_team(client, adam, alice, olivia):
    deals(alice, 1, 1)
    deals(olivia, 1, 2)
    client.force_login(adam)
    teams = {str(team) for team, _rows in client.get(URL).context["teams"]}
    assert {"East", "North"} <= teams


def test_many_teams_come_five_a_page_each_person_still_against_their_team(
    client, adam, teams
):
    for letter in "ABCDEF":
        team = TeamFactory(name=f"Zone {letter}", parent=teams["hq"])
        for n in range(2):
            deals(UserFactory(username=f"z{letter.lower()}{n}", team=team), 2, 1)
    client.force_login(adam)
    first = client.get(URL, {"sort": "name"})
    shown = [str(team) for team, _rows in first.context["teams"]]
    assert shown == ["Zone A", "Zone B", "Zone C", "Zone D", "Zone E"]
    body = first.content.decode()
    assert "7 teams, 5 a page." in body  # the six, and adam's "no team"
    assert "page=2" in body
    second = client.get(URL, {"sort": "name", "page": 2})
    assert [str(team) for team, _rows in second.context["teams"]] == ["Zone F"]
    assert set(people(second)) == {"zf0", "zf1"}
    rows = [row for _t, rs in second.context["teams"] for row in rs]
    assert [row.open_deals for row in rows] == [2, 2]


def test_the_team_count_reads_in_chinese(client, adam, teams):
    for letter in "ABCDEF":
        deals(UserFactory(team=TeamFactory(name=f"Zone {letter}")), 1, 1)
    client.force_login(adam)
    body = client.get(URL, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "共 7 个团队，每页 5 个。" in body


def test_a_salesperson_is_sent_to_their_own_page(client, alice):
    client.force_login(alice)
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url == reverse("reports:rep", args=[alice.pk])


def queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    return len(captured)


def test_query_count_does_not_grow_with_deals_or_people(
    client, mary, alice, bob, teams
):
    weak_at_stage_2(alice, bob)
    client.force_login(mary)
    small = queries(client)
    for _ in range(3):
        newcomer = UserFactory(team=teams["east"])
        deals(newcomer, 12, 3)
        weak_at_stage_2(alice, bob)
    assert queries(client) == small
