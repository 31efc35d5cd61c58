"""A purchase line (product or free text, quantity, unit price), shared by deals
and the contracts made from them."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Sum
from django.utils.translation import gettext_lazy as _

from opportunities.models.configuration import MONEY, Product


class PurchaseLine(models.Model):
    product = models.ForeignKey(
        Product,
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    unit_price = models.DecimalField(
        _("unit price"), **MONEY, validators=[MinValueValidator(Decimal(0))]
    )

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.description or (self.product.name if self.product else "")

    @property
    def total(self) -> Decimal:
        return (self.quantity * self.unit_price).quantize(Decimal("0.01"))


def lines_total(lines: models.QuerySet) -> Decimal | None:
    """The total of some purchase lines to the cent; None when there are none."""
    total = lines.aggregate(total=Sum(F("quantity") * F("unit_price")))["total"]
    return None if total is None else Decimal(total).quantize(Decimal("0.01"))
