from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from users.clean_forms import CleanModelForm
from users.models import User


class ProfileForm(CleanModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "phone"]


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field, or on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


EMPTY_CHOICE = "---------"


class MoneyInput(forms.NumberInput):
    """A money amount: a decimal keypad on phones, cents, never negative."""

    def __init__(self, attrs=None):
        super().__init__(
            {"inputmode": "decimal", "step": "0.01", "min": "0", **(attrs or {})}
        )


class FriendlyFields:
    """Form fields as people expect them: select boxes open on "Please choose"
    rather than a row of dashes, and the money fields named in `money_fields`
    state their unit, bring up a decimal keypad and start empty, not at 0."""

    money_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if getattr(field, "empty_label", None) == EMPTY_CHOICE:
                field.empty_label = _("Please choose")
            elif isinstance(field, forms.ChoiceField):
                choices = list(field.choices)
                if choices and choices[0] == ("", EMPTY_CHOICE):
                    field.choices = [("", _("Please choose")), *choices[1:]]
            if name in self.money_fields:
                field.label = _("%(label)s (¥)") % {"label": field.label}
                field.widget = MoneyInput(field.widget.attrs)
                if not self.is_bound and not self.initial.get(name):
                    self.initial[name] = None
