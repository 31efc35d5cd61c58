from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpportunitiesConfig(AppConfig):
    name = "opportunities"
    verbose_name = _("Opportunities")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from opportunities.stage_facts import after_migrate

        post_migrate.connect(after_migrate, sender=self)
