from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "customers"
    verbose_name = _("Customers")

    def ready(self) -> None:
        # Leads cannot import customers; the lead form learns of existing
        # customers and contacts through these lookups.
        from customers import lead_duplicates
        from leads import duplicate_sources

        duplicate_sources.register(lead_duplicates.customers_named_like_lead)
        duplicate_sources.register(lead_duplicates.contacts_reachable_like_lead)
