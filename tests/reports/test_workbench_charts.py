"""The workbench's charts, rep table and team totals, each count linking to its list."""

from datetime import date, timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from reports.models import Target
from tests.factories import OpportunityFactory
from tests.reports.test_forecast_report import open_deal, won_deal

TODAY = "2026-12-04 10:00 +0800"


def list_count(client, link):
    return client.get(link).context["page_obj"].paginator.count


def make(alice, bob, olivia):
    open_deal(alice, "2026-12-20", 100000, 5)
    open_deal(alice, "2027-01-20", 50000, 2)
    # Overdue: the next contact was two days ago. Stale: no next contact at all.
    OpportunityFactory(owner=bob, next_contact_at=timezone.now() - timedelta(days=2))
    OpportunityFactory(owner=bob, next_contact_at=None)
    won_deal(alice, "2026-12-02 10:00", 30000)
    open_deal(olivia, "2026-12-20", 70000, 3)
    Target.objects.create(user=alice, month=date(2026, 12, 1), won_amount=90000)


@time_machine.travel(TODAY, tick=False)
def test_a_salesperson_sees_their_funnel_and_month_against_target(
    client, alice, bob, olivia
):
    make(alice, bob, olivia)
    client.force_login(alice)
    response = client.get(reverse("home"))
    month = response.context["month"]
    assert (month.won, month.target, month.best_case) == (30000, 90000, 100000)
    assert response.context["reps"] == []
    body = response.content.decode()
    assert 'data-chart="wb-funnel"' in body and 'data-chart="wb-month"' in body
    assert "echarts.min.js" in body


@time_machine.travel(TODAY, tick=False)
def test_a_managers_rep_table_links_every_count_to_its_list(
    client, mary, alice, bob, olivia
):
    make(alice, bob, olivia)
    client.force_login(mary)
    reps = {row.person: row for row in client.get(reverse("home")).context["reps"]}
    assert set(reps) == {alice, bob}
    alice_row, bob_row = reps[alice], reps[bob]
    assert (alice_row.open_deals, alice_row.won, alice_row.win_rate) == (2, 1, 1.0)
    assert bob_row.overdue == 1 and bob_row.stale == 1
    assert list_count(client, alice_row.links["open"]) == 2
    assert list_count(client, alice_row.links["won"]) == 1
    assert list_count(client, bob_row.links["overdue"]) == 1
    assert list_count(client, bob_row.links["stale"]) == 1
    report = client.get(alice_row.links["report"])
    assert report.status_code == 200 and report.context["scope"].rep == alice


@time_machine.travel(TODAY, tick=False)
def test_an_administrator_sees_totals_per_team(client, adam, alice, bob, olivia, teams):
    make(alice, bob, olivia)
    client.force_login(adam)
    totals = {
        row.person: row for row in client.get(reverse("home")).context["team_totals"]
    }
    assert totals[teams["east"]].open_deals == 4
    assert totals[teams["north"]].open_deals == 1
    assert list_count(client, totals[teams["north"]].links["open"]) == 1
