"""Money won, contracted and received, and customers added, per owner and
calendar block.

The performance report adds up a period's won deals, signed contracts,
payments and new customers by month and by person. For an administrator at a
million deals that is about 380,000 rows a year, the payments joined to
their contracts for the owner, on every view (about 240 ms). On PostgreSQL,
triggers on the deals, contracts, payments and customers keep these sums in
the same transaction as every write (`performance_counts_sql.py`): one row per
(owner, measure, local day), and the same per week, month and year. A period
of whole local days is read as the few blocks that cover it exactly
(`reports.metrics.day_spans`). Elsewhere (SQLite) the table stays empty and
the report adds up the rows themselves.

What each measure adds up is what the report shows live:
- `won`: the amount of each deal won now, on the local day it was closed;
- `contracted`: the amount of each contract signed or completed now, on the
  day it was signed;
- `received`: each payment, on the day it was received, for the owner of its
  contract;
- `customers`: one for each customer, on the local day it was added.
Every measure belongs to the record's owner now: a record handed to someone
else takes its figures with it.
"""

from django.conf import settings
from django.db import connection, models
from django.utils.translation import gettext_lazy as _

from reports.block_counts import BlockCount
from users.visibility import OwnedQuerySet


def performance_counts_kept() -> bool:
    """Whether the database keeps `PerformanceCount` (PostgreSQL's triggers)."""
    return connection.vendor == "postgresql"


class Measure(models.TextChoices):
    WON = "won", _("Won")
    CONTRACTED = "contracted", _("Contracted")
    RECEIVED = "received", _("Received")
    CUSTOMERS = "customers", _("New customers")


class PerformanceCount(BlockCount):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # the unique key leads with it
    )
    measure = models.CharField(_("measure"), max_length=10, choices=Measure.choices)
    # Money, or for `customers` how many.
    total = models.DecimalField(_("total"), max_digits=20, decimal_places=2)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("performance count")
        verbose_name_plural = _("performance counts")
        constraints = [
            # Also the index of a manager's people: their blocks, one by one.
            models.UniqueConstraint(
                fields=["owner", "span", "first_day", "measure"],
                include=["total"],
                name="performance_count_key",
            )
        ]
        indexes = [
            # Everyone's sums in a block, for an administrator.
            models.Index(
                fields=["span", "first_day"],
                include=["owner", "measure", "total"],
                name="performance_count_block",
            )
        ]

    def __str__(self) -> str:
        return f"{self.owner_id} {self.measure} {self.span} {self.first_day}"
