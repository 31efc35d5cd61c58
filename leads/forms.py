"""Forms of the lead pages: create/edit with duplicate warnings, follow-ups, moves."""

from dataclasses import dataclass

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leads.classification import ActivityKind
from leads.dedupe import normalize_company_name, normalize_email, normalize_phone
from leads.duplicate_sources import ExistingRecord, existing_records
from leads.models import FUTURE_TOLERANCE, Lead, LeadStatus
from users.clean_forms import CleanForm, CleanModelForm
from users.date_bounds import refuse_past_next_contact
from users.filters import AssigneeField, OwnerChoiceField
from users.forms import FriendlyFields
from users.models import User
from users.versioning import VersionedFormMixin
from users.visibility import visible_users

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
# How many possible duplicates the warning lists at most.
DUPLICATES_SHOWN = 10


def datetime_input(**attrs) -> forms.DateTimeInput:
    return forms.DateTimeInput(
        attrs={"type": "datetime-local", **attrs}, format=DATETIME_FORMAT
    )


@dataclass(frozen=True)
class PossibleDuplicate:
    lead: Lead
    visible: bool
    matches: list[str]


@dataclass(frozen=True)
class ExistingMatch:
    """A customer or contact the lead may already be, and what they share."""

    record: ExistingRecord
    matches: list[str]


class LeadForm(FriendlyFields, VersionedFormMixin, CleanModelForm):
    """Create or edit a lead; warns about duplicates until "save anyway" is ticked.

    Duplicates are other leads, and customers or contacts that the apps after
    leads report through `leads.duplicate_sources`.

    The owner field is only offered to managers and administrators; a
    salesperson's new lead is their own.
    """

    save_anyway = forms.BooleanField(
        label=_("Save anyway: this is not one of the leads above"),
        required=False,
    )

    class Meta:
        model = Lead
        fields = [
            "company_name",
            "contact_name",
            "title",
            "phone",
            "email",
            "source",
            "industry",
            "region",
            "owner",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"owner": OwnerChoiceField}

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.duplicates: list[PossibleDuplicate] = []
        self.existing: list[ExistingMatch] = []
        if user.is_manager or user.is_admin:
            owner = self.fields["owner"]
            # A departed rep stays the choice until someone else is picked:
            # editing their lead must not send it to the pool unasked.
            owner.queryset = visible_users(user, include_inactive=True).filter(
                Q(is_active=True) | Q(pk=self.instance.owner_id)
            )
            owner.empty_label = _("Shared pool (no owner)")
        else:
            del self.fields["owner"]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        keys = self._changed_keys(cleaned)
        self.duplicates = self._find_duplicates(*keys)
        self.existing = self._find_existing(*keys)
        if cleaned.get("save_anyway"):
            return cleaned
        if self.existing:
            # The bound field exists since the fields were cleaned: relabel it.
            self["save_anyway"].label = _("Save anyway: I still want this lead")
            raise forms.ValidationError(
                _(
                    "This lead may already exist or be a customer. Check the "
                    "records below; tick “save anyway” if you still want this lead."
                ),
                code="possible_duplicate",
            )
        if self.duplicates:
            raise forms.ValidationError(
                _(
                    "This lead may already exist. Check the leads below; tick "
                    "“save anyway” if yours is a different one."
                ),
                code="possible_duplicate",
            )
        return cleaned

    def _find_duplicates(
        self, company: str, phone: str, email: str
    ) -> list[PossibleDuplicate]:
        found = list(
            Lead.objects.duplicates_of(
                company_name=company,
                phone=phone,
                email=email,
                exclude_pk=self.instance.pk,
            ).select_related("owner")[:DUPLICATES_SHOWN]
        )
        if not found:
            return []
        visible_ids = set(
            Lead.objects.visible_to(self.user)
            .filter(pk__in=[lead.pk for lead in found])
            .values_list("pk", flat=True)
        )
        wanted = (
            normalize_company_name(company),
            normalize_phone(phone),
            normalize_email(email),
        )
        return [
            PossibleDuplicate(lead, lead.pk in visible_ids, _matches(lead, *wanted))
            for lead in found
        ]

    def _find_existing(
        self, company: str, phone: str, email: str
    ) -> list[ExistingMatch]:
        # A converted lead is a customer already: it would only find itself.
        if self.instance.status == LeadStatus.CONVERTED:
            return []
        found = existing_records(
            company_name=company, phone=phone, email=email, user=self.user
        )
        return [
            ExistingMatch(record, [str(MATCH_LABELS[f]) for f in record.fields])
            for record in found
        ]

    def _changed_keys(self, cleaned) -> tuple[str, str, str]:
        """Company, phone and e-mail to check; "" for those an edit left alone.

        A lead saved anyway once is not questioned again on every later edit.
        """
        keys = []
        for field, normalize in (
            ("company_name", normalize_company_name),
            ("phone", normalize_phone),
            ("email", normalize_email),
        ):
            value = cleaned.get(field, "")
            before = getattr(self.instance, field) if self.instance.pk else None
            unchanged = before is not None and normalize(before) == normalize(value)
            keys.append("" if unchanged else value)
        return tuple(keys)


MATCH_LABELS = {
    "company_name": _("same company"),
    "phone": _("same phone"),
    "email": _("same email"),
}


def _matches(lead: Lead, company: str, phone: str, email: str) -> list[str]:
    """What a possible duplicate shares with the lead being saved."""
    matches = []
    if company and lead.company_normalized == company:
        matches.append(MATCH_LABELS["company_name"])
    if phone and lead.phone_normalized == phone:
        matches.append(MATCH_LABELS["phone"])
    if email and lead.email_normalized == email:
        matches.append(MATCH_LABELS["email"])
    return matches


class LeadActivityForm(FriendlyFields, CleanForm):
    """A follow-up on a lead and the next contact it schedules."""

    kind = forms.ChoiceField(
        label=_("Type"),
        choices=ActivityKind.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    occurred_at = forms.DateTimeField(
        label=_("When"),
        required=False,
        widget=datetime_input(**{"class": "form-control"}),
        help_text=_("Leave empty to use the current time."),
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=5000,
        widget=forms.Textarea(
            attrs={
                "rows": 2,
                "class": "form-control",
                "placeholder": _("What was said, what was agreed"),
            }
        ),
    )
    next_contact_at = forms.DateTimeField(
        label=_("Next contact"),
        required=False,
        widget=datetime_input(**{"class": "form-control"}),
    )

    def clean_occurred_at(self):
        occurred = self.cleaned_data["occurred_at"]
        if occurred and occurred > timezone.now() + FUTURE_TOLERANCE:
            raise forms.ValidationError(
                _("A follow-up cannot be in the future; plan it as the next contact."),
                code="future",
            )
        return occurred

    def clean_next_contact_at(self):
        return refuse_past_next_contact(self.cleaned_data["next_contact_at"])

    def clean(self):
        cleaned = super().clean()
        occurred, upcoming = cleaned.get("occurred_at"), cleaned.get("next_contact_at")
        if occurred and upcoming and upcoming <= occurred:
            self.add_error(
                "next_contact_at",
                _("The next contact must come after this follow-up."),
            )
        return cleaned


class LeadStatusForm(CleanForm):
    """The status moves a salesperson makes by hand on the detail page."""

    status = forms.ChoiceField(
        choices=[
            (LeadStatus.QUALIFIED, LeadStatus.QUALIFIED.label),
            (LeadStatus.UNQUALIFIED, LeadStatus.UNQUALIFIED.label),
            (LeadStatus.CONTACTED, LeadStatus.CONTACTED.label),
        ],
        error_messages={"invalid_choice": _("This status cannot be set by hand.")},
    )


def _owner_field(user: User, empty_label) -> AssigneeField:
    """Someone to assign to: listed, or searched as one types past
    `OWNER_SEARCH_THRESHOLD` people (an administrator sees a thousand)."""
    return AssigneeField(
        label=_("Assign to"),
        queryset=visible_users(user),
        empty_label=empty_label,
        error_messages={
            "invalid_choice": _("You can only assign leads to people in your teams.")
        },
    )


class LeadAssignForm(CleanForm):
    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = _owner_field(user, _("Assign to…"))


class LeadBulkAssignForm(CleanForm):
    """Assign several of the leads a manager sees to one of their people."""

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leads"] = forms.ModelMultipleChoiceField(
            queryset=Lead.objects.visible_to(user),
            error_messages={
                "required": _("Select at least one lead."),
                "invalid_choice": _("Some of the selected leads are not yours to see."),
                "invalid_pk_value": _("Some of the selected leads are not valid."),
            },
        )
        self.fields["owner"] = _owner_field(user, _("Choose a person"))
