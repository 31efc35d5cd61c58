"""Cell text as it goes into and comes out of a spreadsheet.

Pure functions, no Django: exports neutralize text against formula injection,
and uploaded cells are read back as the text the user typed.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

# A cell starting with one of these runs as a formula in Excel or LibreOffice.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralize_cell(value: Any) -> Any:
    """Prefix a quote to text that a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def unneutralize_cell(text: str) -> str:
    """Undo `neutralize_cell`, so an exported file imports back unchanged."""
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def cell_text(value: Any) -> str:
    """An uploaded cell as the text the user typed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # phone numbers typed into Excel come back as floats
    if isinstance(value, datetime):
        value = value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, date):
        return value.isoformat()
    return unneutralize_cell(str(value).strip())
