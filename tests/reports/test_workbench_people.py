"""The workbench's people: teams a level at a time, people a page at a time."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reports.views.workbench_people import PER_PAGE
from tests.factories import (
    ManagerFactory,
    OpportunityFactory,
    TeamFactory,
    UserFactory,
)

TODAY = "2026-12-04 10:00 +0800"


def overdue_deals(owner, n):
    for _ in range(n):
        OpportunityFactory(
            owner=owner, next_contact_at=timezone.now() - timedelta(days=3)
        )


def crowd(team, n, start=0):
    """`n` salespeople in `team`, the i-th with i overdue deals (at least one)."""
    people = []
    for i in range(start, start + n):
        person = UserFactory(username=f"rep{i:03}", team=team)
        overdue_deals(person, 1 + i % 4)
        people.append(person)
    return people


@time_machine.travel(TODAY, tick=False)
def test_the_most_overdue_come_first_a_page_at_a_time_with_everyones_total(
    client, mary, teams
):
    people = crowd(teams["east"], PER_PAGE + 5)
    client.force_login(mary)
    response = client.get(reverse("home"))
    reps = response.context["reps"]
    assert len(reps) == PER_PAGE
    overdue = [row.overdue for row in reps]
    assert overdue == sorted(overdue, reverse=True) and overdue[0] == 4
    total = response.context["people_total"]
    assert total.overdue == sum(1 + i % 4 for i in range(len(people)))
    assert total.open_deals == total.overdue
    second = client.get(reverse("home"), {"page": 2})
    assert len(second.context["reps"]) == 5
    # The total is everyone's on every page, and both pages list everyone once.
    assert second.context["people_total"].overdue == total.overdue
    listed = {row.person for row in reps} | {
        row.person for row in second.context["reps"]
    }
    assert listed == set(people)
    body = second.content.decode()
    assert 'data-role="people-total"' in body
    assert "30 people" in body and "#people" in body


@time_machine.travel(TODAY, tick=False)
def test_sorting_by_another_column_and_back(client, mary, alice, bob):
    overdue_deals(alice, 1)
    OpportunityFactory(owner=bob, next_contact_at=None)
    OpportunityFactory(owner=bob, next_contact_at=None)
    client.force_login(mary)

    def order(sort):
        response = client.get(reverse("home"), {"sort": sort})
        return [row.person for row in response.context["reps"]]

    assert order("") == [alice, bob]  # most overdue first
    assert order("-stale") == [bob, alice]
    by_name = sorted([alice, bob], key=str)
    assert order("name") == by_name
    assert order("-name") == by_name[::-1]
    assert order("nonsense") == [alice, bob]
    body = client.get(reverse("home"), {"sort": "-stale"}).content.decode()
    # The active column's link turns the order round; a figure sorts most first.
    assert 'href="?sort=stale#people"' in body
    assert 'href="?sort=-overdue#people"' in body


@time_machine.travel(TODAY, tick=False)
def test_a_team_opens_its_own_teams_and_people(client, adam, alice, kate, olivia):
    overdue_deals(alice, 2)
    overdue_deals(kate, 1)
    overdue_deals(olivia, 5)
    client.force_login(adam)
    top = client.get(reverse("home"))
    # The company opens at once on the teams under its one top team.
    teams = {str(row.person): row for row in top.context["team_totals"]}
    assert set(teams) == {"East", "North"}
    assert teams["East"].overdue == 3  # East Key Accounts is below East
    east = client.get(teams["East"].links["people"])
    assert [str(row.person) for row in east.context["team_totals"]] == [
        "East Key Accounts"
    ]
    assert {row.person for row in east.context["reps"]} == {alice, kate}
    assert east.context["people_total"].overdue == 3
    # The total's list opens exactly the team's overdue deals.
    overdue = client.get(east.context["people_total"].links["overdue"])
    assert overdue.context["page_obj"].paginator.count == 3
    body = east.content.decode()
    assert "Salespeople of East this month" in body
    assert 'aria-current="page">East</li>' in body
    key = client.get(reverse("home"), {"team": kate.team_id})
    assert key.context["team_totals"] == []
    assert [str(t) for t in key.context["people_trail"]] == ["HQ", "East"]


def test_a_team_the_viewer_does_not_see_is_not_found(client, mary, teams):
    client.force_login(mary)
    assert client.get(reverse("home"), {"team": teams["north"].pk}).status_code == 404
    assert client.get(reverse("home"), {"team": "x"}).status_code == 404
    assert client.get(reverse("home"), {"team": teams["east"].pk}).status_code == 200


@pytest.mark.parametrize(
    ("language", "empty"),
    [
        ("en", "No one here has an open deal, a result or a follow-up this month."),
        ("zh-hans", "这里本月没有人有未结商机、成交结果或跟进记录。"),
    ],
)
def test_a_manager_whose_people_have_nothing_sees_so(client, mary, language, empty):
    client.force_login(mary)
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=language)
    assert response.context["reps"] == []
    assert empty in response.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_the_people_table_reads_in_chinese(client, mary, alice, teams):
    overdue_deals(alice, 1)
    client.force_login(mary)
    body = client.get(
        reverse("home"), {"team": teams["east"].pk}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "East 本月各销售" in body and "East 本月各团队" in body
    assert "全部人员" in body and "1 人" in body
    assert "第一行合计这里的全部人员" in body


@time_machine.travel(TODAY, tick=False)
def test_the_query_count_does_not_grow_with_people(client, db):
    region = TeamFactory(name="Region")
    teams = [TeamFactory(name=f"Team {i}", parent=region) for i in range(3)]
    director = ManagerFactory(username="director", team=region, manages=[region])
    client.force_login(director)
    crowd(teams[0], 3)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    for i, team in enumerate(teams):
        crowd(team, 15, start=100 + 20 * i)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("home"))
    assert response.context["people_page"].paginator.count == 48
    assert len(many) == len(few)
    with CaptureQueriesContext(connection) as drilled:
        client.get(reverse("home"), {"team": teams[1].pk, "page": 1})
    # Narrowed to a team, the team tree is read once more.
    assert len(drilled) <= len(many) + 1
