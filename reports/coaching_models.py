"""What the coaching pages store: the notes a manager writes for a salesperson."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from users.visibility import OwnedQuerySet, TimeStampedModel


class CoachingNoteQuerySet(OwnedQuerySet):
    # A note belongs to the person it is about: they and whoever sees them
    # read it.
    owner_field = "person"

    def follow_ups_due(self, author, today):
        """Follow-ups this author set that are due by `today` and not yet done."""
        return self.filter(
            author=author, follow_up_on__lte=today, followed_up_at__isnull=True
        ).select_related("person")


class CoachingNote(TimeStampedModel):
    """What a manager and a salesperson agreed to work on, and when to look again.

    Notes are never edited, so the agreements stay as they were written.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("salesperson"),
        on_delete=models.CASCADE,
        related_name="coaching_notes",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    agreed = models.TextField(_("what we agreed to work on"), max_length=2000)
    follow_up_on = models.DateField(_("follow-up date"), null=True, blank=True)
    followed_up_at = models.DateTimeField(_("followed up at"), null=True, blank=True)

    objects = CoachingNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("coaching note")
        verbose_name_plural = _("coaching notes")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["person", "-created_at"], name="coachnote_person_time"
            ),
            models.Index(
                fields=["author", "follow_up_on"], name="coachnote_author_followup"
            ),
        ]

    def __str__(self) -> str:
        return self.agreed[:60]


class HygieneSnapshot(models.Model):
    """A person's funnel hygiene as it stood in one week, for the weekly trend."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("salesperson"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    week = models.DateField(_("week starting"))
    score = models.PositiveSmallIntegerField(_("score"), null=True)
    open_deals = models.PositiveIntegerField(_("open deals"), default=0)
    parts = models.JSONField(_("parts"), default=dict)
    taken_at = models.DateTimeField(_("taken at"), auto_now_add=True)

    class Meta:
        verbose_name = _("hygiene snapshot")
        verbose_name_plural = _("hygiene snapshots")
        ordering = ["person", "week"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "week"], name="hygiene_snapshot_once_a_week"
            ),
            models.CheckConstraint(
                condition=models.Q(score__lte=100), name="hygiene_score_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.week}: {self.score}"
