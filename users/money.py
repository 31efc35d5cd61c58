"""Money to the cent: how it rounds, and how it reads on pages and in messages
(¥1,234,567.00, CNY, docs/PRODUCT.md §7)."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def round_cents(value: Decimal) -> Decimal:
    """Half up to the cent (四舍五入), as invoices round: 25.025 → 25.03."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def format_money(value) -> str:
    """¥1,234,567.00 style, for Decimals and numbers; empty for None."""
    if value in (None, ""):
        return ""
    return f"¥{Decimal(value):,.2f}"
