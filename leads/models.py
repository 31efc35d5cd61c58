from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from leads.classification import ActivityKind, Industry, LeadSource, Region
from leads.contact_schedule import ContactScheduleQuerySet, is_overdue
from leads.dedupe import normalize_company_name, normalize_email, normalize_phone
from leads.scoring import LeadFacts, lead_score
from users.versioning import VersionedModel
from users.visibility import (
    OwnedModel,
    OwnedQuerySet,
    TimeStampedModel,
    visible_owner_q,
)


class LeadStatus(models.TextChoices):
    NEW = "new", _("New")
    CONTACTED = "contacted", _("Contacted")
    QUALIFIED = "qualified", _("Qualified")
    UNQUALIFIED = "unqualified", _("Unqualified")
    CONVERTED = "converted", _("Converted")


# Converted and unqualified leads need no more follow-up.
OPEN_STATUSES = [LeadStatus.NEW, LeadStatus.CONTACTED, LeadStatus.QUALIFIED]


class LeadQuerySet(ContactScheduleQuerySet, OwnedQuerySet):
    def visible_to(self, user):
        """The owner rule, plus the shared pool (unowned leads) for everyone."""
        q = visible_owner_q(user)
        if q is None:
            return self
        if user.is_authenticated and user.is_active:
            q |= models.Q(owner__isnull=True)
        return self.filter(q)

    def pool(self):
        return self.filter(owner__isnull=True)

    def quiet_since_before(self, cutoff):
        """Claimed open leads with no follow-up (nor any change) since `cutoff`.

        A lead never followed up counts from its last change, such as its claim.
        """
        return (
            self.open()
            .filter(owner__isnull=False)
            .annotate(quiet_since=Coalesce("last_contact_at", "updated_at"))
            .filter(quiet_since__lt=cutoff)
        )

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def duplicates_of(self, *, company_name="", phone="", email="", exclude_pk=None):
        """Leads that share the normalized company name, phone or e-mail."""
        q = models.Q()
        if name := normalize_company_name(company_name):
            q |= models.Q(company_normalized=name)
        if phone := normalize_phone(phone):
            q |= models.Q(phone_normalized=phone)
        if email := normalize_email(email):
            q |= models.Q(email_normalized=email)
        if not q:
            return self.none()
        found = self.filter(q)
        return found.exclude(pk=exclude_pk) if exclude_pk else found


class Lead(VersionedModel, OwnedModel):
    """Fragmentary information about a potential need; unowned means in the pool."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leave empty to put the lead in the shared pool."),
    )
    company_name = models.CharField(_("company"), max_length=200)
    contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    title = models.CharField(_("job title"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    source = models.CharField(
        _("source"), max_length=20, choices=LeadSource.choices, default=LeadSource.OTHER
    )
    industry = models.CharField(
        _("industry"), max_length=20, choices=Industry.choices, blank=True
    )
    region = models.CharField(
        _("region"), max_length=20, choices=Region.choices, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=LeadStatus.choices, default=LeadStatus.NEW
    )
    score = models.PositiveSmallIntegerField(_("score"), default=0)
    last_contact_at = models.DateTimeField(_("last contact"), null=True, blank=True)
    next_contact_at = models.DateTimeField(_("next contact"), null=True, blank=True)
    converted_at = models.DateTimeField(_("converted at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Normalized copies for duplicate detection, kept in step by save().
    company_normalized = models.CharField(max_length=200, editable=False, db_index=True)
    phone_normalized = models.CharField(max_length=40, editable=False, db_index=True)
    email_normalized = models.CharField(max_length=254, editable=False, db_index=True)

    objects = LeadQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["score", "updated_at"])

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["owner", "status", "-created_at"], name="lead_owner_status"
            ),
            models.Index(fields=["status", "-created_at"], name="lead_status_created"),
            # The list's default order (newest first), for all and per owner.
            models.Index(fields=["created_at", "id"], name="lead_created"),
            models.Index(
                fields=["owner", "created_at", "id"], name="lead_owner_created"
            ),
            models.Index(
                fields=["owner", "next_contact_at"], name="lead_owner_next_contact"
            ),
            # The reminder tick: claimed leads whose next contact is near.
            models.Index(
                fields=["next_contact_at"],
                name="lead_claimed_next_contact",
                condition=models.Q(owner__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__lte=100), name="lead_score_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return self.company_name

    def fill_derived(self) -> None:
        """Set the normalized copies and the score from the fields typed.

        save() calls it; a bulk insert, which bypasses save(), calls it first.
        """
        self.company_normalized = normalize_company_name(self.company_name)
        self.phone_normalized = normalize_phone(self.phone)
        self.email_normalized = normalize_email(self.email)
        self.score = self.compute_score()

    def save(self, *args, **kwargs):
        self.fill_derived()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "company_normalized",
                "phone_normalized",
                "email_normalized",
                "score",
            }
        super().save(*args, **kwargs)

    def compute_score(self) -> int:
        filled = frozenset(
            name
            for name in (
                "company_name",
                "contact_name",
                "phone",
                "email",
                "industry",
                "region",
            )
            if getattr(self, name)
        )
        return lead_score(
            LeadFacts(filled, self.source, self.last_contact_at), timezone.now()
        )

    def is_overdue_at(self, now) -> bool:
        return self.status in OPEN_STATUSES and is_overdue(self, now)

    @property
    def in_pool(self) -> bool:
        return self.owner_id is None

    @property
    def is_converted(self) -> bool:
        return self.status == LeadStatus.CONVERTED

    def may_change(self, user) -> bool:
        """Whether `user` may edit it, log follow-ups or set its status.

        Pool leads are read-only for salespeople until they claim them, so
        nobody works on a lead that is not theirs; managers and administrators
        look after the pool.
        """
        return not self.in_pool or user.is_manager or user.is_admin


# A follow-up is something that happened; allow a little clock drift. Deal and
# customer follow-ups (opportunities) use the same tolerance.
FUTURE_TOLERANCE = timedelta(minutes=5)


class FollowUp(TimeStampedModel):
    """One logged contact with a buyer, and the next contact it schedules."""

    kind = models.CharField(_("type"), max_length=20, choices=ActivityKind.choices)
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    summary = models.TextField(_("summary"))
    next_contact_at = models.DateTimeField(_("next contact"), null=True, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("logged by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True
        ordering = ["-occurred_at", "-id"]


class LeadActivityQuerySet(OwnedQuerySet):
    owner_field = "lead__owner"

    def visible_to(self, user):
        lead = Lead.objects.visible_to(user).filter(pk=models.OuterRef("lead_id"))
        return self.filter(models.Exists(lead))


class LeadActivity(FollowUp):
    lead = models.ForeignKey(
        Lead,
        verbose_name=_("lead"),
        on_delete=models.CASCADE,
        related_name="activities",
    )

    objects = LeadActivityQuerySet.as_manager()

    class Meta(FollowUp.Meta):
        verbose_name = _("lead follow-up")
        verbose_name_plural = _("lead follow-ups")
        indexes = [
            models.Index(fields=["lead", "-occurred_at"], name="leadact_lead_time")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.lead}"


from leads.import_models import (  # noqa: E402, F401
    ImportStatus,
    LeadImport,
    LeadImportRefusal,
)
