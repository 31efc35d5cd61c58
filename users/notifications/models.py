"""The notification models, registered in the users app (see users/models.py)."""

from users.notifications.settings_row import ReminderSettings, Weekday

__all__ = ["ReminderSettings", "Weekday"]
