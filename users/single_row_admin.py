"""Admin for a settings model that has exactly one row (pk 1)."""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse


class SingleRowAdmin(admin.ModelAdmin):
    """No second row, no delete; the list opens the row itself."""

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not self.model.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        row = self.model.objects.first()
        if row is None:
            return super().changelist_view(request, extra_context)
        meta = self.model._meta
        return redirect(
            reverse(
                f"admin:{meta.app_label}_{meta.model_name}_change",
                args=[row.pk],
                current_app=self.admin_site.name,
            )
        )
