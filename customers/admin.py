from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from customers.models import Contact, Customer


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ["name", "department", "title", "phone", "email", "buying_role"]


@admin.register(Customer)
class CustomerAdmin(SimpleHistoryAdmin):
    list_display = ["legal_name", "credit_code", "industry", "region", "owner"]
    list_filter = ["industry", "region"]
    list_select_related = ["owner"]
    search_fields = ["legal_name", "credit_code"]
    raw_id_fields = ["owner"]
    inlines = [ContactInline]
