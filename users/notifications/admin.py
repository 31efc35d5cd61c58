"""Admin for reminders: the settings row, team webhooks, delivery records."""

from django.contrib import admin

from users.notifications.models import ReminderSettings
from users.single_row_admin import SingleRowAdmin


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(SingleRowAdmin):
    list_display = ["__str__", "lead_minutes", "agenda_time", "stale_after_days"]
    fieldsets = (
        (None, {"fields": ("lead_minutes", "stale_after_days", "due_soon_days")}),
        (None, {"fields": ("agenda_time", "weekly_weekday", "weekly_time")}),
        (
            None,
            {"fields": ("pool_recycling", "pool_recycle_days", "pool_warn_days")},
        ),
    )
