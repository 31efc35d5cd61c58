"""What the list rows written in Python share (the deal list's,
opportunities/views/list_row_html.py, and the customer list's,
customers/views/list_row_html.py)."""

from html import escape
from typing import Any

# What a row shows for a value it does not have.
NOTHING = "—"
# The badge of a row just followed up from its button.
LOGGED = (
    '<span class="badge bg-success-subtle text-success-emphasis ms-1">'
    '<i class="bi bi-check2"></i> {label}</span>'
)


def text(value: Any) -> str:
    """A value as a template prints it: text, HTML-escaped."""
    return escape(str(value))
