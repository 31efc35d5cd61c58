"""What administrators configure: stages and their criteria, the competition
table, the determination mode, competitors and the product catalog."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from users.single_row import SingleRowModel

MONEY = {"max_digits": 14, "decimal_places": 2}


def in_language(english: str, chinese: str) -> str:
    """The text for the active language, falling back to the other one."""
    lang = translation.get_language() or ""
    if lang.startswith("zh"):
        return chinese or english
    return english or chinese


class StageKind(models.TextChoices):
    OPEN = "open", _("Open")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")


class StageQuerySet(models.QuerySet):
    def open(self):
        return self.filter(kind=StageKind.OPEN)

    def first_open(self):
        return self.open().order_by("order").first()


class Stage(models.Model):
    """A step of the buyer's purchase process, configured by administrators."""

    name_en = models.CharField(_("name (English)"), max_length=80)
    name_zh = models.CharField(_("name (Chinese)"), max_length=80)
    order = models.PositiveSmallIntegerField(_("order"))
    percentage = models.PositiveSmallIntegerField(
        _("percentage"), validators=[MaxValueValidator(100)]
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=StageKind.choices, default=StageKind.OPEN
    )
    buyer_activity_en = models.TextField(
        _("what the buyer is doing (English)"), blank=True
    )
    buyer_activity_zh = models.TextField(
        _("what the buyer is doing (Chinese)"), blank=True
    )
    key_persons_en = models.TextField(_("key persons (English)"), blank=True)
    key_persons_zh = models.TextField(_("key persons (Chinese)"), blank=True)
    recommended_work_en = models.TextField(
        _("seller's recommended work (English)"), blank=True
    )
    recommended_work_zh = models.TextField(
        _("seller's recommended work (Chinese)"), blank=True
    )
    needs_decision_maker = models.BooleanField(
        _("needs a decision maker"),
        default=False,
        help_text=_(
            "Deals in this stage should have a decision maker on their buying "
            "team; a deal without one is flagged and counts against hygiene."
        ),
    )

    objects = StageQuerySet.as_manager()

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["order"], name="stage_unique_order"),
            models.CheckConstraint(
                condition=models.Q(percentage__lte=100), name="stage_percentage_range"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_en, self.name_zh)

    @property
    def buyer_activity(self) -> str:
        return in_language(self.buyer_activity_en, self.buyer_activity_zh)

    @property
    def key_persons(self) -> str:
        return in_language(self.key_persons_en, self.key_persons_zh)

    @property
    def recommended_work(self) -> str:
        return in_language(self.recommended_work_en, self.recommended_work_zh)

    @property
    def is_open(self) -> bool:
        return self.kind == StageKind.OPEN


class JudgmentCriterion(models.Model):
    """An observable fact that shows the buyer has reached a stage."""

    stage = models.ForeignKey(
        Stage,
        verbose_name=_("stage"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text_en = models.CharField(_("criterion (English)"), max_length=200)
    text_zh = models.CharField(_("criterion (Chinese)"), max_length=200)

    class Meta:
        verbose_name = _("judgment criterion")
        verbose_name_plural = _("judgment criteria")
        ordering = ["stage__order", "order", "id"]
        indexes = [
            models.Index(fields=["stage", "order"], name="criterion_stage_order")
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return in_language(self.text_en, self.text_zh)


class DeterminationMode(models.TextChoices):
    PER_STAGE = "A", _("A: per stage (highest stage with a met criterion)")
    CHECKLIST = "B", _("B: ordered checklist (unbroken ticked prefix)")


class FunnelSettings(SingleRowModel):
    """The one row of funnel-wide settings administrators edit."""

    mode = models.CharField(
        _("how a deal's stage is determined"),
        max_length=1,
        choices=DeterminationMode.choices,
        default=DeterminationMode.PER_STAGE,
    )
    # When the mode last changed: a switch back to A restores the stages that
    # the switch to B moved after this moment (opportunities/mode_switch.py).
    mode_changed_at = models.DateTimeField(
        _("mode changed at"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("funnel settings")
        verbose_name_plural = _("funnel settings")

    def __str__(self) -> str:
        return str(_("Funnel settings"))


class CompetitionFactorQuerySet(models.QuerySet):
    def as_table(self) -> dict[int, Decimal]:
        """Competitor count → factor; counts not in the table use 1/(n+1)."""
        return dict(self.values_list("competitors", "factor"))


class CompetitionFactor(models.Model):
    """One row of the competition table: with this many competitors, this factor."""

    competitors = models.PositiveSmallIntegerField(_("known competitors"), unique=True)
    factor = models.DecimalField(
        _("factor"),
        max_digits=5,
        decimal_places=4,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
    )

    objects = CompetitionFactorQuerySet.as_manager()

    class Meta:
        verbose_name = _("competition factor")
        verbose_name_plural = _("competition factors")
        ordering = ["competitors"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(factor__gte=0, factor__lte=1),
                name="competition_factor_range",
            )
        ]

    def __str__(self) -> str:
        """ "1 competitor → 50%", as administrators read the table."""
        factor = f"{self.factor * 100:.1f}".rstrip("0").rstrip(".") + "%"
        if not self.competitors:
            return _("No known competitor → %(factor)s") % {"factor": factor}
        return ngettext(
            "%(count)d competitor → %(factor)s",
            "%(count)d competitors → %(factor)s",
            self.competitors,
        ) % {"count": self.competitors, "factor": factor}


class Competitor(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("competitor")
        verbose_name_plural = _("competitors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    """An entry of the small product catalog used on purchase lists."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    unit = models.CharField(_("unit"), max_length=20, default="套")
    unit_price = models.DecimalField(
        _("list price"), **MONEY, validators=[MinValueValidator(Decimal(0))]
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit_price__gte=0), name="product_price_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
