"""Finished stays in a stage, counted by whole days, per calendar block.

The funnel report shows how long the period's new deals stayed in each stage
(the median of whole days per finished stay). For the whole company that is
every stay of every deal created in the period: about 900,000 for a year at a
million deals, joined to the deals and added up on every view. On PostgreSQL,
triggers on the stage history and the deals keep these counts in the same
transaction as every write (`stay_counts_sql.py`): one row per (stage, whole
days, UTC day the deal was created), and the same per week, month and year.
A range of whole UTC days is read as the few blocks that cover it exactly
(`reports.metrics.day_spans`); the hours of a local period outside whole UTC
days are counted live. Only the whole company is kept: one person's or one
team's stays are few enough to count live. Elsewhere (SQLite) the table stays
empty.
"""

from django.db import connection, models
from django.utils.translation import gettext_lazy as _

from opportunities.models import Stage
from reports.block_counts import BlockCount


def stay_counts_kept() -> bool:
    """Whether the database keeps `StayCount` (PostgreSQL's triggers)."""
    return connection.vendor == "postgresql"


class StayCount(BlockCount):
    stage = models.ForeignKey(
        Stage,
        verbose_name=_("stage"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # read by block; a stage with history is never deleted
    )
    days = models.IntegerField(_("days in stage"))
    n = models.IntegerField(_("stays"), default=0)

    class Meta:
        verbose_name = _("stay count")
        verbose_name_plural = _("stay counts")
        constraints = [
            # Also the index a report reads a run of blocks from.
            models.UniqueConstraint(
                fields=["span", "first_day", "stage", "days"],
                include=["n"],
                name="stay_count_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.span} {self.first_day} {self.stage_id}: {self.days} d × {self.n}"
