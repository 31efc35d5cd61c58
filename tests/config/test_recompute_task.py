"""The bulk recompute, end to end through the configured broker (DESIGN §6).

A worker thread consumes the task from the real broker (Redis in CI) and uses
its own database connection, so the data must be committed: transactional_db,
with the data migrations' rows put back (`migrated_data`).
"""

from decimal import Decimal

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import timezone

from config.celery import app
from opportunities.models import Opportunity, Stage
from opportunities.services import opportunity_refresh_numbers
from opportunities.tasks import recompute_probabilities
from tests.factories import CompetitorFactory, OpportunityFactory

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
