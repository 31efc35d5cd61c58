"""Record ids typed into URLs and forms, read without overflowing the database."""

from __future__ import annotations

from typing import Any

# The largest key a 64-bit integer column holds; a longer number would overflow
# in the database (a 500) instead of finding nothing.
MAX_KEY = 2**63 - 1


def record_key(value: Any) -> int | None:
    """`value` as a record id (ASCII digits, within range), else None."""
    text = str(getattr(value, "pk", value) if value is not None else "").strip()
    if not (text.isascii() and text.isdigit()):
        return None
    key = int(text)
    return key if key <= MAX_KEY else None
