from django import forms
from django.core.exceptions import ValidationError

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
