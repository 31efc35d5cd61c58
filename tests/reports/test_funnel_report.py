"""The funnel report: the live snapshot and the flow, per viewer, with drill-down."""

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.reports.history import deal_with_history

URL = reverse("reports:funnel")
NOVEMBER = {"period": "custom", "start": "2026-11-01", "end": "2026-11-30"}


def list_count(client, link: str) -> int:
    response = client.get(link)
    assert response.status_code == 200
    return response.context["page_obj"].paginator.count


def make_history(alice, bob, olivia):
    # alice: one deal stuck at stage 1, one that jumped 1 → 3 and was won, one
    # lost from stage 2; bob: one at stage 2; olivia (North): one at stage 3.
    deal_with_history(alice, "2026-11-02 10:00", [])
    deal_with_history(
        alice, "2026-11-03 10:00", [(3, "2026-11-07 10:00"), (98, "2026-11-20 10:00")]
    )
    deal_with_history(
        alice, "2026-11-04 10:00", [(2, "2026-11-05 10:00"), (99, "2026-11-15 10:00")]
    )
    deal_with_history(bob, "2026-11-05 10:00", [(2, "2026-11-06 10:00")])
    deal_with_history(olivia, "2026-11-05 10:00", [(3, "2026-11-09 10:00")])
    # Created before the period: not part of November's flow.
    deal_with_history(alice, "2026-10-01 10:00", [(2, "2026-11-02 10:00")])


@time_machine.travel("2026-12-04 10:00 +0800", tick=False)
def test_flow_counts_a_deal_at_every_stage_it_passed(client, mary, alice, bob, olivia):
    make_history(alice, bob, olivia)
    client.force_login(mary)
    response = client.get(URL, NOVEMBER)
    flow = response.context["flow"]
    # mary sees alice and bob: 4 deals created in November, 1 won, 1 lost.
    assert (flow.created, flow.won, flow.lost, flow.still_open) == (4, 1, 1, 2)
    reached = [row["reached"] for row in response.context["flow_table"]]
    # Stage 1: all 4; stage 2: the jumper, the lost one and bob's; stage 3:
    # only the won jumper (the lost one got no further than 2).
    assert reached[:3] == [4, 3, 1]
    conversion = [row["conversion"] for row in response.context["flow_table"]]
    assert conversion[0] == 0.75
    # Stage 1 stays: 4 days (jumper), 1 day (lost one), 1 day (bob) → 1.
    assert response.context["flow_table"][0]["median_days"] == 1


@time_machine.travel("2026-12-04 10:00 +0800", tick=False)
def test_every_flow_row_opens_exactly_its_deals(client, mary, alice, bob, olivia):
    make_history(alice, bob, olivia)
    client.force_login(mary)
    response = client.get(URL, NOVEMBER)
    for row in response.context["flow_table"]:
        assert list_count(client, row["link"]) == row["reached"], row["stage"]
    assert list_count(client, response.context["won_link"]) == 1
    assert list_count(client, response.context["created_link"]) == 4


@time_machine.travel("2026-12-04 10:00 +0800", tick=False)
def test_snapshot_totals_equal_the_lists_they_open(client, alice, bob, olivia, mary):
    make_history(alice, bob, olivia)
    client.force_login(mary)
    response = client.get(URL, NOVEMBER)
    rows = response.context["now_table"]
    for row in rows:
        assert list_count(client, row["link"]) == row["deals"]
    total = response.context["now_total"]
    assert total["deals"] == 3  # alice's stage-1 deal, bob's, alice's October one
    assert list_count(client, total["link"]) == total["deals"]


@time_machine.travel("2026-12-04 10:00 +0800", tick=False)
def test_a_salesperson_sees_only_their_own_funnel(client, alice, bob, olivia):
    make_history(alice, bob, olivia)
    client.force_login(alice)
    response = client.get(URL, NOVEMBER)
    assert response.context["flow"].created == 3
    assert response.context["now_total"]["deals"] == 2
    body = response.content.decode()
    assert 'name="team"' not in body and 'name="rep"' not in body


@time_machine.travel("2026-12-04 10:00 +0800", tick=False)
def test_an_admin_sees_everyone_and_filters_by_person(client, adam, alice, bob, olivia):
    make_history(alice, bob, olivia)
    client.force_login(adam)
    assert client.get(URL, NOVEMBER).context["flow"].created == 5
    only_olivia = client.get(URL, {**NOVEMBER, "rep": olivia.pk})
    assert only_olivia.context["flow"].created == 1
    link = only_olivia.context["flow_table"][0]["link"]
    assert f"owner={olivia.pk}" in link
    assert list_count(client, link) == 1


def test_a_team_or_person_outside_the_viewers_sight_is_404(client, mary, olivia, teams):
    client.force_login(mary)
    assert client.get(URL, {"rep": olivia.pk}).status_code == 404
    assert client.get(URL, {"team": teams["north"].pk}).status_code == 404
    assert client.get(URL, {"team": teams["east"].pk}).status_code == 200


@time_machine.travel("2026-12-04 10:00 +0800", tick=False)
def test_the_tables_export_as_csv_and_xlsx(client, mary, alice, bob, olivia):
    make_history(alice, bob, olivia)
    client.force_login(mary)
    csv = client.get(URL, {**NOVEMBER, "export": "flow", "format": "csv"})
    text = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Stage,Deals that reached the stage")
    assert "Need recognized,4," in text
    xlsx = client.get(URL, {**NOVEMBER, "export": "now", "format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxml")
    assert client.get(URL, {"export": "nothing"}).status_code == 404


def test_query_count_does_not_grow_with_data(client, mary, alice, bob):
    def make(n):
        for i in range(n):
            deal_with_history(
                alice if i % 2 else bob,
                "2026-11-03 10:00",
                [(2, "2026-11-05 10:00"), (3, "2026-11-09 10:00")],
            )

    client.force_login(mary)
    make(3)
    with CaptureQueriesContext(connection) as small:
        client.get(URL, NOVEMBER)
    make(30)
    with CaptureQueriesContext(connection) as large:
        client.get(URL, NOVEMBER)
    assert len(large) == len(small)
