"""How money reads on pages and in messages: ¥1,234,567.00 (CNY, DESIGN §7)."""

from decimal import Decimal


def format_money(value) -> str:
    """¥1,234,567.00 style, for Decimals and numbers; empty for None."""
    if value in (None, ""):
        return ""
    return f"¥{Decimal(value):,.2f}"
