"""Django admin, open to administrators only (DESIGN §5)."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _

from users.clean_forms import with_clean_input


class CRMAdminSite(admin.AdminSite):
    site_header = _("Funnel CRM administration")
    site_title = _("Funnel CRM")
    index_title = _("Configuration")

    def has_permission(self, request) -> bool:
        return getattr(request.user, "is_admin", False)

    def register(self, model_or_iterable, admin_class=None, **options):
        """Register as usual; the model's forms and inlines apply the input rules."""
        super().register(model_or_iterable, admin_class, **options)
        models = (
            model_or_iterable
            if isinstance(model_or_iterable, list | tuple)
            else [model_or_iterable]
        )
        for model in models:
            model_admin = self._registry.get(model)
            if model_admin is None:  # a swapped model is not registered
                continue
            model_admin.form = with_clean_input(model_admin.form)
            for inline in model_admin.inlines:
                inline.form = with_clean_input(inline.form)


class CRMAdminConfig(AdminConfig):
    default_site = "config.admin.CRMAdminSite"
