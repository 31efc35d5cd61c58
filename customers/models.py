from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from customers.credit_code import credit_code_error
from leads.classification import Industry, Region
from leads.contact_schedule import ContactScheduleQuerySet
from leads.dedupe import normalize_company_name, normalize_email, normalize_phone
from leads.models import Lead
from users.versioning import VersionedModel
from users.visibility import OwnedModel, OwnedQuerySet, TimeStampedModel

CREDIT_CODE_MESSAGES = {
    "length": _("A unified social credit code has exactly 18 characters."),
    "character": _(
        "A unified social credit code uses only digits and capital letters, "
        "never I, O, S, V or Z."
    ),
    "check digit": _(
        "This unified social credit code is mistyped: its last character does "
        "not match the check digit."
    ),
}


def validate_credit_code(value: str) -> None:
    if value and (problem := credit_code_error(value)):
        raise ValidationError(CREDIT_CODE_MESSAGES[problem], code="credit_code")


def validate_legal_name(value: str) -> None:
    """Refuse a name with nothing left to compare once normalized ("...", "()")."""
    if value and not normalize_company_name(value):
        raise ValidationError(
            _(
                "A legal name needs letters or digits; punctuation and spaces "
                "alone do not name a company."
            ),
            code="empty_name",
        )


class CustomerQuerySet(ContactScheduleQuerySet, OwnedQuerySet):
    def with_name(self, legal_name: str):
        if not (normalized := normalize_company_name(legal_name)):
            return self.none()
        return self.filter(name_normalized=normalized)

    def possible_duplicates(self, *, legal_name="", credit_code="", exclude_pk=None):
        """Customers with the same normalized name or credit code."""
        q = models.Q()
        if name := normalize_company_name(legal_name):
            q |= models.Q(name_normalized=name)
        if credit_code:
            q |= models.Q(credit_code=credit_code.strip().upper())
        if not q:
            return self.none()
        found = self.filter(q)
        return found.exclude(pk=exclude_pk) if exclude_pk else found

    def matching(self, text: str):
        """Customers whose legal name or credit code contains `text`.

        The name is also compared folded, so "华为(深圳" finds "华为（深圳）".
        """
        text = text.strip()
        if not text:
            return self.none()
        q = models.Q(legal_name__icontains=text) | models.Q(
            credit_code__contains=text.upper()
        )
        if folded := normalize_company_name(text):
            q |= models.Q(name_normalized__contains=folded)
        return self.filter(q)


class Customer(VersionedModel, OwnedModel):
    """A legal entity that buys from us; it exists exactly once."""

    legal_name = models.CharField(
        _("legal name"), max_length=200, validators=[validate_legal_name]
    )
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
    )
    industry = models.CharField(
        _("industry"), max_length=20, choices=Industry.choices, blank=True
    )
    region = models.CharField(
        _("region"), max_length=20, choices=Region.choices, blank=True
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    last_contact_at = models.DateTimeField(_("last contact"), null=True, blank=True)
    next_contact_at = models.DateTimeField(_("next contact"), null=True, blank=True)
    name_normalized = models.CharField(max_length=200, editable=False)

    objects = CustomerQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "name_normalized"])

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["legal_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["name_normalized"], name="customer_unique_normalized_name"
            ),
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~models.Q(credit_code=""),
                name="customer_unique_credit_code",
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "legal_name"], name="customer_owner_name"),
            # The customers of a list of owners by id, from the index alone
            # (follow-ups a manager sees are joined to them).
            models.Index(fields=["owner", "id"], name="customer_owner_id"),
            # The list's default order (by name) when everything is seen.
            models.Index(fields=["legal_name", "id"], name="customer_name"),
            # New customers in a period (the performance report).
            models.Index(fields=["created_at"], name="customer_created"),
            models.Index(fields=["owner", "created_at"], name="customer_owner_created"),
            models.Index(
                fields=["owner", "next_contact_at"], name="customer_owner_next"
            ),
            # The reminder tick: customers whose next contact is near.
            models.Index(fields=["next_contact_at"], name="customer_next_contact"),
        ]

    def __str__(self) -> str:
        return self.legal_name

    def save(self, *args, **kwargs):
        self.credit_code = self.credit_code.strip().upper()
        self.name_normalized = normalize_company_name(self.legal_name)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "credit_code",
                "name_normalized",
            }
        super().save(*args, **kwargs)

    def validate_unique(self, exclude=None):
        # The normalized name is derived in save(); check it here so forms get
        # a message on the legal name field instead of an IntegrityError.
        super().validate_unique(exclude)
        if exclude and "legal_name" in exclude:
            return
        clash = Customer.objects.with_name(self.legal_name).exclude(pk=self.pk).first()
        if clash:
            raise ValidationError(
                {
                    "legal_name": _(
                        "A customer with this legal name already exists: %(name)s."
                    )
                    % {"name": clash.legal_name}
                },
                code="duplicate",
            )


class BuyingRole(models.TextChoices):
    DECISION_MAKER = "decision_maker", _("Decision maker")
    INFLUENCER = "influencer", _("Influencer")
    USER = "user", _("User")
    GATEKEEPER = "gatekeeper", _("Gatekeeper")


class ContactQuerySet(OwnedQuerySet):
    owner_field = "customer__owner"

    def reachable_at(self, *, phone: str = "", email: str = ""):
        """Contacts with the same phone or e-mail, compared normalized."""
        q = models.Q()
        if phone := normalize_phone(phone):
            q |= models.Q(phone_normalized=phone)
        if email := normalize_email(email):
            q |= models.Q(email_normalized=email)
        return self.filter(q) if q else self.none()


class Contact(VersionedModel, TimeStampedModel):
    """A person at a customer, and the part they play in the purchase."""

    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    name = models.CharField(_("name"), max_length=100)
    department = models.CharField(_("department"), max_length=100, blank=True)
    title = models.CharField(_("job title"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    buying_role = models.CharField(
        _("buying role"),
        max_length=20,
        choices=BuyingRole.choices,
        default=BuyingRole.USER,
    )
    notes = models.TextField(_("notes"), blank=True)
    source_lead = models.OneToOneField(
        Lead,
        verbose_name=_("converted from lead"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact",
    )
    # Normalized copies, kept in step by save(), so that a new lead typed
    # with this phone or e-mail is recognised however either was written.
    phone_normalized = models.CharField(max_length=40, editable=False, db_index=True)
    email_normalized = models.CharField(max_length=254, editable=False, db_index=True)

    objects = ContactQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["updated_at", "phone_normalized", "email_normalized"]
    )

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["customer", "name"], name="contact_customer_name")
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.phone_normalized = normalize_phone(self.phone)
        self.email_normalized = normalize_email(self.email)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "phone_normalized",
                "email_normalized",
            }
        super().save(*args, **kwargs)
