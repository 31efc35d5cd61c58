"""Performance against targets, and the targets grid."""

from datetime import date
from decimal import Decimal

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.models import Target
from reports.views.common import PEOPLE_PER_PAGE
from tests.factories import (
    ContractFactory,
    ManagerFactory,
    PaymentFactory,
    UserFactory,
)
from tests.reports.test_forecast_report import won_deal

URL = reverse("reports:performance")
GRID = reverse("reports:targets")
TODAY = "2026-12-04 10:00 +0800"
Q4 = {"period": "this_quarter"}


def list_count(client, link):
    return client.get(link).context["page_obj"].paginator.count


def make_figures(alice, bob, olivia):
    won_deal(alice, "2026-10-10 10:00", 60000)
    won_deal(alice, "2026-11-10 10:00", 40000)
    won_deal(bob, "2026-11-20 10:00", 150000)
    won_deal(olivia, "2026-11-20 10:00", 999000)
    signed = ContractFactory(
        owner=alice, status="signed", signed_on=date(2026, 11, 12), amount=40000
    )
    ContractFactory(
        owner=bob, status="void", signed_on=date(2026, 11, 13), void_reason="Error"
    )
    PaymentFactory(contract=signed, received_on=date(2026, 11, 30), amount=10000)
    Target.objects.create(user=alice, month=date(2026, 10, 1), won_amount=50000)
    Target.objects.create(user=alice, month=date(2026, 11, 1), won_amount=80000)
    Target.objects.create(user=bob, month=date(2026, 11, 1), won_amount=100000)


@time_machine.travel(TODAY, tick=False)
def test_months_show_won_contracted_received_against_target(
    client, mary, alice, bob, olivia
):
    make_figures(alice, bob, olivia)
    client.force_login(mary)
    response = client.get(URL, Q4)
    october, november, december = (
        item["row"] for item in response.context["month_rows"]
    )
    assert (october.won, october.target, october.attainment) == (60000, 50000, 1.2)
    assert november.won == 190000 and november.target == 180000
    assert november.contracted == 40000  # the voided contract is not counted
    assert november.received == 10000
    assert november.running_won == 250000 and november.running_target == 230000
    assert december.target is None and december.attainment is None
    # The customers of alice's and bob's deals and contracts, all added today.
    assert december.new_customers == 5
    customers = response.context["month_rows"][2]["links"]["customers"]
    assert client.get(customers).context["page_obj"].paginator.count == 5
    links = response.context["month_rows"][1]["links"]
    assert list_count(client, links["won"]) == 2
    assert list_count(client, links["contracted"]) == 1
    assert list_count(client, links["received"]) == 1


@time_machine.travel(TODAY, tick=False)
def test_people_are_ranked_within_their_team(client, mary, alice, bob, olivia):
    make_figures(alice, bob, olivia)
    client.force_login(mary)
    rows = {r["row"].person: r for r in client.get(URL, Q4).context["person_rows"]}
    assert set(rows) == {alice, bob}
    assert (rows[bob]["row"].rank, rows[alice]["row"].rank) == (1, 2)
    assert rows[alice]["row"].attainment == 100000 / 130000
    assert list_count(client, rows[alice]["links"]["won"]) == 2


@time_machine.travel(TODAY, tick=False)
def test_a_salesperson_sees_only_their_performance(client, alice, bob, olivia):
    make_figures(alice, bob, olivia)
    client.force_login(alice)
    response = client.get(URL, Q4)
    assert response.context["totals"]["won"] == 100000
    assert [r["row"].person for r in response.context["person_rows"]] == [alice]
    assert reverse("reports:targets") not in response.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_a_chosen_teams_own_target_replaces_its_peoples(client, mary, alice, teams):
    Target.objects.create(user=alice, month=date(2026, 12, 1), won_amount=10)
    Target.objects.create(team=teams["east"], month=date(2026, 12, 1), won_amount=500)
    client.force_login(mary)
    everyone = client.get(URL, {"period": "this_month"}).context["month_rows"]
    assert everyone[0]["row"].target == 10
    east = client.get(URL, {"period": "this_month", "team": teams["east"].pk})
    assert east.context["month_rows"][0]["row"].target == 500


@time_machine.travel(TODAY, tick=False)
def test_query_count_does_not_grow_with_data(client, mary, alice, bob):
    def make(n):
        for i in range(n):
            won_deal(alice if i % 2 else bob, "2026-11-10 10:00", 1000)
            PaymentFactory(
                contract__owner=alice, received_on=date(2026, 11, 2), amount=10
            )

    client.force_login(mary)
    make(3)
    with CaptureQueriesContext(connection) as small:
        client.get(URL, Q4)
    make(30)
    with CaptureQueriesContext(connection) as large:
        client.get(URL, Q4)
    assert len(large) == len(small)


@time_machine.travel(TODAY, tick=False)
def test_a_manager_sets_a_years_targets_in_one_grid(client, mary, alice, bob, teams):
    client.force_login(mary)
    page = client.get(GRID)
    names = {row.record for row in page.context["form"].rows()}
    assert names == {alice, bob, teams["east"], teams["east_key"]}
    response = client.post(
        GRID + "?year=2026",
        {
            f"u{alice.pk}-1": "100000",
            f"u{alice.pk}-2": "120000.50",
            f"t{teams['east'].pk}-3": "9",
        },
    )
    assert response.status_code == 302
    assert Target.objects.get(user=alice, month=date(2026, 2, 1)).won_amount == Decimal(
        "120000.50"
    )
    assert (
        Target.objects.get(team=teams["east"], month=date(2026, 3, 1)).won_amount == 9
    )
    # Emptying a cell removes that target; the others stay.
    client.post(
        GRID + "?year=2026", {f"u{alice.pk}-1": "", f"u{alice.pk}-2": "120000.50"}
    )
    assert not Target.objects.filter(user=alice, month=date(2026, 1, 1)).exists()
    assert Target.objects.filter(user=alice).count() == 1


@time_machine.travel(TODAY, tick=False)
def test_received_targets_keep_the_won_target(client, adam, alice):
    Target.objects.create(user=alice, month=date(2026, 5, 1), won_amount=700)
    client.force_login(adam)
    client.post(GRID + "?year=2026&measure=received_amount", {f"u{alice.pk}-5": "300"})
    target = Target.objects.get(user=alice, month=date(2026, 5, 1))
    assert (target.won_amount, target.received_amount) == (700, 300)


def test_a_bad_cell_saves_nothing_and_says_so(client, mary, alice):
    client.force_login(mary)
    response = client.post(GRID, {f"u{alice.pk}-1": "-5", f"u{alice.pk}-2": "100"})
    assert response.status_code == 200
    assert "nothing has been saved" in response.content.decode()
    assert not Target.objects.exists()


def test_a_manager_cannot_set_targets_of_people_outside_their_teams(
    client, mary, olivia
):
    client.force_login(mary)
    client.post(GRID, {f"u{olivia.pk}-1": "100"})
    assert not Target.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_a_large_company_reads_its_people_a_page_at_a_time(client, teams):
    """Past a page of people the table and its chart show one page, ranked
    in their team as before, and the export has everyone."""
    boss = ManagerFactory(username="boss", team=teams["hq"], manages=[teams["hq"]])
    people = UserFactory.create_batch(PEOPLE_PER_PAGE + 3, team=teams["north"])
    for person in people:
        Target.objects.create(user=person, month=date(2026, 11, 1), won_amount=1000)
    client.force_login(boss)

    first = client.get(URL, Q4)
    rows = [item["row"] for item in first.context["person_rows"]]
    assert len(rows) == PEOPLE_PER_PAGE
    assert first.context["person_chart"]["categories"] == [str(r.person) for r in rows]
    assert all(r.team_size == len(people) for r in rows)
    second = client.get(URL, {**Q4, "page": 2})
    rows += [item["row"] for item in second.context["person_rows"]]
    assert sorted(r.person.pk for r in rows) == sorted(p.pk for p in people)

    exported = client.get(URL, {**Q4, "export": "people", "format": "csv"})
    lines = b"".join(exported.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + len(people)
