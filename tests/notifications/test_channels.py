"""Channels: e-mail in the recipient's language, the WeCom and DingTalk robots,
people's choices, retries, and the record of every attempt."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import NotificationFactory, OpportunityFactory
from tests.notifications.robot_server import SECRET, expected_sign
from users.models import DeliveryAttempt, NotificationPreference, TeamWebhook
from users.notifications.channels import dingtalk_signed_url
from users.notifications.delivery import routes_for
from users.notifications.tasks import deliver_notification, send_notification


def test_dingtalk_signature_is_hmac_sha256_of_timestamp_and_secret():
    url = dingtalk_signed_url(
        "https://oapi.dingtalk.com/robot/send?access_token=abc", SECRET, 1700000000000
    )
    query = parse_qs(urlparse(url).query)
    assert query["access_token"] == ["abc"]
    assert query["timestamp"] == ["1700000000000"]
    assert query["sign"] == [expected_sign("1700000000000")]
    # The signature is URL-encoded in the address (base64 has + / =).
    assert "sign=" in url and "+" not in url.split("sign=")[1]


@pytest.fixture
def reminder(alice):
    deal = OpportunityFactory(owner=alice, name="ERP 升级")
    return NotificationFactory(
        recipient=alice,
        record=deal,
        params={
            "record": "opportunities.opportunity",
            "name": "ERP 升级",
            "due_at": timezone.now().isoformat(),
        },
    )


def test_email_has_html_and_text_in_the_recipients_language(reminder, alice):
    alice.language = "zh-hans"
    alice.save()
    assert send_notification.apply(args=[reminder.pk, "email:"]).get() == "delivered"
    [message] = mail.outbox
    assert message.to == [alice.email]
    assert "下次联系" in message.subject and "ERP 升级" in message.subject
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "在 Funnel CRM 中打开" in html
    assert f"/opportunities/{reminder.object_id}/" in message.body
    assert DeliveryAttempt.objects.get(channel="email").delivered


def test_email_leaves_out_the_link_to_a_record_handed_on(reminder, alice, bob):
    reminder.record.owner = bob
    reminder.record.save()
    send_notification.apply(args=[reminder.pk, "email:"])
    assert f"/opportunities/{reminder.object_id}/" not in mail.outbox[0].body


def test_routes_follow_preferences_and_the_teams_robots(reminder, alice, teams):
    robot = TeamWebhook.objects.create(
        team=teams["east"], provider="wecom", url="http://127.0.0.1:9/x"
    )
    TeamWebhook.objects.create(
        team=teams["north"], provider="dingtalk", url="http://127.0.0.1:9/y"
    )
    TeamWebhook.objects.create(
        team=teams["east"], provider="dingtalk", url="http://x/", active=False
    )
    keys = [route.key for route in routes_for(reminder)]
    assert keys == ["email:", f"wecom:{robot.pk}"]
    NotificationPreference.objects.create(
        user=alice, kind="contact_due", email=False, team_chat=False
    )
    assert routes_for(reminder) == []


def test_a_robot_answering_500_is_retried_then_recorded_failed(reminder, teams, robots):
    robot = TeamWebhook.objects.create(
        team=teams["east"], provider="wecom", url=f"{robots.url}/broken"
    )
    # Eager retries run at once; settings.test retries twice without delay.
    result = send_notification.apply(args=[reminder.pk, f"wecom:{robot.pk}"])
    assert result.get(propagate=False) == "failed"
    attempts = DeliveryAttempt.objects.filter(channel="wecom").order_by("attempt")
    assert [(a.attempt, a.delivered, a.reason) for a in attempts] == [
        (1, False, "HTTP 500"),
        (2, False, "HTTP 500"),
        (3, False, "HTTP 500"),
    ]
    assert len(robots.posts("/broken")) == 3


def test_dingtalk_with_a_wrong_secret_is_recorded_with_its_errcode(
    reminder, teams, robots
):
    robot = TeamWebhook.objects.create(
        team=teams["east"],
        provider="dingtalk",
        url=f"{robots.url}/dingtalk?access_token=t",
        secret="not-the-secret",
    )
    send_notification.apply(args=[reminder.pk, f"dingtalk:{robot.pk}"])
    reasons = set(DeliveryAttempt.objects.values_list("reason", flat=True))
    assert reasons == {"errcode 310000: None"}


def test_a_delivered_channel_is_not_sent_again(reminder, teams, robots):
    robot = TeamWebhook.objects.create(
        team=teams["east"], provider="wecom", url=f"{robots.url}/wecom"
    )
    key = f"wecom:{robot.pk}"
    assert send_notification.apply(args=[reminder.pk, key]).get() == "delivered"
    assert send_notification.apply(args=[reminder.pk, key]).get() == "delivered"
    assert len(robots.posts("/wecom")) == 1
    [post] = robots.posts("/wecom")
    assert post.payload["msgtype"] == "text"
    assert "ERP 升级" in post.payload["text"]["content"]


def test_fan_out_records_in_app_once(reminder, monkeypatch):
    queued = []
    monkeypatch.setattr(send_notification, "delay", lambda *a: queued.append(a))
    assert deliver_notification.apply(args=[reminder.pk]).get() == 1
    assert deliver_notification.apply(args=[reminder.pk]).get() == 0
    assert queued == [(reminder.pk, "email:")]
    assert DeliveryAttempt.objects.filter(channel="in_app", delivered=True).count() == 1


def test_a_robot_switched_off_or_a_person_moved_gets_nothing(
    reminder, alice, teams, robots
):
    robot = TeamWebhook.objects.create(
        team=teams["east"], provider="wecom", url=f"{robots.url}/wecom"
    )
    key = f"wecom:{robot.pk}"
    alice.team = teams["north"]
    alice.save()
    assert send_notification.apply(args=[reminder.pk, key]).get() == "robot removed"
    assert robots.received == []
    assert not DeliveryAttempt.objects.exists()
