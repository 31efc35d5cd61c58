"""Receivable plans (installments), payments received and invoices issued."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from contracts.models import Contract
from contracts.workflow import RECEIVING
from opportunities.models import MONEY
from users.visibility import OwnedQuerySet, TimeStampedModel

POSITIVE = [MinValueValidator(Decimal("0.01"))]


class InstallmentQuerySet(OwnedQuerySet):
    owner_field = "contract__owner"

    def unpaid(self):
        return self.filter(paid_amount__lt=models.F("amount"))

    def overdue(self, today: date):
        """Past their due date and not fully paid."""
        return self.unpaid().filter(due_date__lt=today)

    def receivable(self):
        """Installments of contracts that money comes in for."""
        return self.filter(contract__status__in=list(RECEIVING))


class Installment(TimeStampedModel):
    """One due date and amount of a contract's receivable plan (回款计划)."""

    contract = models.ForeignKey(
        Contract,
        verbose_name=_("contract"),
        on_delete=models.CASCADE,
        related_name="installments",
    )
    due_date = models.DateField(_("due date"))
    amount = models.DecimalField(_("amount"), **MONEY, validators=POSITIVE)
    note = models.CharField(_("note"), max_length=200, blank=True)
    # Kept by payments/services.py from the payments (payments/allocation.py).
    paid_amount = models.DecimalField(
        _("paid"), **MONEY, default=Decimal(0), editable=False
    )

    objects = InstallmentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "paid_amount"])

    class Meta:
        verbose_name = _("installment")
        verbose_name_plural = _("installments")
        ordering = ["due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="installment_amount_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    paid_amount__gte=0, paid_amount__lte=models.F("amount")
                ),
                name="installment_paid_within_amount",
            ),
        ]
        indexes = [
            # Unpaid installments by due date; the contract and amounts are
            # included so the workbench's windows read the index alone.
            models.Index(
                fields=["due_date"],
                include=["contract", "amount", "paid_amount"],
                condition=models.Q(paid_amount__lt=models.F("amount")),
                name="installment_unpaid_due",
            ),
            models.Index(
                fields=["contract", "due_date"], name="installment_contract_due"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.due_date:%Y-%m-%d} {self.amount}"

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.paid_amount

    @property
    def is_paid(self) -> bool:
        return self.paid_amount >= self.amount

    def is_overdue_on(self, today: date) -> bool:
        return not self.is_paid and self.due_date < today


class PaymentMethod(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    ACCEPTANCE_BILL = "acceptance_bill", _("Bank acceptance bill")
    CHEQUE = "cheque", _("Cheque")
    ONLINE = "online", _("Online payment")
    CASH = "cash", _("Cash")
    OTHER = "other", _("Other")


class PaymentQuerySet(OwnedQuerySet):
    owner_field = "contract__owner"


class Payment(TimeStampedModel):
    """Money received from the customer on a contract (回款)."""

    contract = models.ForeignKey(
        Contract,
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="payments",
    )
    installment = models.ForeignKey(
        Installment,
        verbose_name=_("installment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="payments",
    )
    received_on = models.DateField(_("received on"))
    amount = models.DecimalField(_("amount"), **MONEY, validators=POSITIVE)
    method = models.CharField(
        _("method"),
        max_length=20,
        choices=PaymentMethod.choices,
        default=PaymentMethod.BANK_TRANSFER,
    )
    reference = models.CharField(
        _("reference"),
        max_length=100,
        blank=True,
        help_text=_("Bank slip, bill or transaction number."),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    is_overpayment = models.BooleanField(
        _("overpayment"),
        default=False,
        help_text=_("The customer paid more than the contract amount."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    objects = PaymentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="payment_amount_positive"
            ),
        ]
        indexes = [
            models.Index(
                fields=["contract", "received_on"], name="payment_contract_date"
            ),
            models.Index(fields=["received_on"], name="payment_received_on"),
            models.Index(fields=["received_on", "id"], name="payment_received_id"),
        ]

    def __str__(self) -> str:
        return f"{self.received_on:%Y-%m-%d} {self.amount}"


class InvoiceKind(models.TextChoices):
    VAT_GENERAL = "vat_general", _("VAT general invoice")
    VAT_SPECIAL = "vat_special", _("VAT special invoice")


class InvoiceStatus(models.TextChoices):
    ISSUED = "issued", _("Issued")
    DELIVERED = "delivered", _("Delivered")
    VOID = "void", pgettext_lazy("invoice status", "Void")


class InvoiceQuerySet(OwnedQuerySet):
    owner_field = "contract__owner"

    def counted(self):
        """Invoices that count towards the invoiced amount (not void)."""
        return self.exclude(status=InvoiceStatus.VOID)


class Invoice(TimeStampedModel):
    """A VAT invoice (发票) issued to the customer on a contract."""

    contract = models.ForeignKey(
        Contract,
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="invoices",
    )
    number = models.CharField(
        _("invoice number"),
        max_length=20,
        unique=True,
        validators=[
            RegexValidator(r"^\d{8,20}$", _("An invoice number has 8 to 20 digits."))
        ],
    )
    kind = models.CharField(
        _("type"),
        max_length=20,
        choices=InvoiceKind.choices,
        default=InvoiceKind.VAT_SPECIAL,
    )
    amount = models.DecimalField(_("amount"), **MONEY, validators=POSITIVE)
    issued_on = models.DateField(_("issued on"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InvoiceStatus.choices,
        default=InvoiceStatus.ISSUED,
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    objects = InvoiceQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="invoice_amount_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["contract", "status"], name="invoice_contract_status"),
            models.Index(fields=["issued_on"], name="invoice_issued_on"),
            # The list's default order (latest first), ties broken by id.
            models.Index(fields=["issued_on", "id"], name="invoice_issued_id"),
        ]

    def __str__(self) -> str:
        return self.number
