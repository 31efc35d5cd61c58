"""Open deals added up per owner and stage, kept by the database.

The workbench and the board show how many deals are open and what they are
worth for everyone the viewer sees: at a million deals, adding those up on
every view costs as much as the deals themselves. On PostgreSQL a trigger on
the deals table keeps one row per (owner, stage) in step with every insert,
update and delete, whatever wrote it (a form, a bulk recompute, a transfer,
the admin), inside the same transaction; pages add up a few hundred of these
rows instead. Elsewhere (SQLite, the embedded default) nothing keeps them and
the pages add up the deals as before (`open_totals_kept()`).
"""

from django.conf import settings
from django.db import connection, models
from django.utils.translation import gettext_lazy as _

from opportunities.models.configuration import Stage
from users.visibility import OwnedQuerySet

# Sums of many deals need more digits than one deal's amount.
TOTAL = {"max_digits": 20, "decimal_places": 2}


# Every open deal added up again, for a bulk load that ran with the trigger off.
RECOUNT_SQL = """
DELETE FROM opportunities_opendealtotal;
INSERT INTO opportunities_opendealtotal (owner_id, stage_id, deals, amount, weighted)
SELECT owner_id, stage_id, count(*), sum(amount), sum(weighted_amount)
FROM opportunities_opportunity WHERE status = 'open'
GROUP BY owner_id, stage_id;
"""


def open_totals_kept() -> bool:
    """Whether the database keeps `OpenDealTotal` (PostgreSQL's trigger)."""
    return connection.vendor == "postgresql"


def open_sums(deals, kept, by: str):
    """Open deals grouped by `by` ("owner" or "stage"): deals, amount, weighted.

    `kept` is the `OpenDealTotal` rows narrowed as `deals` are; they answer
    where the database keeps them, the deals themselves elsewhere.
    """
    return (kept if open_totals_kept() else deals).open_sums(by)


class OpenDealTotalQuerySet(OwnedQuerySet):
    def open_sums(self, by: str):
        """The kept rows grouped by `by`, as `OpportunityQuerySet.open_sums`."""
        return (
            self.order_by()
            .values(by)
            .annotate(
                deals=models.Sum("deals"),
                amount=models.Sum("amount"),
                weighted=models.Sum("weighted"),
            )
        )


class OpenDealTotal(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    stage = models.ForeignKey(
        Stage, verbose_name=_("stage"), on_delete=models.CASCADE, related_name="+"
    )
    deals = models.IntegerField(_("open deals"), default=0)
    amount = models.DecimalField(_("amount"), **TOTAL, default=0)
    weighted = models.DecimalField(_("weighted amount"), **TOTAL, default=0)

    objects = OpenDealTotalQuerySet.as_manager()

    class Meta:
        verbose_name = _("open deal total")
        verbose_name_plural = _("open deal totals")
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "stage"], name="open_total_owner_stage"
            )
        ]

    def __str__(self) -> str:
        return f"{self.owner_id}/{self.stage_id}: {self.deals}"
