"""Importable columns, and how headers and choices typed by people match them."""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

from django.db import models
from django.utils import translation
from django.utils.functional import Promise


@dataclass(frozen=True)
class Column:
    """An importable column: the model field, its header and accepted aliases."""

    field: str
    label: str | Promise
    aliases: tuple[str, ...] = ()
    required: bool = False
    hint: str | Promise = ""

    def header_names(self) -> set[str]:
        """Every header accepted for this column, normalized."""
        names = {self.field, str(self.label), *self.aliases}
        for language in ("en", "zh-hans"):
            with translation.override(language):
                names.add(str(self.label))
        return {normalize_header(name) for name in names}


def normalize_header(text: str) -> str:
    """Fold width, case, spaces, '*' and '_': 'Company name *' == 'company_name'."""
    folded = unicodedata.normalize("NFKC", str(text or "")).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


def choice_value(text: str, choices: type[models.Choices]) -> str:
    """The stored value for a choice given by value or by English/Chinese label.

    Unknown text is returned as it is, so `full_clean` reports it.
    """
    wanted = normalize_header(text)
    if not wanted:
        return ""
    return _choice_names(choices, translation.get_language()).get(wanted, text)


@functools.cache
def _choice_names(choices: type[models.Choices], language: str) -> dict[str, str]:
    """Normalized value and labels (English, Chinese, `language`) → value."""
    names = {}
    for value, label in choices.choices:
        for shown in (value, label):
            names[normalize_header(shown)] = value
        for other in ("en", "zh-hans"):
            with translation.override(other):
                names.setdefault(normalize_header(label), value)
    return names
