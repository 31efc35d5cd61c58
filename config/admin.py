"""Django admin, open to administrators only (docs/PRODUCT.md §5)."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class CRMAdminSite(admin.AdminSite):
    site_header = _("Funnel CRM administration")
    site_title = _("Funnel CRM")
    index_title = _("Configuration")

    def has_permission(self, request) -> bool:
        return getattr(request.user, "is_admin", False)


class CRMAdminConfig(AdminConfig):
    default_site = "config.admin.CRMAdminSite"
