"""The one rule every typed or imported text goes through before it is kept.

Pure functions, no Django. Text is stripped of control characters (category
Cc; tab and newline survive in multi-line fields, a carriage return before a
newline is folded into it) and of format characters (category Cf: zero-width
spaces and joiners, the byte-order mark, the soft hyphen, bidirectional
overrides), composed (NFC), then trimmed. What is left looks exactly like
what is stored, so two values that look the same are the same.
"""

from __future__ import annotations

import unicodedata

_MULTILINE_KEEP = frozenset("\t\n")


def _dropped(ch: str, keep: frozenset[str]) -> bool:
    return ch not in keep and unicodedata.category(ch) in ("Cc", "Cf")


def clean_text(value: str, *, multiline: bool = False) -> str:
    """`value` in NFC without control or format characters, trimmed."""
    if value.isprintable():
        # No control nor format character (an import's usual cell): only
        # compose and trim.
        return unicodedata.normalize("NFC", value).strip()
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    keep = _MULTILINE_KEEP if multiline else frozenset()
    visible = "".join(ch for ch in value if not _dropped(ch, keep))
    return unicodedata.normalize("NFC", visible).strip()


def is_clean(value: str, *, multiline: bool = False) -> bool:
    """Whether `value` is already what `clean_text` makes of it."""
    return clean_text(value, multiline=multiline) == value
