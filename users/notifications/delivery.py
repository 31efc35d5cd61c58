"""Which channels carry a notification: in-app always, then e-mail and the
recipient's team robots as the recipient chose for its kind."""

from dataclasses import dataclass

from users.models import User
from users.notifications.records import (
    Channel,
    Notification,
    NotificationPreference,
    TeamWebhook,
)


@dataclass(frozen=True)
class Route:
    """One channel a notification goes out on (a robot for team chat)."""

    channel: str
    webhook_id: int | None = None

    @property
    def key(self) -> str:
        return f"{self.channel}:{self.webhook_id or ''}"


def routes_for(notification: Notification) -> list[Route]:
    """The channels beyond in-app that `notification`'s recipient wants for it."""
    recipient: User = notification.recipient
    preference = NotificationPreference.objects.filter(
        user=recipient, kind=notification.kind
    ).first()
    wants_email = preference.email if preference else True
    wants_chat = preference.team_chat if preference else True
    routes = []
    if wants_email and recipient.email:
        routes.append(Route(Channel.EMAIL))
    if wants_chat and recipient.team_id:
        robots = TeamWebhook.objects.filter(team_id=recipient.team_id, active=True)
        routes += [Route(robot.provider, robot.pk) for robot in robots]
    return routes


def parse_route(key: str) -> Route:
    channel, _sep, webhook = key.partition(":")
    return Route(channel, int(webhook) if webhook else None)
