"""The rep capability page: against the team, the weakest stage, who may see it."""

from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.reports.coaching_data import deals, weak_at_stage_2


@pytest.fixture(autouse=True)
def december():
    with time_machine.travel("2026-12-04 10:00 +0800", tick=False):
        yield


def url(person) -> str:
    return reverse("reports:rep", args=[person.pk])


def test_a_manager_sees_the_weakest_stage_with_its_money_and_work(
    client, mary, alice, bob
):
    weak_at_stage_2(alice, bob)
    client.force_login(mary)
    response = client.get(url(alice))
    weakness = response.context["weakness"]
    assert response.context["weak_stage"].order == 2
    assert weakness.reached == 20
    # 20 × (40/60 − 30 %) × 50 % × 100,000 (the team's average won amount).
    assert weakness.expected_loss == Decimal("366666.67")
    # The concrete list: alice's 14 open deals still at stage 2.
    assert len(response.context["work_on"]) == 14
    body = response.content.decode()
    assert "Money at risk" in body
    assert response.context["weak_stage"].recommended_work in body


def test_too_few_deals_say_not_enough_data(client, mary, alice, bob):
    deals(alice, 3, 2)
    deals(alice, 1, 3)
    deals(bob, 20, 3)
    client.force_login(mary)
    response = client.get(url(alice))
    assert response.context["weakness"] is None
    assert "Not enough data yet" in response.content.decode()


def test_figures_against_the_team(client, mary, alice, bob):
    weak_at_stage_2(alice, bob)
    client.force_login(mary)
    response = client.get(url(bob))
    mine = response.context["mine"]
    assert (mine.won, mine.lost, mine.win_rate) == (10, 10, 0.5)
    assert mine.average_won_amount == Decimal("100000.00")
    rows = response.context["rows"]
    assert [r["reached"] for r in rows[:3]] == [60, 60, 40]
    assert [r["team_reached"] for r in rows[:3]] == [20, 20, 6]


def test_a_salesperson_sees_only_themselves(client, alice, bob, olivia):
    client.force_login(alice)
    assert client.get(url(alice)).status_code == 200
    assert client.get(url(bob)).status_code == 404
    assert client.get(url(olivia)).status_code == 404
    response = client.get(reverse("reports:my_capability"))
    assert response.status_code == 302 and response.url == url(alice)


def test_a_manager_sees_only_their_teams_people(client, mary, nick, alice, olivia):
    client.force_login(mary)
    assert client.get(url(alice)).status_code == 200
    assert client.get(url(olivia)).status_code == 404
    client.force_login(nick)
    assert client.get(url(alice)).status_code == 404
    assert client.get(url(olivia)).status_code == 200


def test_the_page_reads_in_chinese(client, mary, alice, bob):
    weak_at_stage_2(alice, bob)
    client.force_login(mary)
    response = client.get(url(alice), HTTP_ACCEPT_LANGUAGE="zh-hans")
    body = response.content.decode()
    assert "最薄弱的阶段" in body
    assert "明确需求" in body


def queries(client, person) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url(person)).status_code == 200
    return len(captured)


@pytest.mark.parametrize("more", [5])
def test_query_count_does_not_grow_with_deals(client, mary, alice, bob, more):
    weak_at_stage_2(alice, bob)
    client.force_login(mary)
    small = queries(client, alice)
    for _ in range(more):
        weak_at_stage_2(alice, bob)
    assert queries(client, alice) == small
