from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse

from reports.models import ForecastSnapshot, ReportSettings, Target


@admin.register(ReportSettings)
class ReportSettingsAdmin(admin.ModelAdmin):
    """The single settings row: the list opens it."""

    list_display = ["__str__", "committed_percentage"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        row = ReportSettings.load()
        return redirect(reverse("admin:reports_reportsettings_change", args=[row.pk]))


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["month", "user", "team", "won_amount", "received_amount"]
    list_filter = ["month", "team"]
    list_select_related = ["user", "team"]


@admin.register(ForecastSnapshot)
class ForecastSnapshotAdmin(admin.ModelAdmin):
    """Frozen forecasts are read-only: they record what was expected then."""

    list_display = ["month", "owner", "deals", "weighted", "committed", "best_case"]
    list_filter = ["month"]
    list_select_related = ["owner"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
