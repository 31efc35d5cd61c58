"""Notifications, their delivery attempts, people's channel choices and the
team-chat robots administrators set up."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    CONTACT_DUE = "contact_due", _("Next contact")
    DAILY_AGENDA = "daily_agenda", _("Daily agenda")
    WEEKLY_PLAN = "weekly_plan", _("Weekly plan")
    MANAGER_DIGEST = "manager_digest", _("Team digest")
    LEAD_RECYCLE_WARNING = "lead_recycle_warning", _("Lead about to return to pool")
    LEAD_RECYCLED = "lead_recycled", _("Lead returned to pool")
    COACHING_FOLLOW_UP = "coaching_follow_up", _("Coaching follow-up")


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """Something a person should know, about a record or their day.

    It stores its kind and parameters, not a sentence, so it reads in the
    reader's language (`messages.render`). `dedupe_key` names what it is
    about (a record and its next-contact time, a day's agenda): a person is
    told each thing once, whatever the retries and workers.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    record = GenericForeignKey("content_type", "object_id")
    dedupe_key = models.CharField(max_length=200, blank=True, editable=False)
    # Which insert created the row: a batch claims its keys with one INSERT
    # that skips conflicts, then reads back the rows carrying its claim.
    claim = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="notification_once",
            )
        ]
        indexes = [
            models.Index(
                fields=["recipient", "read_at", "-created_at"],
                name="notification_inbox",
            ),
            models.Index(fields=["claim"], name="notification_claim"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In the app")
    EMAIL = "email", _("E-mail")
    WECOM = "wecom", _("WeCom group robot")
    DINGTALK = "dingtalk", _("DingTalk robot")


class DeliveryAttempt(models.Model):
    """One try to deliver a notification over one channel, and how it went."""

    notification = models.ForeignKey(
        Notification,
        verbose_name=_("notification"),
        on_delete=models.CASCADE,
        related_name="attempts",
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    webhook = models.ForeignKey(
        "users.TeamWebhook",
        verbose_name=_("team robot"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    delivered = models.BooleanField(_("delivered"))
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["notification", "channel"], name="attempt_notification"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} #{self.attempt}"


class NotificationPreference(models.Model):
    """A person's choice of channels for one kind (no row: every channel)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    email = models.BooleanField(_("e-mail"), default=True)
    team_chat = models.BooleanField(_("team chat"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="notification_preference_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()}"


class TeamWebhook(models.Model):
    """A team's WeCom or DingTalk group robot, where its members' notices go."""

    team = models.ForeignKey(
        "users.Team",
        verbose_name=_("team"),
        on_delete=models.CASCADE,
        related_name="webhooks",
    )
    provider = models.CharField(
        _("provider"),
        max_length=20,
        choices=[
            (Channel.WECOM, Channel.WECOM.label),
            (Channel.DINGTALK, Channel.DINGTALK.label),
        ],
    )
    url = models.URLField(
        _("webhook address"),
        max_length=500,
        help_text=_("The robot's address, with its key or access token."),
    )
    secret = models.CharField(
        _("signing secret"),
        max_length=200,
        blank=True,
        help_text=_("DingTalk only, when the robot's security setting is signing."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("team chat robot")
        verbose_name_plural = _("team chat robots")
        ordering = ["team__name", "provider"]

    def __str__(self) -> str:
        return f"{self.team} · {self.get_provider_display()}"
