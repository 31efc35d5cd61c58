"""Two people save the same deal (or the same receivable plan) at one moment.

Both opened the same version; both saves run at once. The conditional UPDATE
on the version lets exactly one through; the other gets the conflict page
with its input kept, and nothing either typed is lost. Row locks need
PostgreSQL (CI runs it); SQLite writes one transaction at a time anyway.
"""

import threading
from datetime import date
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from opportunities.views import crud as deal_views
from payments import services as payment_services
from payments.models import Installment
from payments.services import PlannedInstallment, installment_plan_replace
from tests.factories import ContractFactory, OpportunityFactory
from tests.opportunities.conftest import form_data

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL"
    ),
    pytest.mark.django_db(transaction=True),
]


def both_at_once(post_one, post_other) -> list:
    """Run the two posts in two threads that start together; their answers."""
    barrier = threading.Barrier(2)
    answers: list = [None, None]

    def run(index, post):
        try:
            barrier.wait(timeout=10)
            answers[index] = post()
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(i, post))
        for i, post in enumerate((post_one, post_other))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


def slowly(function):
    """`function`, holding its transaction open a moment so the saves overlap."""

    def slow(*args, **kwargs):
        result = function(*args, **kwargs)
        threading.Event().wait(0.5)
        return result

    return slow


def test_two_simultaneous_deal_edits_one_saves_the_other_gets_the_conflict(
    migrated_data, alice, mary
):
    deal = OpportunityFactory(owner=alice, name="Factory MES")
    url = reverse("opportunities:update", args=[deal.pk])
    clients = {}
    for person in (alice, mary):
        clients[person.username] = Client()
        clients[person.username].force_login(person)

    def post(person, **fields):
        data = form_data(
            deal.customer,
            name=deal.name,
            stage=deal.stage_id,
            amount=str(deal.amount),
            owner=deal.owner_id,
            version=1,
            **fields,
        )
        return lambda: clients[person].post(url, data)

    with mock.patch.object(deal_views, "_save", slowly(deal_views._save)):
        answers = both_at_once(
            post("alice", content="Alice: two plants"),
            post("mary", content="Mary: budget approved"),
        )
    codes = sorted(answer.status_code for answer in answers)
    assert codes == [200, 302]
    [refused] = [answer for answer in answers if answer.status_code == 200]
    [accepted] = [answer for answer in answers if answer.status_code == 302]
    assert "Someone else saved this record" in refused.content.decode()
    kept = refused.context["form"]["content"].value()
    deal.refresh_from_db()
    assert deal.version == 2
    # The saved text is the winner's; the loser's is still on their page.
    assert {deal.content, kept} == {"Alice: two plants", "Mary: budget approved"}
    assert accepted["Location"] == reverse("opportunities:detail", args=[deal.pk])


def test_two_simultaneous_plan_edits_one_saves_the_other_gets_the_conflict(
    migrated_data, alice, mary
):
    contract = ContractFactory(owner=alice, status="signed", amount=Decimal("300000"))
    installment_plan_replace(
        contract=contract,
        rows=[PlannedInstallment(due_date=date(2026, 12, 31), amount=Decimal(300000))],
        by=alice,
    )
    contract.refresh_from_db()
    assert contract.plan_version == 2
    url = reverse("payments:plan", args=[contract.pk])

    def post(person, due: str):
        client = Client()
        client.force_login(person)
        data = {
            "plan_version": "2",
            "plan-TOTAL_FORMS": "1",
            "plan-INITIAL_FORMS": "0",
            "plan-MIN_NUM_FORMS": "0",
            "plan-MAX_NUM_FORMS": "1000",
            "plan-0-due_date": due,
            "plan-0-amount": "300000",
            "plan-0-note": person.username,
        }
        return lambda: client.post(url, data)

    reallocate = payment_services.installments_reallocate
    with mock.patch.object(
        payment_services, "installments_reallocate", slowly(reallocate)
    ):
        answers = both_at_once(post(alice, "2027-01-31"), post(mary, "2027-02-28"))
    assert sorted(answer.status_code for answer in answers) == [200, 302]
    [refused] = [answer for answer in answers if answer.status_code == 200]
    page = refused.content.decode()
    assert "Someone else saved this plan after you opened it" in page
    # Their input is kept: the date they typed is still in the form.
    kept = refused.context["formset"].forms[0]["due_date"].value()
    [saved] = Installment.objects.filter(contract=contract)
    assert {saved.due_date.isoformat(), kept} == {"2027-01-31", "2027-02-28"}
    contract.refresh_from_db()
    assert contract.plan_version == 3
