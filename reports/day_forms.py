"""My day's quick actions: reschedule a next contact, log a follow-up."""

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leads.classification import ActivityKind
from leads.forms import datetime_input
from reports.quick_times import quick_time
from users.clean_forms import CleanForm

PICK = "pick"
NEXT_CHOICES = [
    ("in_2_hours", _("In 2 hours")),
    ("tomorrow_0900", _("Tomorrow 09:00")),
    ("next_monday_0900", _("Next Monday 09:00")),
    (PICK, _("Pick a date")),
]
# The one-tap choices of a row's reschedule menu (picking has its own field).
QUICK_CHOICES = NEXT_CHOICES[:-1]


class RescheduleForm(CleanForm):
    when = forms.ChoiceField(
        label=_("Next contact"), choices=NEXT_CHOICES, widget=forms.RadioSelect
    )
    picked = forms.DateTimeField(
        label=_("Date and time"),
        required=False,
        widget=datetime_input(**{"class": "form-control form-control-sm"}),
    )

    def clean(self):
        cleaned = super().clean()
        when = cleaned.get("when")
        if not when:
            return cleaned
        now = timezone.localtime()
        if when != PICK:
            cleaned["next_contact_at"] = quick_time(when, now)
            return cleaned
        picked: datetime | None = cleaned.get("picked")
        if picked is None:
            self.add_error("picked", _("Pick the date and time of the next contact."))
        elif picked < now:
            self.add_error("picked", _("The next contact cannot be in the past."))
        else:
            cleaned["next_contact_at"] = picked
        return cleaned


class QuickFollowUpForm(RescheduleForm):
    kind = forms.ChoiceField(
        label=_("Type"), choices=ActivityKind.choices, initial=ActivityKind.CALL
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    field_order = ["kind", "summary", "when", "picked"]

    def clean_summary(self) -> str:
        summary = self.cleaned_data["summary"].strip()
        if not summary:
            raise forms.ValidationError(_("Say what happened."))
        return summary
