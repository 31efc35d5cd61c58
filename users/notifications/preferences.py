"""The preferences form: per kind, e-mail and team chat on or off; and the
language e-mails and chat messages are written in."""

from django import forms
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from users.clean_forms import CleanForm
from users.models import User
from users.notifications.records import Kind, NotificationPreference

CHANNEL_FIELDS = ("email", "team_chat")


class PreferencesForm(CleanForm):
    language = forms.ChoiceField(
        label=_("Language of e-mails and chat messages"),
        choices=[("", _("The site's default")), *settings.LANGUAGES],
        required=False,
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        saved = {p.kind: p for p in NotificationPreference.objects.filter(user=user)}
        self.fields["language"].initial = user.language
        self.kinds = []
        for kind, label in Kind.choices:
            row = {"kind": kind, "label": label, "fields": []}
            for channel in CHANNEL_FIELDS:
                name = f"{kind}__{channel}"
                preference = saved.get(kind)
                self.fields[name] = forms.BooleanField(
                    required=False,
                    initial=getattr(preference, channel) if preference else True,
                )
                row["fields"].append(name)
            self.kinds.append(row)

    def rows(self):
        """(label, e-mail field, team chat field) per kind, for the template."""
        return [
            (row["label"], *(self[name] for name in row["fields"]))
            for row in self.kinds
        ]

    @transaction.atomic
    def save(self) -> None:
        for kind, _label in Kind.choices:
            NotificationPreference.objects.update_or_create(
                user=self.user,
                kind=kind,
                defaults={
                    channel: self.cleaned_data[f"{kind}__{channel}"]
                    for channel in CHANNEL_FIELDS
                },
            )
        self.user.language = self.cleaned_data["language"]
        self.user.save(update_fields=["language"])
