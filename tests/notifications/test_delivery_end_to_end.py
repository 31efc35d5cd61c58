"""A reminder from the beat task to every channel, through the real broker.

A worker thread consumes from the configured broker (Redis in CI) and uses its
own database connection, so the data is committed (transactional_db, with the
data migrations' rows put back). A local HTTP server stands in for the WeCom
and DingTalk robots; one more robot answers 500.
"""

import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.utils import timezone

from config.celery import app
from opportunities.tasks import remind_deal_contacts
from tests.factories import OpportunityFactory
from tests.notifications.robot_server import SECRET
from users.models import DeliveryAttempt, Notification, TeamWebhook

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def worker():
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield


def wait_for(condition, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.2)


def test_a_reminder_arrives_once_in_app_by_email_and_in_both_team_chats(
    migrated_data, worker, robots, alice, teams
):
    alice.phone = "13800000000"
    alice.save()
    east = teams["east"]
    wecom = TeamWebhook.objects.create(
        team=east, provider="wecom", url=f"{robots.url}/wecom?key=k"
    )
    dingtalk = TeamWebhook.objects.create(
        team=east,
        provider="dingtalk",
        url=f"{robots.url}/dingtalk?access_token=t",
        secret=SECRET,
    )
    broken = TeamWebhook.objects.create(
        team=east, provider="wecom", url=f"{robots.url}/broken"
    )
    deal = OpportunityFactory(
        owner=alice,
        name="ERP 升级",
        next_contact_at=timezone.now() + timedelta(minutes=20),
    )

    assert remind_deal_contacts.delay().get(timeout=30) == 1
    # A second tick (a duplicated beat entry) finds nothing new.
    assert remind_deal_contacts.delay().get(timeout=30) == 0

    # in-app, e-mail, WeCom and DingTalk once each; the broken robot 3 times.
    wait_for(lambda: DeliveryAttempt.objects.count() >= 7)
    time.sleep(1)  # nothing more arrives
    [notification] = Notification.objects.all()
    assert notification.record == deal and notification.recipient == alice
    outcomes = {
        (a.channel, a.webhook_id, a.attempt): (a.delivered, a.reason)
        for a in DeliveryAttempt.objects.all()
    }
    assert outcomes == {
        ("in_app", None, 1): (True, ""),
        ("email", None, 1): (True, ""),
        ("wecom", wecom.pk, 1): (True, ""),
        ("dingtalk", dingtalk.pk, 1): (True, ""),
        ("wecom", broken.pk, 1): (False, "HTTP 500"),
        ("wecom", broken.pk, 2): (False, "HTTP 500"),
        ("wecom", broken.pk, 3): (False, "HTTP 500"),
    }
    assert [m.to for m in mail.outbox] == [[alice.email]]
    [wecom_post] = robots.posts("/wecom")
    assert "ERP 升级" in wecom_post.payload["text"]["content"]
    assert wecom_post.payload["text"]["mentioned_mobile_list"] == ["13800000000"]
    [dingtalk_post] = robots.posts("/dingtalk")
    assert dingtalk_post.signed is True
    assert dingtalk_post.payload["at"]["atMobiles"] == ["13800000000"]
    assert len(robots.posts("/broken")) == 3
