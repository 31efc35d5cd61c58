"""Forms of the receivable pages: the plan rows, a payment, an invoice, a void."""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet, formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contracts.models import Contract
from payments.models import Installment, Invoice, Payment
from payments.services import PlannedInstallment
from users.clean_forms import CleanForm, CleanModelForm
from users.forms import FriendlyFields
from users.money import format_money

DATE_INPUT = {"type": "date"}
INVOICE_NUMBER = re.compile(r"^\d{8,20}$")


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d")


def _money_input() -> forms.NumberInput:
    return forms.NumberInput(attrs={"step": "0.01", "min": "0.01"})


class PlanRowForm(CleanForm):
    """One installment of the plan as the user types it."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    due_date = forms.DateField(label=_("Due date"), widget=_date_input())
    amount = forms.DecimalField(
        label=_("Amount"), max_digits=14, decimal_places=2, widget=_money_input()
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def clean_amount(self) -> Decimal:
        amount = self.cleaned_data["amount"]
        if amount <= 0:
            raise ValidationError(_("The amount must be above zero."))
        return amount

    def clean_note(self) -> str:
        return self.cleaned_data.get("note", "").strip()


class BasePlanFormSet(BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not self.rows():
            raise ValidationError(_("Add at least one installment."))

    def rows(self) -> list[PlannedInstallment]:
        """The kept rows, in due-date order, as the service takes them."""
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        kept.sort(key=lambda row: row["due_date"])
        return [
            PlannedInstallment(
                due_date=row["due_date"],
                amount=row["amount"],
                note=row.get("note", ""),
                pk=row.get("id"),
            )
            for row in kept
        ]


# Ten years of monthly installments; also bounds what a forged "TOTAL_FORMS"
# makes the page build.
MAX_INSTALLMENTS = 120

PlanFormSet = formset_factory(
    PlanRowForm,
    formset=BasePlanFormSet,
    extra=0,
    can_delete=True,
    max_num=MAX_INSTALLMENTS,
    absolute_max=MAX_INSTALLMENTS,
    validate_max=True,
)


class InstallmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, installment: Installment) -> str:
        return _("Due %(date)s · %(amount)s, %(remaining)s remaining") % {
            "date": installment.due_date.isoformat(),
            "amount": format_money(installment.amount),
            "remaining": format_money(installment.remaining),
        }


class PaymentForm(FriendlyFields, CleanModelForm):
    money_fields = ("amount",)

    """Money received on one contract; the service checks it against the amount."""

    installment = InstallmentChoiceField(
        label=_("For installment"),
        queryset=Installment.objects.none(),
        required=False,
        empty_label=_("— not matched: settle the earliest due first —"),
        help_text=_(
            "Match the payment when the customer paid a particular installment; "
            "otherwise it settles the installments in due-date order."
        ),
    )

    class Meta:
        model = Payment
        fields = [
            "received_on",
            "amount",
            "method",
            "installment",
            "reference",
            "note",
            "is_overpayment",
        ]
        widgets = {
            "received_on": _date_input(),
            "amount": _money_input(),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"is_overpayment": _("This is an overpayment")}
        help_texts = {
            "is_overpayment": _(
                "Tick only when the customer really paid more than is outstanding "
                "on the contract; the surplus is shown as overpaid."
            ),
        }

    def __init__(self, *args, contract: Contract, **kwargs):
        super().__init__(*args, **kwargs)
        self.contract = contract
        self.fields["installment"].queryset = contract.installments.all()
        self.initial.setdefault("received_on", timezone.localdate())

    def clean_amount(self) -> Decimal:
        amount = self.cleaned_data["amount"]
        if amount <= 0:
            raise ValidationError(_("The amount must be above zero."))
        return amount


class InvoiceForm(FriendlyFields, CleanModelForm):
    money_fields = ("amount",)

    """An invoice issued on one contract; the service checks the invoiced total."""

    # Longer than the column: spaces typed between digit groups are dropped.
    number = forms.CharField(
        label=_("Invoice number"),
        max_length=40,
        help_text=_("The 8 to 20 digits printed on the invoice."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = Invoice
        fields = ["number", "kind", "amount", "issued_on", "note"]
        widgets = {
            "issued_on": _date_input(),
            "amount": _money_input(),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("issued_on", timezone.localdate())

    def clean_number(self) -> str:
        number = "".join(self.cleaned_data["number"].split())
        if not INVOICE_NUMBER.match(number):
            raise ValidationError(_("An invoice number has 8 to 20 digits."))
        return number

    def clean_amount(self) -> Decimal:
        amount = self.cleaned_data["amount"]
        if amount <= 0:
            raise ValidationError(_("The amount must be above zero."))
        return amount

    def validate_unique(self):
        # The service checks uniqueness in its transaction; a second check here
        # would only race with it.
        pass


class InvoiceVoidForm(CleanForm):
    note = forms.CharField(
        label=_("Why is the invoice void?"),
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: wrong amount, reissued as another number."),
    )

    def clean_note(self) -> str:
        note = self.cleaned_data["note"].strip()
        if not note:
            raise ValidationError(_("Say why the invoice is void."))
        return note


class PaymentDeleteForm(CleanForm):
    reason = forms.CharField(
        label=_("Why is the payment deleted?"),
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The contract's history keeps the payment and this reason."),
        error_messages={"required": _("Say why the payment is deleted.")},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Say why the payment is deleted."))
        return reason
