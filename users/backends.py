"""Authentication backend that gives the administrator role every permission."""

from django.contrib.auth.backends import ModelBackend


class RoleBackend(ModelBackend):
    def has_perm(self, user_obj, perm, obj=None) -> bool:
        if getattr(user_obj, "is_admin", False):
            return True
        return super().has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj, app_label) -> bool:
        if getattr(user_obj, "is_admin", False):
            return True
        return super().has_module_perms(user_obj, app_label)
