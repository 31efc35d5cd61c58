"""Django admin, open to administrators only (docs/PRODUCT.md §5)."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.db import models
from django.utils.translation import gettext_lazy as _

from users.clean_forms import with_clean_input

# A web address typed without its scheme is taken as https, as the product's
# own forms take it (and Django will from 6.0).
HTTPS_URLS = {"assume_scheme": "https"}


def with_https_urls(overrides: dict) -> dict:
    """An admin's `formfield_overrides` with its URL fields assuming https."""
    url_field = {**HTTPS_URLS, **overrides.get(models.URLField, {})}
    return {**overrides, models.URLField: url_field}


# Apps whose rows are the task queue's own records, not configuration.
CELERY_INTERNALS = {"django_celery_results"}


class CRMAdminSite(admin.AdminSite):
    site_header = _("Funnel CRM administration")
    site_title = _("Funnel CRM")
    index_title = _("Configuration")

    def has_permission(self, request) -> bool:
        return getattr(request.user, "is_admin", False)

    def get_app_list(self, request, app_label=None):
        """Administrators configure the product; Celery's own bookkeeping
        (schedule types, task results) is shown to superusers only."""
        apps = super().get_app_list(request, app_label)
        if request.user.is_superuser:
            return apps
        shown = []
        for app in apps:
            if app["app_label"] in CELERY_INTERNALS:
                continue
            if app["app_label"] == "django_celery_beat":
                app["models"] = [
                    model
                    for model in app["models"]
                    if model["object_name"] == "PeriodicTask"
                ]
            shown.append(app)
        return shown

    def register(self, model_or_iterable, admin_class=None, **options):
        """Register as usual; the model's forms and inlines apply the input
        rules, and their web addresses assume https."""
        super().register(model_or_iterable, admin_class, **options)
        registered = (
            model_or_iterable
            if isinstance(model_or_iterable, list | tuple)
            else [model_or_iterable]
        )
        for model in registered:
            model_admin = self._registry.get(model)
            if model_admin is None:  # a swapped model is not registered
                continue
            model_admin.form = with_clean_input(model_admin.form)
            model_admin.formfield_overrides = with_https_urls(
                model_admin.formfield_overrides
            )
            for inline in model_admin.inlines:
                inline.form = with_clean_input(inline.form)
                inline.formfield_overrides = with_https_urls(inline.formfield_overrides)


class CRMAdminConfig(AdminConfig):
    default_site = "config.admin.CRMAdminSite"

    def ready(self):
        super().ready()
        # After every app's admin module: django-celery-beat's list of periodic
        # jobs gives way to one that names them and words their schedules.
        from config.beat_admin import register

        register(admin.site)
