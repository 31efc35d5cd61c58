from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UsersConfig(AppConfig):
    name = "users"
    verbose_name = _("Users and teams")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_migrate, post_save

        from users.company_cache import forget_people_count, forget_teams
        from users.models import Team, User

        post_save.connect(forget_people_count, sender=User)
        post_delete.connect(forget_people_count, sender=User)
        post_migrate.connect(forget_people_count, sender=self)
        for signal in (post_save, post_delete):
            signal.connect(forget_teams, sender=Team)
        post_migrate.connect(forget_teams, sender=self)
