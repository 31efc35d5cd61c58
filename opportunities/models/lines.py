"""A purchase line (product or free text, quantity, unit price), shared by deals
and the contracts made from them."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from opportunities.models.configuration import MONEY, Product
from users.money import round_cents


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
        return round_cents(self.quantity * self.unit_price)


def lines_total(lines: models.QuerySet) -> Decimal | None:
    """The sum of the lines' rounded totals, as the page shows them; None if none.

    Each line rounds to the cent on its own, as on an invoice, so the amount
    always equals the sum of the line totals shown. A record has a handful of
    lines: summing their exact Decimals here keeps SQLite's floating-point
    storage out of the rounding.
    """
    rows = list(lines.values_list("quantity", "unit_price"))
    if not rows:
        return None
    return sum((round_cents(q * p) for q, p in rows), Decimal("0.00"))
