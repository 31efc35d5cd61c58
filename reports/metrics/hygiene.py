"""Funnel hygiene: whether a person's open deals are really kept up to date.

One score 0–100 is the mean of its parts, each the share of open deals that
are in order on one point (1 = all of them), shown with the score.
"""

from dataclasses import dataclass
from enum import StrEnum

# Median days since the last contact: this or fewer is perfect, the stale
# threshold or more scores zero, linear in between.
FRESH_DAYS = 7


class Part(StrEnum):
    FUTURE_CONTACT = "future_contact"
    NOT_OVERDUE = "not_overdue"
    RECENT_CONTACT = "recent_contact"
    EXPECTED_DATE = "expected_date"
    STAGE_BACKED = "stage_backed"
    COMPETITORS = "competitors"
    DECISION_MAKER = "decision_maker"


@dataclass(frozen=True)
class HygieneCounts:
    open_deals: int
    future_contact: int  # a next contact after now
    overdue_contact: int  # a next contact due before today
    median_days_since_contact: float | None
    past_expected_win: int  # expected win date before today
    # None when not counted (determination mode B has no per-stage backing).
    stage_not_backed: int | None
    no_competitor_info: int
    # None when no stage lists a decision maker among its key persons.
    missing_decision_maker: int | None = None


@dataclass(frozen=True)
class Hygiene:
    score: int | None
    parts: dict[Part, float]


def recency(median_days: float | None, stale_days: int) -> float:
    if median_days is None:
        return 0.0
    if median_days <= FRESH_DAYS:
        return 1.0
    if median_days >= stale_days:
        return 0.0
    return (stale_days - median_days) / (stale_days - FRESH_DAYS)


def hygiene(counts: HygieneCounts, *, stale_days: int) -> Hygiene:
    """The score and its parts; no score without open deals."""
    n = counts.open_deals
    if n == 0:
        return Hygiene(None, {})
    parts = {
        Part.FUTURE_CONTACT: counts.future_contact / n,
        Part.NOT_OVERDUE: 1 - counts.overdue_contact / n,
        Part.RECENT_CONTACT: recency(counts.median_days_since_contact, stale_days),
        Part.EXPECTED_DATE: 1 - counts.past_expected_win / n,
        Part.COMPETITORS: 1 - counts.no_competitor_info / n,
    }
    if counts.stage_not_backed is not None:
        parts[Part.STAGE_BACKED] = 1 - counts.stage_not_backed / n
    if counts.missing_decision_maker is not None:
        parts[Part.DECISION_MAKER] = 1 - counts.missing_decision_maker / n
    parts = {part: min(1.0, max(0.0, value)) for part, value in parts.items()}
    return Hygiene(round(100 * sum(parts.values()) / len(parts)), parts)
