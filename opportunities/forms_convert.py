"""Forms of the lead conversion page: customer, contact and optional opportunity."""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from customers.duplicates import customer_duplicate
from customers.models import Contact, Customer, validate_credit_code
from customers.widgets import CustomerPicker
from leads.models import Lead
from users.clean_forms import CleanForm, CleanModelForm
from users.models import User

LINK, CREATE = "link", "create"


class CustomerChoiceForm(CleanForm):
    """Link an existing customer the user sees, or create a new one."""

    mode = forms.ChoiceField(
        label=_("Customer"),
        choices=[
            (LINK, _("Link an existing customer")),
            (CREATE, _("Create a new customer")),
        ],
        widget=forms.RadioSelect,
    )
    customer = forms.ModelChoiceField(
        label=_("Existing customer"),
        queryset=Customer.objects.none(),
        required=False,
        widget=CustomerPicker,
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = Customer.objects.visible_to(user).order_by(
            "legal_name", "pk"
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("mode") == LINK and not cleaned.get("customer"):
            self.add_error("customer", _("Choose the customer to link the lead to."))
        return cleaned

    @property
    def creates(self) -> bool:
        return self.is_bound and self.data.get(self.add_prefix("mode")) == CREATE


class NewCustomerForm(CleanModelForm):
    """The new customer, prefilled from the lead; duplicates are refused."""

    # Validated in clean_credit_code, after the code is put in capitals.
    credit_code = forms.CharField(
        label=_("Unified social credit code"),
        max_length=18,
        required=False,
        help_text=_("18 characters; leave empty if you do not know it yet."),
    )

    class Meta:
        model = Customer
        fields = ["legal_name", "credit_code", "industry", "region", "phone"]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_legal_name(self) -> str:
        legal_name = self.cleaned_data["legal_name"].strip()
        self._refuse_duplicate("legal_name", legal_name)
        return legal_name

    def clean_credit_code(self) -> str:
        code = self.cleaned_data["credit_code"].strip().upper()
        validate_credit_code(code)
        self._refuse_duplicate("credit_code", code)
        return code

    def _refuse_duplicate(self, field: str, value: str) -> None:
        # Names the existing customer only if the user may open it.
        duplicate = customer_duplicate(field, value, user=self.user)
        if duplicate is not None:
            raise duplicate.error


class ContactConvertForm(CleanModelForm):
    class Meta:
        model = Contact
        fields = ["name", "title", "department", "phone", "email", "buying_role"]


class OpportunityConvertForm(CleanForm):
    """An optional first opportunity; its fields count only when ticked."""

    create = forms.BooleanField(label=_("Also create an opportunity"), required=False)
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    amount = forms.DecimalField(
        label=_("Amount (CNY)"),
        max_digits=14,
        decimal_places=2,
        min_value=0,
        required=False,
    )
    expected_win_date = forms.DateField(
        label=_("Expected win date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("create") and not cleaned.get("name"):
            self.add_error("name", _("Give the opportunity a name."))
        return cleaned


@dataclass
class ConversionForms:
    """The four forms of the conversion page, validated and submitted together."""

    choice: CustomerChoiceForm
    customer: NewCustomerForm
    contact: ContactConvertForm
    opportunity: OpportunityConvertForm

    @classmethod
    def for_lead(cls, lead: Lead, user: User, data=None) -> "ConversionForms":
        existing = None
        if data is None:
            existing = (
                Customer.objects.visible_to(user).with_name(lead.company_name).first()
            )
        return cls(
            choice=CustomerChoiceForm(
                data,
                user=user,
                prefix="customer",
                initial={
                    "mode": LINK if existing else CREATE,
                    "customer": existing,
                },
            ),
            customer=NewCustomerForm(
                data,
                user=user,
                prefix="new",
                initial={
                    "legal_name": lead.company_name,
                    "industry": lead.industry,
                    "region": lead.region,
                    "phone": lead.phone,
                },
            ),
            contact=ContactConvertForm(
                data,
                prefix="contact",
                initial={
                    "name": lead.contact_name,
                    "title": lead.title,
                    "phone": lead.phone,
                    "email": lead.email,
                },
            ),
            opportunity=OpportunityConvertForm(
                data,
                prefix="opportunity",
                initial={"name": lead.company_name},
            ),
        )

    def is_valid(self) -> bool:
        # Validate every form (not just up to the first failure) so that all
        # the messages show at once.
        results = [
            self.choice.is_valid(),
            self.contact.is_valid(),
            self.opportunity.is_valid(),
        ]
        if self.choice.creates:
            results.append(self.customer.is_valid())
        return all(results)

    def service_arguments(self) -> dict[str, Any]:
        """Keyword arguments for `lead_convert`, from the validated forms."""
        arguments: dict[str, Any] = {"contact_fields": self.contact.cleaned_data}
        if self.choice.cleaned_data["mode"] == CREATE:
            arguments["customer_fields"] = self.customer.cleaned_data
        else:
            arguments["customer"] = self.choice.cleaned_data["customer"]
        opportunity = self.opportunity.cleaned_data
        if opportunity["create"]:
            arguments["opportunity_fields"] = {
                "name": opportunity["name"],
                "amount": opportunity["amount"] or 0,
                "expected_win_date": opportunity["expected_win_date"],
            }
        return arguments

    def add_service_error(self, error: ValidationError) -> None:
        """Show a refusal of the conversion service on the form it concerns."""
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form = self._form_with_field(field)
                form.add_error(field if field in form.fields else None, errors)
            return
        target = self.customer if self.choice.creates else self.choice
        target.add_error(None, error)

    def _form_with_field(self, field: str) -> forms.Form:
        creating = self.choice.creates
        if creating and field in self.customer.fields:
            return self.customer
        if field in self.contact.fields:
            return self.contact
        if field in self.opportunity.fields:
            return self.opportunity
        return self.customer if creating else self.choice
