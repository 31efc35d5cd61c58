"""Installments, payments and invoices in Django admin, to look at only.

Every change goes through payments/services.py (which checks the contract
amount and keeps the installments' paid amounts), so admin does not write.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from payments.models import Installment, Invoice, Payment


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Installment)
class InstallmentAdmin(ReadOnlyAdmin):
    list_display = ["contract", "due_date", "amount", "paid_amount", "note"]
    list_filter = ["due_date", "contract__status"]
    list_select_related = ["contract"]
    search_fields = ["contract__number", "contract__title", "note"]
    date_hierarchy = "due_date"


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = [
        "received_on",
        "contract",
        "amount",
        "method",
        "reference",
        "is_overpayment",
        "recorded_by",
    ]
    list_filter = ["method", "is_overpayment", "received_on"]
    list_select_related = ["contract", "recorded_by"]
    search_fields = ["contract__number", "contract__title", "reference"]
    date_hierarchy = "received_on"


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    list_display = ["number", "kind", "amount", "issued_on", "status", "contract"]
    list_filter = ["kind", "status", "issued_on"]
    list_select_related = ["contract"]
    search_fields = ["number", "contract__number", "contract__title"]
    date_hierarchy = "issued_on"
