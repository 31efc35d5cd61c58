"""Authentication backend: the administrator role has every permission, and
the signed-in user comes with their team."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class RoleBackend(ModelBackend):
    def get_user(self, user_id):
        """The session's user, with their team: every page's menu names it."""
        users = get_user_model()._default_manager.select_related("team")
        user = users.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        if getattr(user_obj, "is_admin", False):
            return True
        return super().has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj, app_label) -> bool:
        if getattr(user_obj, "is_admin", False):
            return True
        return super().has_module_perms(user_obj, app_label)
