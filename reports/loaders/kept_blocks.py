"""Reading counts kept per calendar block (day, week, month, year).

The follow-up counts and the stay counts keep one row per key and block;
a range of whole days is the few blocks `reports.metrics.day_spans.blocks`
cuts it into, read here in one statement.
"""

from datetime import date

from django.db.models import QuerySet, Sum

from reports.metrics.day_spans import Block


def sum_over_blocks(
    counts: QuerySet, found: list[Block], by: tuple[str, ...], value: str = "n"
) -> dict:
    """Key (the fields `by`) → the sum of `value` over the rows of `counts` in
    `found`.

    One statement: a grouped branch per run of adjacent blocks of one span,
    each an index range, joined by UNION ALL.
    """
    branches = [
        counts.filter(span=span, first_day__gte=first, first_day__lte=last)
        .order_by()
        .values(*by)
        .annotate(n=Sum(value))
        for span, first, last in runs(found)
    ]
    totals: dict = {}
    if not branches:
        return totals
    for row in branches[0].union(*branches[1:], all=True):
        key = tuple(row[field] for field in by)
        totals[key] = totals.get(key, 0) + row["n"]
    return totals


def runs(found: list[Block]) -> list[tuple[str, date, date]]:
    """Adjacent blocks of one span as (span, first block's day, last block's day)."""
    merged: list[list] = []
    for block in found:
        if merged and merged[-1][0] == block.span:
            merged[-1][2] = block.first
        else:
            merged.append([block.span, block.first, block.first])
    return [tuple(run) for run in merged]
