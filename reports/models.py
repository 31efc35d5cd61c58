"""What reports store: their settings, targets and frozen monthly forecasts."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from users.models import Team
from users.single_row import SingleRowModel
from users.visibility import OwnedModel, OwnedQuerySet, managed_team_ids

MONEY = {"max_digits": 14, "decimal_places": 2}


class ReportSettings(SingleRowModel):
    """The one row of report settings administrators edit."""

    committed_percentage = models.PositiveSmallIntegerField(
        _("committed from win probability (%)"),
        default=50,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "Open deals at or above this win probability count as committed "
            "in the forecast."
        ),
    )

    class Meta:
        verbose_name = _("report settings")
        verbose_name_plural = _("report settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(committed_percentage__lte=100),
                name="report_committed_range",
            )
        ]

    def __str__(self) -> str:
        return str(_("Report settings"))


class TargetQuerySet(models.QuerySet):
    def visible_to(self, user) -> "TargetQuerySet":
        """A person's targets follow the visibility rule; a team's, its managers'."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_admin:
            return self
        people = models.Q(user=user)
        if user.is_manager and (teams := managed_team_ids(user)):
            people |= models.Q(user__team_id__in=teams) | models.Q(team_id__in=teams)
        return self.filter(people)


class Target(models.Model):
    """What a person or a team should achieve in one month."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="targets",
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="targets",
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    won_amount = models.DecimalField(
        _("won amount"), **MONEY, validators=[MinValueValidator(Decimal(0))]
    )
    received_amount = models.DecimalField(
        _("received amount"),
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    new_customers = models.PositiveIntegerField(
        _("new customers"), null=True, blank=True
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["month"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=True) ^ models.Q(team__isnull=True),
                name="target_person_or_team",
            ),
            models.CheckConstraint(
                condition=models.Q(won_amount__gte=0), name="target_won_not_negative"
            ),
            models.UniqueConstraint(
                fields=["user", "month"], name="target_once_per_person_month"
            ),
            models.UniqueConstraint(
                fields=["team", "month"], name="target_once_per_team_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user or self.team} {self.month:%Y-%m}"


class ForecastSnapshot(OwnedModel):
    """One person's forecast for a month, frozen on the month's first day."""

    month = models.DateField(_("month"))
    deals = models.PositiveIntegerField(_("deals"), default=0)
    weighted = models.DecimalField(_("weighted amount"), **MONEY, default=0)
    best_case = models.DecimalField(_("best case"), **MONEY, default=0)
    committed = models.DecimalField(_("committed"), **MONEY, default=0)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("forecast snapshot")
        verbose_name_plural = _("forecast snapshots")
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "month"], name="forecast_once_per_owner_month"
            )
        ]
        indexes = [models.Index(fields=["month", "owner"], name="forecast_month")]

    def __str__(self) -> str:
        return f"{self.owner} {self.month:%Y-%m}"


# Coaching and the kept follow-up, performance and stay counts have their own
# modules; Django finds their models here.
from reports.coaching_models import CoachingNote, HygieneSnapshot  # noqa: E402, F401
from reports.follow_up_counts import FollowUpCount  # noqa: E402, F401
from reports.performance_counts import PerformanceCount  # noqa: E402, F401
from reports.stay_counts import StayCount  # noqa: E402, F401
