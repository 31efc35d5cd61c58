"""Win probability and weighted amount (docs/PRODUCT.md §4): Decimal arithmetic."""

from decimal import ROUND_HALF_UP, Decimal

# Competitor count → factor. Counts past the table use 1/(n+1).
DEFAULT_COMPETITION_TABLE: dict[int, Decimal] = {0: Decimal("0.8"), 1: Decimal("0.5")}
PROBABILITY_PLACES = Decimal("0.0001")
MONEY_PLACES = Decimal("0.01")


def competition_factor(
    competitors: int, table: dict[int, Decimal] | None = None
) -> Decimal:
    """The factor for a number of known competitors."""
    if competitors < 0:
        raise ValueError("competitor count cannot be negative")
    table = DEFAULT_COMPETITION_TABLE if table is None else table
    if competitors in table:
        return table[competitors]
    return Decimal(1) / Decimal(competitors + 1)


def win_probability(
    stage_percentage: int, competitors: int, table: dict[int, Decimal] | None = None
) -> Decimal:
    """Stage percentage × competition factor, as a fraction rounded to 4 places."""
    if not 0 <= stage_percentage <= 100:
        raise ValueError("stage percentage must be within 0..100")
    fraction = Decimal(stage_percentage) / 100 * competition_factor(competitors, table)
    return fraction.quantize(PROBABILITY_PLACES, rounding=ROUND_HALF_UP)


def weighted_amount(amount: Decimal, probability: Decimal) -> Decimal:
    return (amount * probability).quantize(MONEY_PLACES, rounding=ROUND_HALF_UP)
