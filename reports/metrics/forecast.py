"""Forecast figures: quarters from months, and how well past forecasts did.

Accuracy and bias compare the forecast frozen on a month's first day (F)
with the amount actually won that month (A):

- accuracy = 1 − |F − A| / max(F, A), from 0 (nothing right) to 1 (exact);
- bias = (F − A) / max(F, A), above 0 when the forecast promised too much,
  below 0 when it promised too little.

Both are 1 and 0 when F and A are both zero.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from reports.metrics.periods import quarter_start


@dataclass
class ForecastMonth:
    month: date
    weighted: Decimal = Decimal(0)
    best_case: Decimal = Decimal(0)
    committed: Decimal = Decimal(0)
    won: Decimal = Decimal(0)
    target: Decimal | None = None
    deals: int = 0


@dataclass
class ForecastQuarter:
    quarter: date
    months: list[date] = field(default_factory=list)
    weighted: Decimal = Decimal(0)
    best_case: Decimal = Decimal(0)
    committed: Decimal = Decimal(0)
    won: Decimal = Decimal(0)
    target: Decimal | None = None

    @property
    def label(self) -> str:
        return f"{self.quarter.year} Q{(self.quarter.month - 1) // 3 + 1}"


def by_quarter(months: Iterable[ForecastMonth]) -> list[ForecastQuarter]:
    """Months added up by calendar quarter; a quarter's target only if set."""
    quarters: dict[date, ForecastQuarter] = {}
    for row in sorted(months, key=lambda r: r.month):
        key = quarter_start(row.month)
        quarter = quarters.setdefault(key, ForecastQuarter(key))
        quarter.months.append(row.month)
        quarter.weighted += row.weighted
        quarter.best_case += row.best_case
        quarter.committed += row.committed
        quarter.won += row.won
        if row.target is not None:
            quarter.target = (quarter.target or Decimal(0)) + row.target
    return list(quarters.values())


def accuracy(forecast: Decimal, actual: Decimal) -> float:
    larger = max(forecast, actual)
    if larger == 0:
        return 1.0
    return float(1 - abs(forecast - actual) / larger)


def bias(forecast: Decimal, actual: Decimal) -> float:
    larger = max(forecast, actual)
    if larger == 0:
        return 0.0
    return float((forecast - actual) / larger)


@dataclass(frozen=True)
class AccuracyRow:
    key: object
    forecast: Decimal
    actual: Decimal

    @property
    def accuracy(self) -> float:
        return accuracy(self.forecast, self.actual)

    @property
    def bias(self) -> float:
        return bias(self.forecast, self.actual)


def accuracy_rows(
    forecast: dict[object, Decimal],
    actual: dict[object, Decimal],
    keys: list | None = None,
) -> list[AccuracyRow]:
    """One row per key (a month or a person), zero where a side has none.

    Without `keys`, every key of either side, in order.
    """
    if keys is None:
        keys = sorted(set(forecast) | set(actual), key=str)
    return [
        AccuracyRow(key, forecast.get(key, Decimal(0)), actual.get(key, Decimal(0)))
        for key in keys
    ]
