"""The time windows of unpaid installments (overdue, due from today to the end
of the week, due from today to the end of the month, all unpaid) and their
totals: one definition for the receivables list, its cards and the workbench.

The week and month windows start today, so nothing overdue is counted in them
as well: the overdue card and the others never add up the same money twice.
"""

from datetime import date
from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from opportunities.models import MONEY
from payments.periods import month_bounds, week_bounds
from users.counting import count_rows

REMAINING = ExpressionWrapper(
    F("amount") - F("paid_amount"), output_field=DecimalField(**MONEY)
)


class Window:
    """The receivables list's time windows (a week ends on Sunday)."""

    OVERDUE = "overdue"
    WEEK = "week"
    MONTH = "month"
    ALL = "all"
    CHOICES = [
        (OVERDUE, _("Overdue")),
        (WEEK, _("Due from today to Sunday")),
        (MONTH, _("Due from today to month end")),
        (ALL, _("All unpaid")),
    ]

    @classmethod
    def q(cls, window: str, today: date) -> Q:
        """The due-date condition of a window, for filters and aggregates."""
        if window == cls.OVERDUE:
            return Q(due_date__lt=today)
        if window == cls.WEEK:
            _monday, end = week_bounds(today)
        elif window == cls.MONTH:
            _first, end = month_bounds(today)
        else:
            return Q()
        return Q(due_date__gte=today, due_date__lte=end)


def window_summary(installments: QuerySet, today: date) -> dict[str, dict]:
    """Count and remaining amount of each window, in one aggregate query."""
    aggregates = {}
    for key, _label in Window.CHOICES:
        condition = Window.q(key, today) or None  # all unpaid: no condition
        aggregates[f"{key}_count"] = count_rows(filter=condition)
        aggregates[f"{key}_amount"] = Sum(REMAINING, filter=condition)
    totals = installments.order_by().aggregate(**aggregates)
    return {
        key: {
            "key": key,
            "label": label,
            "count": totals[f"{key}_count"],
            "amount": totals[f"{key}_amount"] or Decimal(0),
        }
        for key, label in Window.CHOICES
    }
