"""The notification models, registered in the users app (see users/models.py)."""

from users.notifications.records import (
    Channel,
    DeliveryAttempt,
    Kind,
    Notification,
    NotificationPreference,
    TeamWebhook,
)
from users.notifications.settings_row import ReminderSettings, Weekday

__all__ = [
    "Channel",
    "DeliveryAttempt",
    "Kind",
    "Notification",
    "NotificationPreference",
    "ReminderSettings",
    "TeamWebhook",
    "Weekday",
]
