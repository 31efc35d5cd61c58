"""Follow-ups counted per person, customer owner, kind and calendar block.

The sales behaviour report and the workbench count the follow-ups of a
period for everyone the viewer sees: about a million a year at a million
deals. On PostgreSQL, triggers on the follow-ups and the customers keep these
counts in the same transaction as every insert, update and delete of a
follow-up and every change of a customer's owner (`follow_up_counts_sql.py`):
one row per (who logged it, whose customer, kind, day), and the same per week,
month and year, in the local time zone. A range of whole local days is read
as the few blocks that cover it exactly (`reports.metrics.day_spans`).
Elsewhere (SQLite) the table stays empty and the follow-ups are counted live.
"""

from django.conf import settings
from django.db import connection, models
from django.utils.translation import gettext_lazy as _

from leads.classification import ActivityKind
from reports.block_counts import BlockCount
from users.visibility import OwnedQuerySet


def follow_up_counts_kept() -> bool:
    """Whether the database keeps `FollowUpCount` (PostgreSQL's triggers)."""
    return connection.vendor == "postgresql"


class FollowUpCountQuerySet(OwnedQuerySet):
    """Visibility is the customer owner's, as for the follow-ups themselves."""


class FollowUpCount(BlockCount):
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("logged by"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # the unique key leads with it
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("customer owner"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("type"), max_length=20, choices=ActivityKind.choices)
    n = models.IntegerField(_("follow-ups"), default=0)

    objects = FollowUpCountQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up count")
        verbose_name_plural = _("follow-up counts")
        constraints = [
            # Also the index of a manager's people: their blocks, one by one.
            models.UniqueConstraint(
                fields=["logged_by", "span", "first_day", "owner", "kind"],
                include=["n"],
                name="follow_up_count_key",
            )
        ]
        indexes = [
            # Everyone's counts in a block, for an administrator.
            models.Index(
                fields=["span", "first_day"],
                include=["logged_by", "owner", "kind", "n"],
                name="follow_up_count_block",
            )
        ]

    def __str__(self) -> str:
        return f"{self.logged_by_id}/{self.owner_id} {self.span} {self.first_day}"
