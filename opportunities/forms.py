"""Forms of the opportunity pages: the deal, its purchase lines, close, follow-up."""

import re
from decimal import Decimal

from django import forms
from django.db.models import Q
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from customers.models import Contact, Customer
from customers.widgets import CustomerPicker
from leads.classification import ActivityKind
from leads.models import FUTURE_TOLERANCE
from opportunities.models import (
    Competitor,
    DeterminationMode,
    FunnelSettings,
    Opportunity,
    OpportunityLine,
    Product,
    Stage,
)
from users.clean_forms import CleanForm, CleanModelForm
from users.date_bounds import refuse_past_next_contact
from users.forms import FriendlyFields
from users.models import User
from users.versioning import VersionedFormMixin
from users.visibility import visible_users

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
# Commas of both languages and the Chinese enumeration comma separate names.
COMPETITOR_SEPARATORS = re.compile(r"[,，、;；\n]+")


def _datetime_input() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL)


class OpportunityForm(FriendlyFields, VersionedFormMixin, CleanModelForm):
    money_fields = ("amount",)

    new_competitors = forms.CharField(
        label=_("Add new competitors"),
        required=False,
        max_length=500,
        help_text=_("Names separated by commas; they are added to the shared list."),
    )

    class Meta:
        model = Opportunity
        fields = [
            "name",
            "customer",
            "owner",
            "stage",
            "amount",
            "expected_win_date",
            "next_contact_at",
            "content",
            "timeline",
            "funding",
            "competitors",
        ]
        widgets = {
            "content": forms.Textarea(attrs={"rows": 3}),
            "timeline": forms.Textarea(attrs={"rows": 2}),
            "funding": forms.Textarea(attrs={"rows": 2}),
            "expected_win_date": forms.DateInput(
                attrs={"type": "date"}, format="%Y-%m-%d"
            ),
            "next_contact_at": _datetime_input(),
            "competitors": forms.CheckboxSelectMultiple,
            # Searches instead of listing every customer the user sees.
            "customer": CustomerPicker,
        }
        help_texts = {
            "content": _("What the customer wants to buy, and why."),
            "timeline": _("When the customer plans to decide, buy and deploy."),
            "funding": _("Where the money comes from and how much is approved."),
        }

    def __init__(self, *args, user: User, has_lines: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        editing = self.instance.pk is not None
        customer = self.fields["customer"]
        customer.queryset = Customer.objects.visible_to(user).order_by("legal_name")
        if editing and self.instance.activities.exists():
            # Its follow-ups were logged with this customer; keep them together.
            customer.disabled = True
            customer.help_text = _(
                "Follow-ups are logged on this customer, so it cannot change."
            )

        if user.is_manager or user.is_admin:
            owners = visible_users(user)
            if editing:
                # The current owner stays a choice even after leaving the company.
                owners = owners | User.objects.filter(pk=self.instance.owner_id)
            self.fields["owner"].queryset = owners.distinct().order_by("username")
            if not editing:
                self.initial.setdefault("owner", user.pk)
        else:
            # Salespeople own what they create; assigning is a manager's job.
            del self.fields["owner"]

        self.stage_follows_checklist = (
            FunnelSettings.load().mode == DeterminationMode.CHECKLIST
        )
        if self.stage_follows_checklist or (editing and not self.instance.is_open):
            # In mode B only the checklist on the deal page moves the stage; won
            # and lost are set by closing and reopening, not by this select.
            del self.fields["stage"]
        else:
            self.fields["stage"].queryset = Stage.objects.open()
            self.fields["stage"].empty_label = None
            if not editing:
                self.initial.setdefault("stage", Stage.objects.first_open())

        amount = self.fields["amount"]
        amount.required = False
        amount.min_value = Decimal(0)
        self.has_lines = has_lines
        if has_lines:
            amount.widget.attrs.update(readonly=True, **{"class": "bg-body-tertiary"})
            amount.help_text = _("The amount follows the purchase lines.")
        else:
            amount.help_text = _(
                "Leave as is when you add purchase lines: their total replaces it."
            )
        self.fields["competitors"].queryset = Competitor.objects.order_by("name")
        self.fields["competitors"].required = False

    def clean_next_contact_at(self):
        next_contact_at = self.cleaned_data["next_contact_at"]
        # Only a date the user sets now: an old one kept on edit is history.
        if "next_contact_at" in self.changed_data:
            refuse_past_next_contact(next_contact_at)
        return next_contact_at

    def clean_amount(self):
        amount = self.cleaned_data.get("amount")
        if amount is None:
            return self.instance.amount if self.instance.pk else Decimal(0)
        if amount < 0:
            raise forms.ValidationError(_("The amount cannot be negative."))
        return amount

    def clean_new_competitors(self) -> list[str]:
        raw = self.cleaned_data.get("new_competitors", "")
        names: list[str] = []
        seen: set[str] = set()
        for part in COMPETITOR_SEPARATORS.split(raw):
            name = " ".join(part.split())
            if not name or name.casefold() in seen:
                continue
            if len(name) > 120:
                raise forms.ValidationError(
                    _("A competitor's name has at most 120 characters: %(name)s"),
                    params={"name": name[:30] + "…"},
                )
            seen.add(name.casefold())
            names.append(name)
        return names

    def save_competitors(self, opportunity: Opportunity) -> None:
        """Set the chosen competitors plus the typed-in ones (created when new)."""
        chosen = list(self.cleaned_data.get("competitors") or [])
        for name in self.cleaned_data.get("new_competitors") or []:
            existing = Competitor.objects.filter(name__iexact=name).first()
            chosen.append(existing or Competitor.objects.create(name=name))
        opportunity.competitors.set(chosen)


class OpportunityLineForm(FriendlyFields, CleanModelForm):
    money_fields = ("unit_price",)

    class Meta:
        model = OpportunityLine
        fields = ["product", "description", "quantity", "unit_price"]
        widgets = {
            "description": forms.TextInput(
                attrs={"placeholder": _("or describe the item")}
            ),
            "quantity": forms.NumberInput(attrs={"step": "any", "min": "0"}),
            "unit_price": forms.NumberInput(attrs={"step": "0.01", "min": "0"}),
        }

    def __init__(self, *args, product_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        product = self.fields["product"]
        product.empty_label = _("— free text —")
        if product_choices is not None:
            product.queryset = product_choices["queryset"]
            # Every row shares one evaluated list: one query for the whole formset.
            product.choices = product_choices["choices"]
        self.fields["unit_price"].required = False
        self.fields["unit_price"].help_text = ""
        self.fields["quantity"].error_messages["min_value"] = _(
            "The quantity must be greater than zero."
        )
        self.fields["unit_price"].error_messages["min_value"] = _(
            "The unit price cannot be negative."
        )

    def clean_quantity(self):
        quantity = self.cleaned_data.get("quantity")
        if quantity is not None and quantity <= 0:
            raise forms.ValidationError(_("The quantity must be greater than zero."))
        return quantity

    def clean_unit_price(self):
        price = self.cleaned_data.get("unit_price")
        if price is not None and price < 0:
            raise forms.ValidationError(_("The unit price cannot be negative."))
        return price

    def clean(self):
        cleaned = super().clean()
        product = cleaned.get("product")
        description = (cleaned.get("description") or "").strip()
        cleaned["description"] = description
        if not product and not description:
            raise forms.ValidationError(
                _("Choose a product or describe the item on each line.")
            )
        if cleaned.get("unit_price") is None and "unit_price" not in self.errors:
            if product:
                # A blank price takes the product's list price.
                cleaned["unit_price"] = product.unit_price
            else:
                self.add_error(
                    "unit_price", _("Enter a unit price for an item without a product.")
                )
        return cleaned


class BaseLineFormSet(BaseInlineFormSet):
    """Purchase lines whose product choices are the active products, plus the
    ones the lines already name (and `keep_products`, e.g. of copied lines)."""

    def __init__(self, *args, keep_products=(), **kwargs):
        super().__init__(*args, **kwargs)
        used = [line.product_id for line in self.get_queryset() if line.product_id]
        used += [pk for pk in keep_products if pk]
        queryset = Product.objects.filter(Q(is_active=True) | Q(pk__in=used))
        self.products = list(queryset.order_by("code"))
        self._product_choices = {
            "queryset": queryset,
            "choices": [("", _("— free text —"))]
            + [(product.pk, str(product)) for product in self.products],
        }

    def get_queryset(self):
        if not hasattr(self, "_queryset"):
            self._queryset = super().get_queryset().select_related("product")
        return self._queryset

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["product_choices"] = self._product_choices
        return kwargs

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            product_choices=self._product_choices,
        )
        self.add_fields(form, None)
        return form

    def has_lines(self) -> bool:
        """Whether lines remain after this submission (bound formsets only)."""
        return any(
            form.cleaned_data and not form.cleaned_data.get("DELETE")
            for form in self.forms
        )


# More purchase lines than a deal ever has; also bounds what a forged
# "TOTAL_FORMS" makes the page build (Django's own cap is 2,000 rows).
MAX_LINES = 100

LineFormSet = inlineformset_factory(
    Opportunity,
    OpportunityLine,
    form=OpportunityLineForm,
    formset=BaseLineFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_LINES,
    absolute_max=MAX_LINES,
    validate_max=True,
)


class CloseForm(CleanForm):
    outcome = forms.ChoiceField(
        choices=[("won", _("Won")), ("lost", _("Lost"))], widget=forms.HiddenInput
    )
    lost_reason = forms.CharField(
        label=_("Why was it lost?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        cleaned["lost_reason"] = (cleaned.get("lost_reason") or "").strip()
        if cleaned.get("outcome") == "lost" and not cleaned["lost_reason"]:
            self.add_error("lost_reason", _("Say why the opportunity was lost."))
        return cleaned


class ActivityForm(FriendlyFields, CleanForm):
    kind = forms.ChoiceField(label=_("Type"), choices=ActivityKind.choices)
    occurred_at = forms.DateTimeField(label=_("When"), widget=_datetime_input())
    contact = forms.ModelChoiceField(
        label=_("With whom"),
        queryset=Contact.objects.none(),
        required=False,
        empty_label=_("— nobody in particular —"),
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What happened, what the buyer said, what was agreed."),
    )
    next_contact_at = forms.DateTimeField(
        label=_("Next contact"),
        required=False,
        widget=_datetime_input(),
        help_text=_("When you will follow up next; you get a reminder."),
    )

    def __init__(self, *args, customer: Customer, **kwargs):
        super().__init__(*args, **kwargs)
        self.customer = customer
        self.fields["contact"].queryset = customer.contacts.order_by("name")
        self.initial.setdefault(
            "occurred_at", timezone.localtime().replace(second=0, microsecond=0)
        )

    def clean_summary(self) -> str:
        summary = self.cleaned_data["summary"].strip()
        if not summary:
            raise forms.ValidationError(_("Write a short summary of the follow-up."))
        return summary

    def clean_occurred_at(self):
        occurred_at = self.cleaned_data["occurred_at"]
        if occurred_at > timezone.now() + FUTURE_TOLERANCE:
            raise forms.ValidationError(
                _("A follow-up cannot be in the future; plan it as the next contact.")
            )
        return occurred_at

    def clean_next_contact_at(self):
        return refuse_past_next_contact(self.cleaned_data["next_contact_at"])

    def clean(self):
        cleaned = super().clean()
        occurred_at = cleaned.get("occurred_at")
        next_contact_at = cleaned.get("next_contact_at")
        if occurred_at and next_contact_at and next_contact_at <= occurred_at:
            self.add_error(
                "next_contact_at",
                _("The next contact must be later than this follow-up."),
            )
        return cleaned
