"""With the broker (Redis) unreachable, pages load and saves go through.

Celery is pointed at an address nobody listens on. An administrator's stage
percentage edit (which queues the recompute of every open deal) still saves
and answers; the lost send is logged. Once the broker is back, the nightly
run makes up for it, exactly once: a second run changes nothing.
"""

import logging
from decimal import Decimal

import pytest
from django.urls import reverse

from config.celery import app
from opportunities.models import Opportunity
from opportunities.tasks import recompute_probabilities
from tests.factories import CustomerFactory, LeadFactory
from tests.opportunities.admin_posts import change_url, stage_by_order, stage_post
from tests.opportunities.test_admin_config import deal_in

UNREACHABLE = "redis://127.0.0.1:1/0"


@pytest.fixture
def broker_down():
    """Point the Celery app at a broker that refuses connections, then back."""
    saved = {
        key: app.conf[key]
        for key in ("broker_url", "broker_transport_options", "task_always_eager")
    }

    def reset_pools():
        app._pool = None
        app.amqp._producer_pool = None

    app.conf.update(
        broker_url=UNREACHABLE,
        broker_transport_options={"socket_connect_timeout": 1, "max_retries": 1},
        task_always_eager=False,
    )
    reset_pools()
    yield
    app.conf.update(saved)
    reset_pools()


def test_saves_go_through_and_the_lost_send_is_logged(
    admin_client, alice, client, broker_down, caplog, django_capture_on_commit_callbacks
):
    stage = stage_by_order(3)
    deal = deal_in(stage, owner=alice)
    assert deal.win_probability == Decimal("0.4")

    with (
        caplog.at_level(logging.ERROR),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = admin_client.post(
            change_url(stage), stage_post(stage, percentage=60)
        )

    assert response.status_code == 302
    assert stage_by_order(3).percentage == 60
    assert "Could not send opportunities.tasks.recompute_probabilities" in caplog.text
    deal.refresh_from_db()
    assert deal.win_probability == Decimal("0.4")  # not yet: the task was lost

    # A salesperson's pages and saves do not touch the broker at all.
    client.force_login(alice)
    for url in (
        reverse("home"),
        reverse("leads:list"),
        reverse("opportunities:list"),
        reverse("opportunities:board"),
        reverse("opportunities:detail", args=[deal.pk]),
        reverse("customers:list"),
    ):
        assert client.get(url).status_code == 200, url
    created = client.post(
        reverse("customers:create"),
        {"legal_name": "断网测试有限公司", "save_anyway": "on"},
    )
    assert created.status_code == 302
    lead = LeadFactory(owner=alice)
    edited = client.post(
        reverse("leads:update", args=[lead.pk]),
        {"company_name": "Renamed while Redis is down", "source": lead.source},
    )
    assert edited.status_code == 302
    assert CustomerFactory._meta.model.objects.filter(legal_name="断网测试有限公司")


def test_the_nightly_run_makes_up_for_the_lost_send_once(alice):
    stage = stage_by_order(3)
    deal = deal_in(stage, owner=alice)
    type(stage).objects.filter(pk=stage.pk).update(percentage=60)  # send was lost

    assert recompute_probabilities.apply().get() == 1
    deal.refresh_from_db()
    assert deal.win_probability == Decimal("0.48")  # 60% x 80% (no competitor)
    assert recompute_probabilities.apply().get() == 0  # nothing twice
    assert Opportunity.objects.get(pk=deal.pk).weighted_amount == Decimal("48000.00")
