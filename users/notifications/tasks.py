"""Delivering a notification: one task fans it out, one task per channel
sends it, retried with back-off; every attempt is recorded for admins.

A failing channel never holds up the others: each has its own task.
"""

import logging

from celery import shared_task
from django.conf import settings

from users.notifications.channels import SENDERS, DeliveryFailed
from users.notifications.delivery import parse_route, routes_for
from users.notifications.messages import linkable_ids, may_link, render
from users.notifications.records import (
    Channel,
    DeliveryAttempt,
    Notification,
    TeamWebhook,
)

logger = logging.getLogger(__name__)


@shared_task
def deliver_notification(notification_id: int) -> int:
    """Record the in-app delivery and queue each chosen channel; how many."""
    notification = (
        Notification.objects.select_related("recipient")
        .filter(pk=notification_id)
        .first()
    )
    if notification is None:
        return 0
    _attempt, created = DeliveryAttempt.objects.get_or_create(
        notification=notification,
        channel=Channel.IN_APP,
        defaults={"delivered": True},
    )
    if not created:
        return 0  # fanned out before: a redelivered task does not send twice
    routes = routes_for(notification)
    for route in routes:
        send_notification.delay(notification.pk, route.key)
    return len(routes)


@shared_task(bind=True, max_retries=None)
def send_notification(self, notification_id: int, route_key: str) -> str:
    """Send over one channel; retry on failure, then leave it recorded failed."""
    notification = (
        Notification.objects.select_related("recipient")
        .filter(pk=notification_id)
        .first()
    )
    if notification is None:
        return "gone"
    route = parse_route(route_key)
    sent = DeliveryAttempt.objects.filter(
        notification=notification,
        channel=route.channel,
        webhook_id=route.webhook_id,
        delivered=True,
    )
    if sent.exists():
        return "delivered"
    recipient = notification.recipient
    robot = None
    if route.webhook_id:
        # The robot may have been switched off, or the person moved team.
        robot = TeamWebhook.objects.filter(
            pk=route.webhook_id, active=True, team_id=recipient.team_id
        ).first()
        if robot is None:
            return "robot removed"
    link = may_link(notification, linkable_ids([notification], recipient))
    message = render(notification, link=link, language=recipient.message_language)
    tries = self.request.retries
    try:
        SENDERS[route.channel].send(recipient=recipient, message=message, robot=robot)
    except DeliveryFailed as error:
        _record(notification, route, tries + 1, delivered=False, reason=str(error))
        delays = settings.NOTIFICATION_RETRY_DELAYS
        if tries < len(delays):
            raise self.retry(countdown=delays[tries]) from error
        logger.warning("Gave up on notification %s via %s", notification.pk, route)
        return "failed"
    _record(notification, route, tries + 1, delivered=True)
    return "delivered"


def _record(notification, route, attempt: int, *, delivered: bool, reason="") -> None:
    DeliveryAttempt.objects.create(
        notification=notification,
        channel=route.channel,
        webhook_id=route.webhook_id,
        attempt=attempt,
        delivered=delivered,
        reason=reason[:2000],
    )
