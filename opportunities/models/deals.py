"""Opportunities, their purchase lines and their stage history."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual, LessThan
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from customers.models import Customer
from leads.contact_schedule import ContactScheduleQuerySet, is_overdue
from leads.models import Lead
from opportunities import probability
from opportunities.models.configuration import (
    MONEY,
    Competitor,
    JudgmentCriterion,
    Stage,
)
from opportunities.models.lines import PurchaseLine
from users.models import ReminderSettings
from users.versioning import VersionedModel
from users.visibility import OwnedModel, OwnedQuerySet, TimeStampedModel


class OpportunityStatus(models.TextChoices):
    OPEN = "open", _("Open")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")


def last_touched() -> Coalesce:
    """When the deal was last worked on: its last follow-up, else its creation."""
    return Coalesce("last_contact_at", "created_at")


def stale_q(now: datetime, days: int) -> models.Q:
    """What makes an open deal stale at `now` (see `OpportunityQuerySet.stale`)."""
    cutoff = now - timedelta(days=days)
    return models.Q(next_contact_at__isnull=True) | models.Q(
        LessThan(last_touched(), cutoff)
    )


class OpportunityQuerySet(ContactScheduleQuerySet, OwnedQuerySet):
    def open(self):
        return self.filter(status=OpportunityStatus.OPEN)

    def for_list(self, *, owner: bool = True):
        """With the customer and stage a row shows, and the owner unless
        `owner` is False (a salesperson's own deals do not show it)."""
        return self.select_related("customer", "stage", *(["owner"] if owner else []))

    def stale(self, now: datetime, days: int | None = None):
        """Open deals with no next contact planned, or no follow-up for `days`.

        `days` defaults to the reminder settings' "stale after"; a deal with
        no follow-up yet counts from its creation.
        """
        if days is None:
            days = ReminderSettings.load().stale_after_days
        return self.open().filter(stale_q(now, days))

    def open_sums(self, by: str):
        """Open deals grouped by the field `by`: how many, amount, weighted.

        The same rows as `OpenDealTotalQuerySet.open_sums`, from the deals.
        """
        return (
            self.open()
            .order_by()
            .values(by)
            .annotate(
                deals=models.Count("*"),
                amount=models.Sum("amount"),
                weighted=models.Sum("weighted_amount"),
            )
        )

    def fresh(self, now: datetime, days: int):
        """Open deals that are not stale: the complement of `stale`.

        Written out (not as a negated `stale_q`) so that it reads the index of
        open deals with a next contact by when they were last touched.
        """
        cutoff = now - timedelta(days=days)
        return self.open().filter(
            models.Q(next_contact_at__isnull=False),
            GreaterThanOrEqual(last_touched(), cutoff),
        )

    def reached(self, stage: Stage):
        """Deals that entered `stage` or any later one, or were won.

        A move into it or beyond (other than to lost) in the history, or a
        stage now at or beyond it: the furthest position the database keeps
        on each deal (`opportunities.stage_facts`).
        """
        return self.filter(furthest_order__gte=stage.order)

    def overdue(self, now: datetime):
        """Open deals whose next contact is overdue (see `contact_schedule`)."""
        return ContactScheduleQuerySet.overdue(self.open(), now)

    def with_decision_maker(self):
        """Annotate `has_decision_maker`: whether one is on the buying team."""
        from opportunities.models.buying_team import decision_maker_linked

        return self.annotate(has_decision_maker=decision_maker_linked())

    def past_expected_win(self, today: date):
        """Open deals whose expected win date has passed."""
        return self.open().filter(expected_win_date__lt=today)


# What the reports add up about the deals created in a period: outcome,
# furthest stage, amount and cycle (`reports.loaders.funnel`, `coaching_sql`,
# `calibration`).
COHORT_COLUMNS = ["status", "furthest_order", "amount", "closed_at"]


class Opportunity(VersionedModel, OwnedModel):
    """A project (商机): one customer's potential purchase that we work to win."""

    name = models.CharField(_("name"), max_length=200)
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="opportunities",
    )
    content = models.TextField(_("content"), blank=True)
    amount = models.DecimalField(
        _("amount"),
        **MONEY,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    timeline = models.TextField(_("timeline"), blank=True)
    funding = models.TextField(_("funding and budget"), blank=True)
    competitors = models.ManyToManyField(
        Competitor, verbose_name=_("competitors"), blank=True, related_name="+"
    )
    stage = models.ForeignKey(
        Stage, verbose_name=_("stage"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=OpportunityStatus.choices,
        default=OpportunityStatus.OPEN,
    )
    lost_reason = models.TextField(_("lost reason"), blank=True)
    expected_win_date = models.DateField(_("expected win date"), null=True, blank=True)
    last_contact_at = models.DateTimeField(_("last contact"), null=True, blank=True)
    next_contact_at = models.DateTimeField(_("next contact"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    win_probability = models.DecimalField(
        _("win probability"), max_digits=5, decimal_places=4, default=Decimal(0)
    )
    weighted_amount = models.DecimalField(
        _("weighted amount"), **MONEY, default=Decimal(0)
    )
    # Kept by the database from the stage and the history (`stage_facts`):
    # the stage's position now, and the furthest position the deal entered
    # other than lost (the won stage is past every open one).
    stage_order = models.PositiveSmallIntegerField(
        _("stage order"), default=0, editable=False
    )
    furthest_order = models.PositiveSmallIntegerField(
        _("furthest stage order"), default=0, editable=False
    )
    # Kept by the database from the history too: the stage a lost deal was
    # in when it was lost (where its latest move to lost came from).
    lost_from = models.ForeignKey(
        Stage,
        verbose_name=_("lost from stage"),
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
        db_index=False,  # read from the lost deals' indexes
    )
    source_lead = models.ForeignKey(
        Lead,
        verbose_name=_("converted from lead"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opportunities",
    )

    database_kept_fields = ("stage_order", "furthest_order", "lost_from")

    objects = OpportunityQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=[
            "updated_at",
            "win_probability",
            "weighted_amount",
            *database_kept_fields,
        ]
    )

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0),
                name="opportunity_amount_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(win_probability__gte=0, win_probability__lte=1),
                name="opportunity_probability_range",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=OpportunityStatus.LOST)
                | ~models.Q(lost_reason=""),
                name="opportunity_lost_needs_reason",
            ),
        ]
        indexes = [
            models.Index(
                fields=["owner", "status", "-created_at"], name="opp_owner_status"
            ),
            models.Index(fields=["status", "stage"], name="opp_status_stage"),
            models.Index(
                fields=["owner", "next_contact_at"], name="opp_owner_next_contact"
            ),
            # The reminder tick: open deals whose next contact is near.
            models.Index(
                fields=["next_contact_at"],
                name="opp_open_next_contact",
                condition=models.Q(status=OpportunityStatus.OPEN),
            ),
            # The list's default order and its sorts on the deal's own columns,
            # for everyone (administrators) and per owner (everyone else: the
            # visibility rule is a list of owner ids). Read backwards for "-".
            # The first two also carry what the reports add up about the deals
            # created in a period (funnel, coaching, calibration), so those
            # read the index alone; the owner's also the weighted amount, so a
            # salesperson's list adds up its money from the index alone.
            models.Index(
                fields=["created_at", "id"],
                include=["owner", *COHORT_COLUMNS],
                name="opp_created",
            ),
            models.Index(
                fields=["owner", "created_at", "id"],
                include=[*COHORT_COLUMNS, "weighted_amount"],
                name="opp_owner_created",
            ),
            models.Index(fields=["amount", "id"], name="opp_amount"),
            models.Index(fields=["owner", "amount", "id"], name="opp_owner_amount"),
            models.Index(fields=["weighted_amount", "id"], name="opp_weighted"),
            models.Index(
                fields=["owner", "weighted_amount", "id"], name="opp_owner_weighted"
            ),
            models.Index(fields=["expected_win_date", "id"], name="opp_expected"),
            models.Index(
                fields=["owner", "expected_win_date", "id"], name="opp_owner_expected"
            ),
            models.Index(fields=["next_contact_at", "id"], name="opp_next_contact"),
            models.Index(fields=["stage_order", "id"], name="opp_stage_order"),
            models.Index(
                fields=["owner", "stage_order", "id"], name="opp_owner_stage_order"
            ),
            # The board: each open stage's heaviest cards, read from the top.
            models.Index(
                fields=["stage", "-weighted_amount", "-id"],
                condition=models.Q(status="open"),
                name="opp_board_open",
            ),
            # Deals not stale, by when they were last touched (`fresh`), for
            # everyone and per owner. PostgreSQL reads an expression index
            # alone only when it holds the columns of the expression too.
            models.Index(
                last_touched(),
                include=["owner", "last_contact_at", "created_at"],
                condition=models.Q(status="open", next_contact_at__isnull=False),
                name="opp_open_touched",
            ),
            models.Index(
                F("owner"),
                last_touched(),
                include=["last_contact_at", "created_at"],
                condition=models.Q(status="open", next_contact_at__isnull=False),
                name="opp_open_owner_touched",
            ),
            # Open deals contacted in the last days (the sales behaviour
            # report's 7 and 14 days), for everyone and within a few owners.
            models.Index(
                fields=["last_contact_at"],
                include=["owner"],
                condition=models.Q(status="open"),
                name="opp_open_last_contact",
            ),
            # Won deals converted from a lead (leads by source): a few, read
            # whole instead of probing the deals for every lead of a period.
            models.Index(
                fields=["source_lead"],
                condition=models.Q(status="won", source_lead__isnull=False),
                name="opp_won_from_lead",
            ),
            # Overdue open deals per owner, counted from the index alone.
            models.Index(
                fields=["owner", "next_contact_at"],
                include=["last_contact_at"],
                condition=models.Q(status="open"),
                name="opp_open_owner_next",
            ),
            # Deals closed in a period (won and lost per person, won by month),
            # for everyone and per owner, answered from the index alone.
            models.Index(
                fields=["closed_at"],
                include=["owner", "status", "amount"],
                condition=models.Q(closed_at__isnull=False),
                name="opp_closed",
            ),
            models.Index(
                fields=["owner", "closed_at"],
                include=["status", "amount"],
                condition=models.Q(closed_at__isnull=False),
                name="opp_owner_closed",
            ),
            # Deals lost in a period by reason and person (the loss report),
            # for everyone and per owner, answered from the index alone.
            models.Index(
                fields=["closed_at"],
                include=["owner", "lost_reason", "lost_from", "amount", "id"],
                condition=models.Q(status="lost"),
                name="opp_lost",
            ),
            models.Index(
                fields=["owner", "closed_at"],
                include=["lost_reason", "lost_from", "amount", "id"],
                condition=models.Q(status="lost"),
                name="opp_owner_lost",
            ),
            # Open deals by expected win month (the forecast), for everyone and
            # per owner, answered from the index alone.
            models.Index(
                fields=["expected_win_date"],
                include=["owner", "amount", "weighted_amount", "win_probability"],
                condition=models.Q(status="open"),
                name="opp_open_expected",
            ),
            models.Index(
                fields=["owner", "expected_win_date"],
                include=["amount", "weighted_amount", "win_probability"],
                condition=models.Q(status="open"),
                name="opp_open_owner_expected",
            ),
            # Totals of open deals per stage and owner (board, workbench) read
            # from this index alone, not from the table.
            models.Index(
                fields=["owner", "stage"],
                include=[
                    "amount",
                    "weighted_amount",
                    "next_contact_at",
                    "last_contact_at",
                    "created_at",
                ],
                condition=models.Q(status="open"),
                name="opp_open_totals",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == OpportunityStatus.OPEN

    def is_stale_at(self, now: datetime, days: int) -> bool:
        """`OpportunityQuerySet.stale` for one loaded row."""
        if not self.is_open:
            return False
        if self.next_contact_at is None:
            return True
        last = self.last_contact_at or self.created_at
        return last < now - timedelta(days=days)

    @property
    def lacks_decision_maker(self) -> bool:
        """Open, in a stage that needs a decision maker, and none linked.

        Needs the `has_decision_maker` annotation (`with_decision_maker`).
        """
        return (
            self.is_open
            and self.stage.needs_decision_maker
            and not self.has_decision_maker
        )

    def is_overdue_at(self, now: datetime) -> bool:
        """`OpportunityQuerySet.overdue` for one loaded row."""
        return self.is_open and is_overdue(self, now)

    def refresh_numbers(
        self, competitor_count: int, table: dict[int, Decimal] | None = None
    ) -> None:
        """Recompute the stored probability and weighted amount (not saved).

        `table` is the competition table (competitor count → factor); None
        means the defaults of docs/PRODUCT.md §4.
        """
        if self.status == OpportunityStatus.WON:
            self.win_probability = Decimal(1)
        elif self.status == OpportunityStatus.LOST:
            self.win_probability = Decimal(0)
        else:
            self.win_probability = probability.win_probability(
                self.stage.percentage, competitor_count, table
            )
        self.weighted_amount = probability.weighted_amount(
            self.amount, self.win_probability
        )


class OpportunityLine(PurchaseLine):
    """One line of a deal's purchase list."""

    opportunity = models.ForeignKey(
        Opportunity,
        verbose_name=_("opportunity"),
        on_delete=models.CASCADE,
        related_name="lines",
    )

    class Meta(PurchaseLine.Meta):
        verbose_name = _("purchase line")
        verbose_name_plural = _("purchase lines")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="line_quantity_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(unit_price__gte=0), name="line_price_not_negative"
            ),
        ]


# How many stage changes a deal page shows before "show all".
STAGE_HISTORY_SHOWN = 20


class StageChangeCause(models.TextChoices):
    """Why a deal moved; the page words each cause in the reader's language."""

    HAND = "hand", _("by hand")
    CRITERION = "criterion", _("judgment criterion met")
    UNTICKED = "unticked", _("judgment criterion unticked")
    CONFIGURATION = "configuration", _("funnel configuration changed")
    CONTRACT_SIGNED = "contract_signed", _("contract signed")
    CONTRACT_VOIDED = "contract_voided", _("contract voided")


class StageChangeQuerySet(OwnedQuerySet):
    owner_field = "opportunity__owner"

    def for_history(self, limit: int | None = STAGE_HISTORY_SHOWN):
        """The latest changes (all with no limit), with what the card shows of each.

        One row more than the limit is fetched, so the page knows whether to
        offer the rest: see `stage_history_rows`.
        """
        related = ("from_stage", "to_stage", "changed_by", "criterion")
        rows = self.select_related(*related)
        return rows if limit is None else rows[: limit + 1]


class StageChange(TimeStampedModel):
    """A change of an opportunity's stage or status: the basis of analytics."""

    opportunity = models.ForeignKey(
        Opportunity,
        verbose_name=_("opportunity"),
        on_delete=models.CASCADE,
        related_name="stage_changes",
    )
    from_stage = models.ForeignKey(
        Stage, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(
        max_length=10, choices=OpportunityStatus.choices, blank=True
    )
    to_status = models.CharField(max_length=10, choices=OpportunityStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    cause = models.CharField(
        _("cause"),
        max_length=20,
        choices=StageChangeCause.choices,
        default=StageChangeCause.HAND,
    )
    # The criterion whose tick decided a criterion move; `note` keeps its text
    # as it read then, for when the criterion is later deleted.
    criterion = models.ForeignKey(
        JudgmentCriterion,
        verbose_name=_("criterion"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # What else caused it, such as the number of the contract signed or voided.
    reference = models.CharField(_("reference"), max_length=50, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    # When the deal left `to_stage`: the time of its next change (by time,
    # then id), kept by the database (`opportunities.stage_facts`); empty
    # while this is the deal's latest change.
    left_at = models.DateTimeField(_("left at"), null=True, editable=False)

    objects = StageChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["opportunity", "-created_at"], name="stagechange_opp_time"
            ),
            models.Index(
                fields=["to_stage", "created_at"], name="stagechange_stage_time"
            ),
            # A deal's last move to lost, read from this small index alone
            # when the database keeps `Opportunity.lost_from`.
            models.Index(
                fields=["opportunity", "-created_at", "-id"],
                include=["from_stage"],
                condition=models.Q(to_status="lost"),
                name="stagechange_lost",
            ),
            # Finished stays of a report's deals, read from the index alone.
            models.Index(
                fields=["opportunity"],
                include=["to_stage", "created_at", "left_at"],
                condition=models.Q(left_at__isnull=False),
                name="stagechange_opp_stays",
            ),
        ]


class MetCriterion(TimeStampedModel):
    """A judgment criterion a deal has met, who ticked it and when."""

    opportunity = models.ForeignKey(
        Opportunity,
        verbose_name=_("opportunity"),
        on_delete=models.CASCADE,
        related_name="met_criteria",
    )
    criterion = models.ForeignKey(
        JudgmentCriterion,
        verbose_name=_("criterion"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    met_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ticked by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("met criterion")
        verbose_name_plural = _("met criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "criterion"], name="met_criterion_once"
            )
        ]
