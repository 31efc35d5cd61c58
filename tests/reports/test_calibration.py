"""Calibration: each stage's percentage against what the deals that reached it did."""

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.reports.coaching_data import deals

URL = reverse("reports:calibration")


@pytest.fixture(autouse=True)
def december():
    with time_machine.travel("2026-12-04 10:00 +0800", tick=False):
        yield


def make_outcomes(alice, olivia):
    # alice (East): 6 won, 4 lost from stage 2, 3 open; olivia (North): 2 lost
    # from stage 1.
    deals(alice, 6, 3, "won")
    deals(alice, 4, 2, "lost")
    deals(alice, 3, 2)
    deals(olivia, 2, 1, "lost")


def first_rows(rows) -> list[tuple]:
    return [(r["row"].won, r["row"].closed, r["row"].suggested) for r in rows[:3]]


def test_an_administrator_sees_the_company_per_team_and_suggestions(
    client, adam, alice, olivia
):
    make_outcomes(alice, olivia)
    client.force_login(adam)
    response = client.get(URL)
    # Stage 1: every closed deal reached it (6 won, 4 + 2 lost); stage 2: the
    # 6 won and alice's 4 lost; stage 3: the 6 won only.
    assert first_rows(response.context["company"]) == [
        (6, 12, 50),
        (6, 10, 60),
        (6, 6, None),
    ]
    teams = dict(response.context["teams"])
    assert first_rows(teams["East"])[0] == (6, 10, 60)
    stage_2 = response.context["company"][1]
    assert stage_2["admin_link"] == reverse(
        "admin:opportunities_stage_change", args=[stage_2["stage"].pk]
    )
    assert stage_2["admin_link"] in response.content.decode()


def test_a_manager_sees_their_teams_without_suggestions(client, mary, alice, olivia):
    make_outcomes(alice, olivia)
    client.force_login(mary)
    response = client.get(URL)
    assert first_rows(response.context["company"])[0] == (6, 10, 60)
    assert response.context["show_suggestion"] is False
    assert "/admin/" not in response.content.decode()


def test_a_salesperson_sees_their_own_deals(client, olivia, alice):
    make_outcomes(alice, olivia)
    client.force_login(olivia)
    response = client.get(URL)
    assert first_rows(response.context["company"])[0] == (0, 2, None)


def test_the_page_reads_in_chinese(client, adam):
    client.force_login(adam)
    body = client.get(URL, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "阶段校准" in body


def queries(client) -> int:
    cache.clear()  # each view counted with nothing cached
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    return len(captured)


def test_query_count_does_not_grow_with_deals(client, adam, alice, olivia):
    make_outcomes(alice, olivia)
    client.force_login(adam)
    small = queries(client)
    for _ in range(4):
        make_outcomes(alice, olivia)
    assert queries(client) == small
