"""Contracts, their lines, attachments, status moves and number series."""

import uuid
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Greatest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from contracts.workflow import (
    ATTACHMENTS_DELETABLE,
    FINAL,
    OPEN_FOR_MONEY,
    RECEIVING,
    Action,
    Status,
)
from customers.models import Customer
from opportunities.models import MONEY, Opportunity, PurchaseLine
from users.versioning import VersionedModel
from users.visibility import (
    OwnedModel,
    OwnedQuerySet,
    TimeStampedModel,
    visible_exists,
)


class ContractStatus(models.TextChoices):
    DRAFT = Status.DRAFT, _("Draft")
    SUBMITTED = Status.SUBMITTED, _("Submitted")
    APPROVED = Status.APPROVED, _("Approved")
    SIGNED = Status.SIGNED, _("Signed")
    COMPLETED = Status.COMPLETED, _("Completed")
    VOID = Status.VOID, pgettext_lazy("contract status", "Void")


class ContractAction(models.TextChoices):
    SUBMIT = Action.SUBMIT, _("Submit for approval")
    WITHDRAW = Action.WITHDRAW, _("Withdraw")
    APPROVE = Action.APPROVE, _("Approve")
    RETURN = Action.RETURN, _("Return for changes")
    SIGN = Action.SIGN, _("Mark signed")
    COMPLETE = Action.COMPLETE, _("Mark completed")
    VOID = Action.VOID, pgettext_lazy("contract action", "Void")


class MoneyEvent(models.TextChoices):
    """Money taken back on a signed contract: kept in its history with why."""

    PAYMENT_DELETED = "payment_deleted", _("Payment deleted")
    INVOICE_VOIDED = "invoice_voided", _("Invoice voided")


class ContractQuerySet(OwnedQuerySet):
    def for_list(self):
        return self.select_related("customer", "owner", "opportunity")

    def with_links_for(self, user):
        """Whether `user` may open each contract's customer and deal.

        A contract handed to someone else keeps a customer and deal they may
        not see: pages then name them without a link that would be a 404.
        """
        return self.annotate(
            customer_visible=visible_exists(Customer, user, "customer_id"),
            opportunity_visible=visible_exists(Opportunity, user, "opportunity_id"),
        )

    def live(self):
        """Contracts that are not void."""
        return self.exclude(status=ContractStatus.VOID)

    def receiving(self):
        """Signed and completed contracts: the ones money comes in for."""
        return self.filter(status__in=list(RECEIVING))


class Contract(VersionedModel, OwnedModel):
    """A contract (合同) with a customer, usually made from a won deal."""

    number = models.CharField(_("number"), max_length=40, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    opportunity = models.ForeignKey(
        Opportunity,
        verbose_name=_("opportunity"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contracts",
    )
    amount = models.DecimalField(
        _("amount"),
        **MONEY,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ContractStatus.choices,
        default=ContractStatus.DRAFT,
        editable=False,
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True, editable=False)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    terms = models.TextField(
        _("terms"),
        blank=True,
        help_text=_("Delivery, acceptance and payment terms agreed with the buyer."),
    )
    void_reason = models.TextField(_("void reason"), blank=True, editable=False)
    # Totals of the contract's payments and of its invoices that are not void,
    # kept by the payments services under this row's lock: lists of contracts
    # sort and add up money without a subquery per row.
    received_amount = models.DecimalField(
        _("received"), **MONEY, default=Decimal(0), editable=False
    )
    invoiced_amount = models.DecimalField(
        _("invoiced"), **MONEY, default=Decimal(0), editable=False
    )

    # What is still owed, computed by the database from the row itself, so
    # the balances list sorts by it with an index instead of computing it for
    # every contract. Only signed and completed contracts owe money.
    outstanding_amount = models.GeneratedField(
        expression=models.Case(
            models.When(
                status__in=sorted(RECEIVING),
                then=Greatest(
                    models.F("amount") - models.F("received_amount"),
                    models.Value(Decimal(0)),
                ),
            ),
            default=models.Value(Decimal(0)),
            output_field=models.DecimalField(**MONEY),
        ),
        output_field=models.DecimalField(**MONEY),
        db_persist=True,
        verbose_name=_("outstanding"),
    )

    objects = ContractQuerySet.as_manager()
    # The totals have their own records (payments, invoices, contract events).
    # The receivable plan's own version (payments/services.py claims it), so
    # a plan edit and an edit of the contract's fields do not refuse each other.
    plan_version = models.PositiveIntegerField(
        _("plan version"), default=1, editable=False
    )
    version_fields = ("version", "plan_version")
    history = HistoricalRecords(
        excluded_fields=[
            "updated_at",
            "received_amount",
            "invoiced_amount",
            "outstanding_amount",
        ]
    )

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="contract_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(received_amount__gte=0, invoiced_amount__gte=0),
                name="contract_totals_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="contract_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ContractStatus.VOID)
                | ~models.Q(void_reason=""),
                name="contract_void_needs_reason",
            ),
            # A deal has at most one contract that is not void.
            models.UniqueConstraint(
                fields=["opportunity"],
                condition=~models.Q(status=ContractStatus.VOID),
                name="contract_one_live_per_opportunity",
            ),
        ]
        indexes = [
            models.Index(
                fields=["owner", "status", "-created_at"], name="contract_owner_status"
            ),
            models.Index(fields=["status", "signed_on"], name="contract_status_signed"),
            # Contracts in force signed in a period (the performance report),
            # for everyone and per owner, read from the index alone.
            models.Index(
                fields=["signed_on"],
                include=["owner", "amount"],
                condition=models.Q(status__in=["signed", "completed"]),
                name="contract_in_force_signed",
            ),
            models.Index(
                fields=["owner", "signed_on"],
                include=["amount"],
                condition=models.Q(status__in=["signed", "completed"]),
                name="contract_owner_in_force",
            ),
            # The contracts money is owed on, for joining their installments.
            models.Index(
                fields=["id"],
                condition=models.Q(status__in=["signed", "completed"]),
                name="contract_receiving",
            ),
            # Each contract's owner, read from the index alone: the performance
            # report adds up the period's payments by their contract's owner
            # (at a million deals, a hash of 185,000 contracts from the index
            # instead of the table: 110 to 93 ms).
            models.Index(fields=["id"], include=["owner"], name="contract_id_owner"),
            # The list's default order (newest first), for all and per owner.
            models.Index(fields=["created_at", "id"], name="contract_created"),
            models.Index(
                fields=["owner", "created_at", "id"], name="contract_owner_created"
            ),
            # The balances list's default order (most owed first).
            models.Index(
                fields=["outstanding_amount", "id"], name="contract_outstanding"
            ),
            models.Index(
                fields=["owner", "outstanding_amount", "id"],
                name="contract_owner_outstanding",
            ),
            # The contracts money comes in for, per owner, read from the index
            # alone when a manager's unpaid installments are joined to them.
            models.Index(
                fields=["owner", "id"],
                condition=models.Q(status__in=sorted(RECEIVING)),
                name="contract_owner_receiving",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_editable(self) -> bool:
        return self.status == ContractStatus.DRAFT

    @property
    def is_receiving(self) -> bool:
        """Whether money is owed on it (signed or completed)."""
        return self.status in RECEIVING

    @property
    def accepts_money(self) -> bool:
        """Whether payments and invoices can be recorded or removed (signed)."""
        return self.status in OPEN_FOR_MONEY

    @property
    def is_final(self) -> bool:
        return self.status in FINAL

    @property
    def attachments_deletable(self) -> bool:
        """Whether its attachments may be deleted (not once signed or void)."""
        return self.status in ATTACHMENTS_DELETABLE


class ContractLine(PurchaseLine):
    """One line of what the contract sells."""

    contract = models.ForeignKey(
        Contract,
        verbose_name=_("contract"),
        on_delete=models.CASCADE,
        related_name="lines",
    )

    class Meta(PurchaseLine.Meta):
        verbose_name = _("contract line")
        verbose_name_plural = _("contract lines")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0),
                name="contract_line_quantity_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(unit_price__gte=0),
                name="contract_line_price_not_negative",
            ),
        ]


class ContractEventQuerySet(OwnedQuerySet):
    owner_field = "contract__owner"


class ContractEvent(TimeStampedModel):
    """A status move of a contract, or money taken back on it (a deleted
    payment, a voided invoice): what, from and to, who, when, and why."""

    contract = models.ForeignKey(
        Contract,
        verbose_name=_("contract"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    action = models.CharField(
        _("action"),
        max_length=20,
        choices=ContractAction.choices + MoneyEvent.choices,
    )
    from_status = models.CharField(max_length=10, choices=ContractStatus.choices)
    to_status = models.CharField(max_length=10, choices=ContractStatus.choices)
    # A money event says which money: its amount, and the payment's date and
    # bank reference or the invoice's number.
    amount = models.DecimalField(_("amount"), **MONEY, null=True, blank=True)
    reference = models.CharField(_("reference"), max_length=120, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)

    objects = ContractEventQuerySet.as_manager()

    @property
    def is_money(self) -> bool:
        return self.action in MoneyEvent.values

    class Meta:
        verbose_name = _("contract event")
        verbose_name_plural = _("contract events")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["contract", "-created_at"], name="contractevent_contract_time"
            ),
        ]


def attachment_path(attachment: "ContractAttachment", filename: str) -> str:
    """Stored under a random name: the uploaded name is kept in `name` only."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"contracts/{attachment.contract_id}/{uuid.uuid4().hex}{suffix}"


class ContractAttachmentQuerySet(OwnedQuerySet):
    owner_field = "contract__owner"


class ContractAttachment(TimeStampedModel):
    """A file kept with a contract: the signed scan, a quotation, an annex."""

    contract = models.ForeignKey(
        Contract,
        verbose_name=_("contract"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    objects = ContractAttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class NumberSeries(models.Model):
    """The last number given out in one series of contract numbers."""

    key = models.CharField(max_length=60, unique=True)
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("number series")
        verbose_name_plural = _("number series")

    def __str__(self) -> str:
        return f"{self.key} = {self.last_value}"
