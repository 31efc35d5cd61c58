from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from users.team_tree import subtree_ids


class Role(models.TextChoices):
    SALESPERSON = "salesperson", _("Salesperson")
    MANAGER = "manager", _("Manager")
    ADMIN = "admin", _("Administrator")


class Team(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent team"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    managers = models.ManyToManyField(
        "users.User",
        verbose_name=_("managers"),
        blank=True,
        related_name="managed_teams",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.pk and self.parent_id:
            parent_of = dict(Team.objects.values_list("id", "parent_id"))
            if self.parent_id in subtree_ids(parent_of, [self.pk]):
                raise ValidationError(
                    {"parent": _("A team cannot be placed below itself.")}
                )


class User(AbstractUser):
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.SALESPERSON
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    language = models.CharField(
        _("language of e-mails and chat messages"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Empty: the site's default language."),
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        # Chinese names read family name first, without a space: 王强.
        first, last = self.first_name.strip(), self.last_name.strip()
        if any("\u4e00" <= ch <= "\u9fff" for ch in first + last):
            return f"{last}{first}"
        return f"{first} {last}".strip()

    @property
    def message_language(self) -> str:
        return self.language or settings.LANGUAGE_CODE

    @property
    def is_admin(self) -> bool:
        return self.is_active and (self.role == Role.ADMIN or self.is_superuser)

    @property
    def is_manager(self) -> bool:
        return self.is_active and self.role == Role.MANAGER


# Notifications are machinery every app uses; their models live in their own
# package and are registered here, in the first app.
from users.notifications.models import *  # noqa: E402, F403
