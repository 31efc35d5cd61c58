"""Loss analysis: by reason, stage, competitor and person, each opening its deals."""

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opportunities.models import Opportunity
from reports.views.losses import PEOPLE_SHOWN
from tests.factories import CompetitorFactory, ManagerFactory, UserFactory
from tests.reports.history import deal_with_history

URL = reverse("reports:losses")
NOVEMBER = {"period": "custom", "start": "2026-11-01", "end": "2026-11-30"}


def lost(owner, at_stage: int, reason: str, competitors=(), when="2026-11-15 10:00"):
    moves = [(at_stage, "2026-11-05 10:00")] if at_stage > 1 else []
    deal = deal_with_history(owner, "2026-11-02 10:00", [*moves, (99, when)])
    Opportunity.objects.filter(pk=deal.pk).update(lost_reason=reason)
    deal.competitors.set(competitors)
    return deal


def make(alice, bob, olivia):
    acme, globex = CompetitorFactory(name="Acme"), CompetitorFactory(name="Globex")
    lost(alice, 2, "Price", [acme])
    lost(alice, 3, "Price", [acme, globex])
    lost(bob, 1, "Budget cut")
    lost(olivia, 2, "Price", [acme])
    lost(alice, 2, "Price", when="2026-10-20 10:00")  # before the period
    return acme, globex


def labels(rows):
    return {r["label"]: r["row"].deals for r in rows}


@time_machine.travel("2026-12-04 10:00 +0800", tick=False)
def test_losses_by_reason_stage_competitor_and_person(client, mary, alice, bob, olivia):
    make(alice, bob, olivia)
    client.force_login(mary)
    response = client.get(URL, NOVEMBER)
    tables = response.context["tables"]
    assert labels(tables["reasons"]) == {"Price": 2, "Budget cut": 1}
    assert labels(tables["stages"]) == {
        "Requirements defined": 1,
        "Evaluating vendors": 1,
        "Need recognized": 1,
    }
    assert labels(tables["competitors"]) == {
        "Acme": 2,
        "Globex": 1,
        "No competitor named": 1,
    }
    assert response.context["total"]["deals"] == 3


@time_machine.travel("2026-12-04 10:00 +0800", tick=False)
def test_every_loss_row_opens_exactly_its_deals(client, mary, alice, bob, olivia):
    make(alice, bob, olivia)
    client.force_login(mary)
    response = client.get(URL, NOVEMBER)
    for rows in response.context["tables"].values():
        for row in rows:
            count = client.get(row["link"]).context["page_obj"].paginator.count
            assert count == row["row"].deals, row["label"]
    total = response.context["total"]
    assert client.get(total["link"]).context["page_obj"].paginator.count == 3


@time_machine.travel("2026-12-04 10:00 +0800", tick=False)
def test_a_salesperson_sees_only_their_losses(client, alice, bob, olivia):
    make(alice, bob, olivia)
    client.force_login(alice)
    response = client.get(URL, NOVEMBER)
    assert labels(response.context["tables"]["reasons"]) == {"Price": 2}


def test_query_count_does_not_grow_with_data(client, mary, alice, bob):
    competitor = CompetitorFactory(name="Acme")

    def make_many(n):
        for i in range(n):
            lost(alice if i % 2 else bob, 1 + i % 4, f"Reason {i % 3}", [competitor])

    client.force_login(mary)
    make_many(3)
    with CaptureQueriesContext(connection) as small:
        client.get(URL, NOVEMBER)
    make_many(30)
    with CaptureQueriesContext(connection) as large:
        client.get(URL, NOVEMBER)
    assert len(large) == len(small)


@time_machine.travel("2026-12-04 10:00 +0800", tick=False)
def test_a_large_company_sees_who_lost_most_and_exports_everyone(client, teams):
    boss = ManagerFactory(username="boss", team=teams["hq"], manages=[teams["hq"]])
    people = UserFactory.create_batch(PEOPLE_SHOWN + 2, team=teams["north"])
    for person in people:
        lost(person, 1, "Price")
    most = people[-1]
    lost(most, 2, "Budget cut")
    client.force_login(boss)

    response = client.get(URL, NOVEMBER)
    shown = response.context["tables"]["people"]
    assert len(shown) == PEOPLE_SHOWN
    assert shown[0]["label"] == str(most) and shown[0]["row"].deals == 2
    assert response.context["total"]["deals"] == len(people) + 1
    assert "And 2 more, in the export." in response.content.decode()

    exported = client.get(URL, {**NOVEMBER, "export": "people", "format": "csv"})
    lines = b"".join(exported.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + len(people)
