"""The coaching note form."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.coaching_models import CoachingNote


class CoachingNoteForm(forms.ModelForm):
    class Meta:
        model = CoachingNote
        fields = ["agreed", "follow_up_on"]
        widgets = {
            "agreed": forms.Textarea(attrs={"rows": 3}),
            "follow_up_on": forms.DateInput(attrs={"type": "date"}),
        }

    def clean_follow_up_on(self):
        day = self.cleaned_data["follow_up_on"]
        if day and day < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later day."))
        return day
