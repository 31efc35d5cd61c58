"""Cell text as it goes into and comes out of a spreadsheet.

Pure functions, no Django: exports neutralize text against formula injection,
and uploaded cells are read back as the text the user typed.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from users.text_cleaning import clean_text

# A cell starting with one of these runs as a formula in Excel or LibreOffice
# (the full-width forms too, which some versions fold before parsing).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralize_cell(value: Any) -> Any:
    """Text cleaned as every input is, then quoted if it would run as a formula.

    The decision is taken on the text that is written: control and format
    characters (which a spreadsheet skips or a writer drops) and surrounding
    spaces are gone first, so nothing can hide a leading "=" from the check.
    """
    if not isinstance(value, str):
        return value
    text = clean_text(value, multiline=True)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


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
