from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from opportunities.models import Competitor, Opportunity, Product, Stage


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ["order", "name_en", "name_zh", "percentage", "kind"]
    list_display_links = ["name_en"]
    ordering = ["order"]


@admin.register(Competitor)
class CompetitorAdmin(admin.ModelAdmin):
    list_display = ["name", "website"]
    search_fields = ["name"]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "unit", "unit_price", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name"]


@admin.register(Opportunity)
class OpportunityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "customer", "owner", "stage", "status", "amount"]
    list_filter = ["status", "stage"]
    list_select_related = ["customer", "owner", "stage"]
    search_fields = ["name", "customer__legal_name"]
    raw_id_fields = ["customer", "owner", "source_lead"]
    readonly_fields = ["win_probability", "weighted_amount"]
