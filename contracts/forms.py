"""Forms of the contract pages: the contract with its lines, moves, attachments."""

from decimal import Decimal
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.forms import inlineformset_factory
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contracts.models import Contract, ContractLine, ContractStatus
from contracts.services import VoidOutcome
from contracts.workflow import Action
from customers.models import Customer
from customers.widgets import CustomerPicker
from opportunities.forms import MAX_LINES, BaseLineFormSet, OpportunityLineForm
from opportunities.models import Opportunity, OpportunityStatus
from users.clean_forms import CleanForm, CleanModelForm
from users.forms import FriendlyFields
from users.models import User
from users.record_keys import record_key
from users.versioning import VersionedFormMixin
from users.visibility import visible_users

DATE_INPUT = {"attrs": {"type": "date"}, "format": "%Y-%m-%d"}
MEGABYTE = 1024 * 1024


def contract_opportunity_choices(user: User, customer_id: int | None):
    """The deals a contract of this customer may be made from: open or won, seen."""
    if not customer_id:
        return Opportunity.objects.none()
    return (
        Opportunity.objects.visible_to(user)
        .filter(
            customer_id=customer_id,
            status__in=[OpportunityStatus.OPEN, OpportunityStatus.WON],
        )
        .order_by("-created_at", "-pk")
    )


class ContractForm(FriendlyFields, VersionedFormMixin, CleanModelForm):
    money_fields = ("amount",)

    class Meta:
        model = Contract
        fields = [
            "title",
            "customer",
            "opportunity",
            "owner",
            "amount",
            "starts_on",
            "ends_on",
            "terms",
        ]
        widgets = {
            "starts_on": forms.DateInput(**DATE_INPUT),
            "ends_on": forms.DateInput(**DATE_INPUT),
            "terms": forms.Textarea(attrs={"rows": 5}),
            # Searches instead of listing every customer the user sees.
            "customer": CustomerPicker,
        }

    def __init__(self, *args, user: User, has_lines: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        editing = self.instance.pk is not None

        customer = self.fields["customer"]
        customer.queryset = Customer.objects.visible_to(user).order_by("legal_name")
        customer.error_messages["invalid_choice"] = _(
            "Choose one of your customers from the list."
        )
        # Choosing another customer reloads the deal choices (htmx).
        customer.widget.attrs.update(
            {
                "hx-get": reverse("contracts:opportunity_options"),
                "hx-target": "#id_opportunity",
                "hx-trigger": "change",
            }
        )

        opportunity = self.fields["opportunity"]
        opportunity.queryset = self._opportunity_queryset()
        opportunity.empty_label = _("— none —")
        opportunity.error_messages["invalid_choice"] = _(
            "Choose an open or won opportunity of this customer."
        )
        opportunity.help_text = _(
            "Signing the contract marks this opportunity won. The list follows the "
            "customer."
        )

        if user.is_manager or user.is_admin:
            owners = visible_users(user)
            if self.instance.owner_id:
                # The current owner stays a choice even after leaving the company.
                owners = owners | User.objects.filter(pk=self.instance.owner_id)
            self.fields["owner"].queryset = owners.distinct().order_by("username")
            if not editing:
                self.initial.setdefault("owner", self.instance.owner_id or user.pk)
        else:
            # Salespeople own what they make; assigning is a manager's job.
            del self.fields["owner"]

        amount = self.fields["amount"]
        amount.required = False
        amount.min_value = Decimal(0)
        self.has_lines = has_lines
        if has_lines:
            amount.widget.attrs.update(readonly=True, **{"class": "bg-body-tertiary"})
            amount.help_text = _("The amount follows the contract lines.")
        else:
            amount.help_text = _(
                "Leave as is when you add contract lines: their total replaces it."
            )

    def _customer_id(self) -> int | None:
        """The customer the deal choices follow: posted, initial, or the saved one."""
        if self.is_bound:
            raw = self.data.get(self.add_prefix("customer"), "")
        else:
            raw = self.initial.get("customer") or self.instance.customer_id or ""
            raw = getattr(raw, "pk", raw)
        return record_key(raw)

    def _opportunity_queryset(self):
        choices = contract_opportunity_choices(self.user, self._customer_id())
        if self.instance.opportunity_id:
            # A draft keeps its deal as a choice; saving explains what is wrong.
            choices = choices | Opportunity.objects.filter(
                pk=self.instance.opportunity_id
            )
        return choices.distinct()

    def clean_amount(self):
        amount = self.cleaned_data.get("amount")
        if amount is None:
            return self.instance.amount if self.instance.pk else Decimal(0)
        if amount < 0:
            raise forms.ValidationError(_("The amount cannot be negative."))
        return amount

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data.get("title", "").split())
        if not title:
            raise forms.ValidationError(_("Give the contract a title."))
        return title

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error(
                "ends_on",
                _("The end date (%(ends)s) is before the start date (%(starts)s).")
                % {"ends": ends_on.isoformat(), "starts": starts_on.isoformat()},
            )
        return cleaned


class ContractLineForm(OpportunityLineForm):
    """The purchase-line form of a deal, for the lines of a contract."""

    class Meta(OpportunityLineForm.Meta):
        model = ContractLine


class BaseContractLineFormSet(BaseLineFormSet):
    """Deal lines as the rows of a new contract, with the deal's products kept."""

    def __init__(self, *args, initial=None, **kwargs):
        super().__init__(*args, initial=initial, **kwargs)
        if initial:
            # One row per copied line, and no blank one under them.
            self.extra = len(initial)


ContractLineFormSet = inlineformset_factory(
    Contract,
    ContractLine,
    form=ContractLineForm,
    formset=BaseContractLineFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_LINES,
    absolute_max=MAX_LINES,
    validate_max=True,
)


class MoveForm(CleanForm):
    """What a status move asks for: a reason, a signing date, a deal's fate."""

    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    signed_on = forms.DateField(
        label=_("Signed on"), required=False, widget=forms.DateInput(**DATE_INPUT)
    )
    void_outcome = forms.ChoiceField(
        label=_("What happens to the won opportunity?"),
        required=False,
        widget=forms.RadioSelect,
        choices=[
            (VoidOutcome.KEEP, _("Keep it won (the deal was won another way)")),
            (VoidOutcome.REOPEN, _("Reopen it (the customer may still buy)")),
            (VoidOutcome.LOST, _("Mark it lost (the reason above is kept)")),
        ],
    )

    def __init__(self, *args, contract: Contract, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.contract = contract
        self.action = action
        self.needs_note = action in (Action.RETURN, Action.VOID)
        self.asks_date = action == Action.SIGN
        self.asks_outcome = action == Action.VOID and voiding_undoes_a_win(contract)
        note = self.fields["note"]
        if self.needs_note:
            note.required = True
            note.label = _("Reason")
            note.error_messages["required"] = _("Give a reason.")
        if self.asks_date:
            self.fields["signed_on"].required = True
            self.fields["signed_on"].error_messages["required"] = _(
                "Enter the date the contract was signed."
            )
            self.initial.setdefault("signed_on", timezone.localdate())
        else:
            del self.fields["signed_on"]
        if self.asks_outcome:
            outcome = self.fields["void_outcome"]
            outcome.required = True
            outcome.error_messages["required"] = _(
                "Choose what happens to the opportunity."
            )
        else:
            del self.fields["void_outcome"]

    def clean_note(self) -> str:
        note = (self.cleaned_data.get("note") or "").strip()
        if self.needs_note and not note:
            raise forms.ValidationError(_("Give a reason."))
        return note

    def clean_signed_on(self):
        signed_on = self.cleaned_data.get("signed_on")
        if signed_on and signed_on > timezone.localdate():
            raise forms.ValidationError(_("The signing date cannot be in the future."))
        return signed_on


def voiding_undoes_a_win(contract: Contract) -> bool:
    """Voiding this contract would leave a deal won by it: ask what to do."""
    opportunity = contract.opportunity
    return (
        contract.status == ContractStatus.SIGNED
        and opportunity is not None
        and opportunity.status == OpportunityStatus.WON
    )


def allowed_extensions() -> list[str]:
    return [ext.lower().lstrip(".") for ext in settings.CONTRACT_ATTACHMENT_EXTENSIONS]


class AttachmentForm(CleanForm):
    file = forms.FileField(
        label=_("File"),
        error_messages={
            "required": _("Choose a file to upload."),
            "empty": _("The file is empty."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ",".join(
            f".{ext}" for ext in allowed_extensions()
        )
        self.fields["file"].help_text = self.limits_text()

    @staticmethod
    def limits_text() -> str:
        return _("Up to %(size)s MB; types: %(types)s.") % {
            "size": settings.CONTRACT_ATTACHMENT_MAX_MB,
            "types": ", ".join(allowed_extensions()),
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        extension = PurePath(upload.name).suffix.lower().lstrip(".")
        accepted = allowed_extensions()
        if extension not in accepted:
            if extension:
                message = _(
                    "Files of type .%(ext)s are not accepted; use one of: %(types)s."
                )
            else:
                message = _(
                    "Files without a type are not accepted; use one of: %(types)s."
                )
            raise forms.ValidationError(
                message % {"ext": extension, "types": ", ".join(accepted)}
            )
        if upload.size > self.max_bytes():
            raise forms.ValidationError(self.size_error(upload.size))
        return upload

    @staticmethod
    def max_bytes() -> int:
        return settings.CONTRACT_ATTACHMENT_MAX_MB * MEGABYTE

    @staticmethod
    def size_error(size: int) -> str:
        return _("The file is %(size)s MB; the limit is %(limit)s MB.") % {
            "size": f"{size / MEGABYTE:.1f}",
            "limit": settings.CONTRACT_ATTACHMENT_MAX_MB,
        }

    def refuse_size(self, size: int) -> None:
        """Say the upload is too big without reading it (an unbound form)."""
        self.cleaned_data = {}
        self.add_error("file", self.size_error(size))
