"""Bulk refresh of stored probabilities after the configuration changed."""

from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, DecimalField, F, Q
from django.db.models.functions import Cast, Round

from opportunities import probability
from opportunities.models import CompetitionFactor, Opportunity

BATCH = 5000


def recompute_open_deals(batch_size: int = BATCH) -> int:
    """Recompute win probability and weighted amount of every open deal.

    A deal's probability depends only on its stage percentage and competitor
    count, so each primary-key batch is grouped by that pair and each group
    is one UPDATE that also skips rows already right. Nothing but ids and two
    integers per deal is held in memory, and each batch commits on its own.
    Returns how many rows changed; a second run changes nothing.
    """
    table = CompetitionFactor.objects.as_table()
    changed = 0
    last_pk = 0
    while True:
        rows = list(
            Opportunity.objects.open()
            .filter(pk__gt=last_pk)
            .order_by("pk")
            .annotate(n_competitors=Count("competitors"))
            .values_list("pk", "stage__percentage", "n_competitors")[:batch_size]
        )
        if not rows:
            return changed
        last_pk = rows[-1][0]
        groups: dict[tuple[int, int], list[int]] = defaultdict(list)
        for pk, percentage, competitors in rows:
            groups[(percentage, competitors)].append(pk)
        with transaction.atomic():
            for (percentage, competitors), ids in groups.items():
                p = probability.win_probability(percentage, competitors, table)
                changed += _update_group(ids, p)


def _update_group(ids: list[int], p: Decimal) -> int:
    money = DecimalField(max_digits=14, decimal_places=2)
    weighted = Cast(Round(F("amount") * p, 2), output_field=money)
    return (
        Opportunity.objects.filter(pk__in=ids)
        .filter(~Q(win_probability=p) | ~Q(weighted_amount=weighted))
        .update(win_probability=p, weighted_amount=weighted)
    )
