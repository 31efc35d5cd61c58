"""Forms whose input goes through the product's rules before anything else.

Text fields follow the one cleaning rule (`text_cleaning`); date and
date-time fields accept only plausible dates (`date_bounds`). Every form of
the product derives from `CleanForm` or `CleanModelForm`, every list filter
from `users.filters.CleanFilterSet`; the admin wraps its forms with
`with_clean_input`. A text field (any CharField:
e-mail, URL and slug fields too) cleans its value before its own checks run,
so lengths, uniqueness and `clean_<field>` methods judge the cleaned text.
Multi-line fields (a Textarea) keep tabs and line breaks; password fields
are left exactly as typed.
"""

from __future__ import annotations

import functools
from typing import Any

from django import forms

from users.date_bounds import bound_date_fields
from users.text_cleaning import clean_text


def _cleaning(to_python, *, multiline: bool):
    def to_python_cleaned(value: Any) -> Any:
        if isinstance(value, str):
            value = clean_text(value, multiline=multiline)
        return to_python(value)

    return to_python_cleaned


def clean_text_fields(fields: dict[str, forms.Field]) -> None:
    """Make every text field among `fields` clean its input first."""
    for field in fields.values():
        if not isinstance(field, forms.CharField):
            continue
        if isinstance(field.widget, forms.PasswordInput):
            continue
        if getattr(field, "_text_cleaned", False):
            continue
        multiline = isinstance(field.widget, forms.Textarea)
        field.to_python = _cleaning(field.to_python, multiline=multiline)
        field._text_cleaned = True


def apply_input_rules(fields: dict[str, forms.Field]) -> None:
    """Clean text and bound dates in `fields` (a form's, once built)."""
    clean_text_fields(fields)
    bound_date_fields(fields)


class CleanInputMixin:
    """Applies the input rules to every field; see the module docstring."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_input_rules(self.fields)


class CleanForm(CleanInputMixin, forms.Form):
    pass


class CleanModelForm(CleanInputMixin, forms.ModelForm):
    pass


@functools.cache
def with_clean_input(form_class: type[forms.BaseForm]) -> type[forms.BaseForm]:
    """`form_class` with the input rules, for forms built elsewhere (admin)."""
    if issubclass(form_class, CleanInputMixin):
        return form_class
    return type(form_class.__name__, (CleanInputMixin, form_class), {})
