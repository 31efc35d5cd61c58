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
import math
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

from users.date_bounds import bound_date_fields
from users.record_keys import MAX_KEY
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


def _key_checking(to_python, invalid: forms.ValidationError):
    def to_python_checked(value: Any) -> Any:
        values = value if isinstance(value, list | tuple) else [value]
        for one in values:
            text = str(one).strip() if one is not None else ""
            if text and not (text.isascii() and text.lstrip("-").isdigit()):
                continue  # not a number: the field's own check refuses it
            if text and abs(int(text)) > MAX_KEY:
                raise invalid
        return to_python(value)

    return to_python_checked


def check_choice_keys(fields: dict[str, forms.Field]) -> None:
    """Make choices of records refuse a key too large for the database."""
    for field in fields.values():
        if not isinstance(field, forms.ModelChoiceField):
            continue
        if getattr(field, "_keys_checked", False):
            continue
        invalid = forms.ValidationError(
            field.error_messages["invalid_choice"],
            code="invalid_choice",
            params={"value": "…"},
        )
        field.to_python = _key_checking(field.to_python, invalid)
        if isinstance(field, forms.ModelMultipleChoiceField):
            field.clean = _key_checking(field.clean, invalid)
        field._keys_checked = True


def _finite(to_python, invalid: forms.ValidationError):
    def to_python_finite(value: Any) -> Any:
        try:
            number = to_python(value)
        except (InvalidOperation, OverflowError) as exc:
            raise invalid from exc
        if isinstance(number, Decimal) and not number.is_finite():
            raise invalid
        if isinstance(number, float) and not math.isfinite(number):
            raise invalid
        return number

    return to_python_finite


def check_numbers(fields: dict[str, forms.Field]) -> None:
    """Make number fields refuse NaN, infinities and signalling values."""
    for field in fields.values():
        if not isinstance(field, forms.IntegerField):  # Float and Decimal too
            continue
        if getattr(field, "_finite_checked", False):
            continue
        invalid = forms.ValidationError(field.error_messages["invalid"], code="invalid")
        field.to_python = _finite(field.to_python, invalid)
        field._finite_checked = True


def apply_input_rules(fields: dict[str, forms.Field]) -> None:
    """Clean text, bound dates, check numbers and record keys in `fields`."""
    clean_text_fields(fields)
    bound_date_fields(fields)
    check_numbers(fields)
    check_choice_keys(fields)


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
