"""Django admin for contracts: read-mostly, since contracts are made and moved
through their pages (numbering, lines and the status workflow live there).

An administrator may hand a contract to another owner here, and set where a
number series continues.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from contracts.models import (
    Contract,
    ContractAttachment,
    ContractEvent,
    ContractLine,
    NumberSeries,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ContractLineInline(ReadOnlyInline):
    model = ContractLine
    fields = ["product", "description", "quantity", "unit_price"]
    readonly_fields = fields


class ContractEventInline(ReadOnlyInline):
    model = ContractEvent
    fields = [
        "created_at",
        "action",
        "from_status",
        "to_status",
        "amount",
        "reference",
        "by",
        "note",
    ]
    readonly_fields = fields
    ordering = ["-created_at", "-id"]


class ContractAttachmentInline(ReadOnlyInline):
    model = ContractAttachment
    fields = ["name", "size", "uploaded_by", "created_at"]
    readonly_fields = fields


@admin.register(Contract)
class ContractAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "customer", "owner", "status", "amount"]
    list_filter = ["status", "signed_on", "created_at"]
    list_select_related = ["customer", "owner"]
    search_fields = ["number", "title", "customer__legal_name"]
    date_hierarchy = "created_at"
    raw_id_fields = ["owner"]
    inlines = [ContractLineInline, ContractEventInline, ContractAttachmentInline]
    fieldsets = [
        (None, {"fields": ["number", "title", "customer", "opportunity", "owner"]}),
        (
            _("Status"),
            {"fields": ["status", "signed_on", "void_reason"]},
        ),
        (
            _("Money and dates"),
            {"fields": ["amount", "starts_on", "ends_on", "terms"]},
        ),
        (_("Record"), {"fields": ["created_at", "updated_at"]}),
    ]
    # Only the owner changes here; everything else goes through the pages.
    readonly_fields = [
        "number",
        "title",
        "customer",
        "opportunity",
        "status",
        "signed_on",
        "void_reason",
        "amount",
        "starts_on",
        "ends_on",
        "terms",
        "created_at",
        "updated_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(NumberSeries)
class NumberSeriesAdmin(admin.ModelAdmin):
    list_display = ["key", "last_value"]
    search_fields = ["key"]
    readonly_fields = ["key"]

    def has_add_permission(self, request) -> bool:
        # A series starts itself with the first number of its period.
        return False
