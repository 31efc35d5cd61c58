import re

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from customers.duplicates import customer_duplicate
from customers.models import BuyingRole, Contact, Customer, validate_credit_code
from leads.dedupe import normalize_company_name
from users.clean_forms import CleanModelForm
from users.forms import FriendlyFields
from users.models import User
from users.versioning import VersionedFormMixin
from users.visibility import visible_users

# Legal-form words that every second company name ends with; a name without
# them is the part worth comparing ("上海华东科技有限公司" → "上海华东").
_LEGAL_SUFFIX = re.compile(
    r"(股份有限公司|有限责任公司|有限公司|集团|控股|科技|技术|实业|发展|贸易|"
    r"coltd|ltd|limited|inc|corp|corporation|group|llc|gmbh)+$"
)
SIMILAR_LIMIT = 5


def name_core(legal_name: str) -> str:
    """The distinctive part of a company name, for the possible-duplicate hint."""
    return _LEGAL_SUFFIX.sub("", normalize_company_name(legal_name))


class CustomerForm(FriendlyFields, VersionedFormMixin, CleanModelForm):
    """Create or edit a customer; refuses duplicates with a message on the field.

    `user` decides the owner choices: managers and admins pick among the people
    they see, a salesperson always owns what they create.
    """

    website = forms.URLField(
        label=_("Website"), max_length=200, required=False, assume_scheme="https"
    )

    class Meta:
        model = Customer
        fields = [
            "legal_name",
            "credit_code",
            "industry",
            "region",
            "address",
            "phone",
            "website",
            "notes",
            "owner",
        ]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 3}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        }
        help_texts = {
            "credit_code": _("18 characters, printed on the business licence."),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # Clashes the user may open: the template links to them.
        self.name_clash: Customer | None = None
        self.code_clash: Customer | None = None
        # One message for every wrong length (the model's), not Django's
        # "at most 18" for a long one and ours for a short one.
        self.fields["credit_code"].validators = []
        if user.is_manager or user.is_admin:
            self.fields["owner"].queryset = visible_users(user)
            self.fields["owner"].initial = self.instance.owner_id or user.pk
        else:
            del self.fields["owner"]

    def _refuse_duplicate(self, field: str, value: str, *, attr: str) -> None:
        """Refuse a value another customer has; keep the clash if the user sees it."""
        duplicate = customer_duplicate(
            field, value, user=self.user, exclude_pk=self.instance.pk
        )
        if duplicate is not None:
            setattr(self, attr, duplicate.seen)
            raise duplicate.error

    def clean_legal_name(self) -> str:
        legal_name = self.cleaned_data["legal_name"].strip()
        self._refuse_duplicate("legal_name", legal_name, attr="name_clash")
        return legal_name

    def clean_credit_code(self) -> str:
        code = self.cleaned_data["credit_code"].strip().upper()
        if not code:
            return code
        # The model validator again, on the normalized value, so a code typed in
        # lower case is judged by its characters and not refused for its case.
        validate_credit_code(code)
        self._refuse_duplicate("credit_code", code, attr="code_clash")
        return code


class CustomerCreateForm(CustomerForm):
    """CustomerForm plus the possible-duplicate check, which asks once."""

    save_anyway = forms.BooleanField(
        label=_("These are different companies: save anyway"), required=False
    )

    field_order = [*CustomerForm.Meta.fields, "save_anyway"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.similar: list[Customer] = []

    def clean(self):
        cleaned = super().clean()
        legal_name = cleaned.get("legal_name")
        if self.errors or not legal_name or cleaned.get("save_anyway"):
            return cleaned
        core = name_core(legal_name)
        if len(core) < 2:
            return cleaned
        # One cheap LIKE over what the user sees; exact (normalized) matches are
        # refused by clean_legal_name, so everything found here only looks alike.
        self.similar = list(
            Customer.objects.visible_to(self.user)
            .filter(name_normalized__contains=core)
            .select_related("owner")
            .order_by("legal_name", "pk")[:SIMILAR_LIMIT]
        )
        if self.similar:
            self.add_error(
                "save_anyway",
                _(
                    "Customers with similar names exist (listed above). Open them "
                    "to check, or tick this box if yours is a different company."
                ),
            )
        return cleaned


class FirstContactForm(FriendlyFields, CleanModelForm):
    """The optional first contact on the new-customer page.

    Left as it came, it adds nothing; anything typed in it (or a buying role
    other than the default) makes it a contact, and then it needs a name.
    """

    class Meta:
        model = Contact
        fields = ["name", "title", "phone", "email", "buying_role"]
        widgets = {
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
        self.fields["name"].label = pgettext_lazy("person", "Name")
        self.fields["name"].help_text = _("Needed when you add a contact.")

    @property
    def adds_contact(self) -> bool:
        typed = [name for name in self.changed_data if name != "buying_role"]
        role = self.data.get(self.add_prefix("buying_role"))
        return bool(typed) or bool(role and role != BuyingRole.USER)

    def clean_buying_role(self) -> str:
        return self.cleaned_data["buying_role"] or BuyingRole.USER

    def clean(self):
        cleaned = super().clean()
        if self.adds_contact and not cleaned.get("name") and "name" not in self.errors:
            self.add_error(
                "name",
                _(
                    "Give the contact a name, or clear the contact fields to "
                    "create the customer without one."
                ),
            )
        return cleaned


class ContactForm(FriendlyFields, VersionedFormMixin, CleanModelForm):
    class Meta:
        model = Contact
        fields = [
            "name",
            "department",
            "title",
            "phone",
            "email",
            "buying_role",
            "notes",
        ]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 3}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        }
