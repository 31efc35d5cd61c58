"""The one row of reminder settings administrators edit in Django admin."""

from datetime import time

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from users.single_row import SingleRowModel


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


def default_stale_days() -> int:
    return settings.STALE_AFTER_DAYS


class ReminderSettings(SingleRowModel):
    """When reminders, agendas and plans go out, and when a deal goes stale.

    Times are local (the site's time zone). The beat jobs run often and each
    sends what is due by these settings, so a change here applies at once.
    """

    lead_minutes = models.PositiveSmallIntegerField(
        _("reminder lead time (minutes)"),
        default=30,
        validators=[MaxValueValidator(24 * 60)],
        help_text=_("How long before a next contact its owner is reminded."),
    )
    agenda_time = models.TimeField(
        _("daily agenda at"),
        default=time(8, 30),
        help_text=_("Each salesperson's agenda and each manager's digest."),
    )
    weekly_weekday = models.PositiveSmallIntegerField(
        _("weekly plan on"), choices=Weekday.choices, default=Weekday.MONDAY
    )
    weekly_time = models.TimeField(_("weekly plan at"), default=time(8, 30))
    stale_after_days = models.PositiveSmallIntegerField(
        _("stale after (days)"),
        default=default_stale_days,
        validators=[MinValueValidator(1)],
        help_text=_(
            "An open deal with no follow-up for this many days, or with no next "
            "contact planned, is stale."
        ),
    )
    due_soon_days = models.PositiveSmallIntegerField(
        _("installments due soon (days)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("The agenda lists installments due within this many days."),
    )
    pool_recycling = models.BooleanField(
        _("return neglected leads to the pool"),
        default=False,
        help_text=_(
            "A claimed lead with no follow-up for the days below goes back to "
            "the shared pool."
        ),
    )
    pool_recycle_days = models.PositiveSmallIntegerField(
        _("recycle after (days)"), default=30, validators=[MinValueValidator(1)]
    )
    pool_warn_days = models.PositiveSmallIntegerField(
        _("warn the owner (days before)"), default=3
    )

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pool_warn_days__lt=models.F("pool_recycle_days")),
                name="reminder_warn_before_recycle",
            )
        ]

    def __str__(self) -> str:
        return str(_("Reminder settings"))
