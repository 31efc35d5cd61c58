"""Admin for reminders: the settings row, team robots and delivery records."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from users.notifications.models import (
    DeliveryAttempt,
    Notification,
    ReminderSettings,
    TeamWebhook,
)
from users.single_row_admin import SingleRowAdmin


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(SingleRowAdmin):
    list_display = ["__str__", "lead_minutes", "agenda_time", "stale_after_days"]
    fieldsets = (
        (
            _("Reminders and states"),
            {"fields": ("lead_minutes", "stale_after_days", "due_soon_days")},
        ),
        (
            _("Agenda and weekly plan"),
            {"fields": ("agenda_time", "weekly_weekday", "weekly_time")},
        ),
        (
            _("Lead pool"),
            {"fields": ("pool_recycling", "pool_recycle_days", "pool_warn_days")},
        ),
    )


@admin.register(TeamWebhook)
class TeamWebhookAdmin(admin.ModelAdmin):
    list_display = ["team", "provider", "active"]
    list_filter = ["provider", "active"]
    list_select_related = ["team"]
    autocomplete_fields = ["team"]


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    readonly_fields = [
        "channel",
        "webhook",
        "attempt",
        "delivered",
        "reason",
        "created_at",
    ]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: what was sent to whom, and how each channel went."""

    list_display = ["created_at", "recipient", "kind", "read_at"]
    list_filter = ["kind", "created_at"]
    list_select_related = ["recipient"]
    search_fields = ["recipient__username"]
    inlines = [DeliveryAttemptInline]
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DeliveryAttempt)
class DeliveryAttemptAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "notification",
        "channel",
        "attempt",
        "delivered",
        "reason",
    ]
    list_filter = ["delivered", "channel", "created_at"]
    list_select_related = ["notification__recipient"]
    raw_id_fields = ["notification", "webhook"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
