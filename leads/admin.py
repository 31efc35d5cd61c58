from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from leads.models import Lead


@admin.register(Lead)
class LeadAdmin(SimpleHistoryAdmin):
    list_display = [
        "company_name",
        "contact_name",
        "status",
        "source",
        "owner",
        "score",
    ]
    list_filter = ["status", "source", "industry", "region"]
    list_select_related = ["owner"]
    search_fields = ["company_name", "contact_name", "phone", "email"]
    raw_id_fields = ["owner", "created_by"]
