from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpportunitiesConfig(AppConfig):
    name = "opportunities"
    verbose_name = _("Opportunities")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_migrate, post_save

        from opportunities.models import Stage
        from opportunities.stage_choices import forget_stage_choices
        from opportunities.stage_facts import after_migrate

        post_migrate.connect(after_migrate, sender=self)
        post_migrate.connect(forget_stage_choices, sender=self)
        for signal in (post_save, post_delete):
            signal.connect(forget_stage_choices, sender=Stage)
