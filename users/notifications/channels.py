"""The channels beyond in-app, behind one small interface: `send` a rendered
message to a person, over e-mail or a team robot, or raise DeliveryFailed.

Team robots are plain HTTPS webhooks (stdlib urllib, with a timeout):
- WeCom group robot (企业微信群机器人): POST `{"msgtype": "text", ...}` to the
  robot's address; it answers `{"errcode": 0}` when accepted;
- DingTalk custom robot (钉钉自定义机器人): the same idea, and with a signing
  secret the address gains `&timestamp=…&sign=…`, where `sign` is the base64
  HMAC-SHA256 of "timestamp\\nsecret" keyed by the secret, URL-encoded.
"""

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.translation import override

from users.models import User
from users.notifications.messages import Message
from users.notifications.records import Channel, TeamWebhook

TIMEOUT_SECONDS = 10


class DeliveryFailed(Exception):
    """The channel did not take the message; the text says why."""


class Sender(Protocol):
    def send(
        self, *, recipient: User, message: Message, robot: TeamWebhook | None
    ) -> None: ...


def absolute(url: str | None) -> str | None:
    return f"{settings.SITE_URL.rstrip('/')}{url}" if url else None


def plain_text(message: Message) -> str:
    parts = [message.title, *message.lines]
    if message.url:
        parts.append(absolute(message.url))
    return "\n".join(parts)


class EmailSender:
    def send(self, *, recipient, message, robot=None) -> None:
        if not recipient.email:
            raise DeliveryFailed("no e-mail address")
        context = {"message": message, "link": absolute(message.url)}
        with override(recipient.message_language):
            text = render_to_string("notifications/email.txt", context)
            html = render_to_string("notifications/email.html", context)
        mail = EmailMultiAlternatives(
            subject=message.title,
            body=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[recipient.email],
        )
        mail.attach_alternative(html, "text/html")
        try:
            mail.send()
        except Exception as error:  # SMTP and socket errors alike
            raise DeliveryFailed(f"{type(error).__name__}: {error}") from error


def post_json(url: str, payload: dict) -> None:
    """POST `payload`; fail unless the robot answers 2xx with errcode 0."""
    request = urllib.request.Request(
        url,
        data=json.dumps(payload, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            body = response.read(10_000).decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        raise DeliveryFailed(f"HTTP {error.code}") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise DeliveryFailed(str(getattr(error, "reason", error))) from error
    try:
        answer = json.loads(body)
    except ValueError as error:
        raise DeliveryFailed(f"not JSON: {body[:200]}") from error
    if answer.get("errcode", 0) != 0:
        raise DeliveryFailed(f"errcode {answer.get('errcode')}: {answer.get('errmsg')}")


def _mobiles(recipient: User) -> list[str]:
    return [recipient.phone] if recipient.phone else []


class WeComRobot:
    def send(self, *, recipient, message, robot) -> None:
        payload = {
            "msgtype": "text",
            "text": {
                "content": plain_text(message),
                "mentioned_mobile_list": _mobiles(recipient),
            },
        }
        post_json(robot.url, payload)


def dingtalk_signed_url(url: str, secret: str, timestamp_ms: int) -> str:
    """The robot's address with DingTalk's timestamp and HMAC-SHA256 signature."""
    to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), to_sign, hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest))
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}timestamp={timestamp_ms}&sign={sign}"


class DingTalkRobot:
    def send(self, *, recipient, message, robot) -> None:
        url = robot.url
        if robot.secret:
            url = dingtalk_signed_url(url, robot.secret, int(time.time() * 1000))
        payload = {
            "msgtype": "text",
            "text": {"content": plain_text(message)},
            "at": {"atMobiles": _mobiles(recipient)},
        }
        post_json(url, payload)


SENDERS: dict[str, Sender] = {
    Channel.EMAIL: EmailSender(),
    Channel.WECOM: WeComRobot(),
    Channel.DINGTALK: DingTalkRobot(),
}
