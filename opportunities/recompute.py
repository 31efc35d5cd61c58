"""Bulk refresh of stored probabilities after the configuration changed."""

from django.db import transaction
from django.db.models import Count

from opportunities import probability
from opportunities.models import CompetitionFactor, Opportunity

BATCH = 2000


def recompute_open_deals(batch_size: int = BATCH) -> int:
    """Recompute win probability and weighted amount of every open deal.

    Works in primary-key batches, each its own transaction with one bulk
    UPDATE, so a million deals never sit in memory or in one long lock.
    Returns how many rows changed. Running it twice changes nothing more.
    """
    table = CompetitionFactor.objects.as_table()
    changed = 0
    last_pk = 0
    while True:
        rows = list(
            Opportunity.objects.open()
            .filter(pk__gt=last_pk)
            .order_by("pk")
            .select_related("stage")
            .annotate(n_competitors=Count("competitors"))
            .only(
                "pk",
                "amount",
                "win_probability",
                "weighted_amount",
                "stage__percentage",
            )[:batch_size]
        )
        if not rows:
            return changed
        last_pk = rows[-1].pk
        stale = []
        for deal in rows:
            new_p = probability.win_probability(
                deal.stage.percentage, deal.n_competitors, table
            )
            new_w = probability.weighted_amount(deal.amount, new_p)
            if (new_p, new_w) != (deal.win_probability, deal.weighted_amount):
                deal.win_probability, deal.weighted_amount = new_p, new_w
                stale.append(deal)
        with transaction.atomic():
            Opportunity.objects.bulk_update(
                stale, ["win_probability", "weighted_amount"], batch_size=500
            )
        changed += len(stale)

