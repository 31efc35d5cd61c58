"""The bulk recompute, end to end through the configured broker (docs/PRODUCT.md §6).

A worker thread consumes the task from the real broker (Redis in CI) and uses
its own database connection, so the data must be committed: transactional_db,
with the data migrations' rows put back (`migrated_data`).
"""

import time
from decimal import Decimal

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import timezone

from config.celery import app
from opportunities.models import Opportunity, Stage
from opportunities.services import opportunity_refresh_numbers
from opportunities.tasks import recompute_probabilities
from tests.factories import CompetitorFactory, OpportunityFactory
from tests.opportunities.admin_posts import change_url, stage_post

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def worker():
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield


def deal_in(stage: Stage, competitors: int = 0, **fields) -> Opportunity:
    deal = OpportunityFactory(stage=stage, amount=Decimal("100000"), **fields)
    deal.competitors.set(CompetitorFactory.create_batch(competitors))
    return opportunity_refresh_numbers(opportunity=deal)


def test_a_changed_percentage_reaches_every_open_deal_through_the_worker(
    migrated_data, worker
):
    stage = Stage.objects.get(order=3)  # 50 %
    alone = deal_in(stage)
    contested = deal_in(stage, competitors=1)
    untouched = deal_in(Stage.objects.get(order=2))
    won = deal_in(stage)
    lost = deal_in(stage)
    Opportunity.objects.filter(pk=won.pk).update(
        status="won",
        win_probability=1,
        weighted_amount=100000,
        closed_at=timezone.now(),
    )
    Opportunity.objects.filter(pk=lost.pk).update(
        status="lost",
        lost_reason="Price",
        win_probability=0,
        weighted_amount=0,
        closed_at=timezone.now(),
    )
    Stage.objects.filter(pk=stage.pk).update(percentage=60)

    changed = recompute_probabilities.delay().get(timeout=30)

    assert changed == 2
    stored = dict(
        Opportunity.objects.values_list("pk", "win_probability").filter(
            pk__in=[alone.pk, contested.pk, untouched.pk, won.pk, lost.pk]
        )
    )
    assert stored == {
        alone.pk: Decimal("0.48"),
        contested.pk: Decimal("0.3"),
        untouched.pk: Decimal("0.2"),
        won.pk: Decimal(1),
        lost.pk: Decimal(0),
    }
    assert Opportunity.objects.get(pk=alone.pk).weighted_amount == Decimal("48000")


def test_an_admins_percentage_edit_reaches_open_deals_through_the_worker(
    migrated_data, worker, client, adam
):
    """The whole path: admin save → on commit → broker → worker → stored numbers."""
    stage = Stage.objects.get(order=3)  # 50 %
    deal = deal_in(stage)
    assert deal.win_probability == Decimal("0.4")
    client.force_login(adam)

    response = client.post(change_url(stage), stage_post(stage, percentage=60))

    assert response.status_code == 302
    for _attempt in range(150):  # up to 30 s for the worker
        deal.refresh_from_db()
        if deal.win_probability != Decimal("0.4"):
            break
        time.sleep(0.2)
    assert (deal.win_probability, deal.weighted_amount) == (
        Decimal("0.48"),
        Decimal("48000.00"),
    )
