"""What every figure kept per calendar block shares: the block."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from reports.metrics.day_spans import Span


class BlockCount(models.Model):
    """A figure kept for one calendar block: a day, a week (from Monday), a
    month or a year, named by its span and its first day
    (`reports.metrics.day_spans`)."""

    span = models.CharField(
        _("span"), max_length=5, choices=[(s.value, s.value) for s in Span]
    )
    first_day = models.DateField(_("first day"))

    class Meta:
        abstract = True
