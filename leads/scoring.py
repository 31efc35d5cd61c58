"""A rule-based lead score from 0 to 100: completeness, source and recency."""

from dataclasses import dataclass
from datetime import datetime, timedelta

# How much a first contact from each source is usually worth.
SOURCE_POINTS = {
    "referral": 30,
    "partner": 25,
    "website": 20,
    "exhibition": 20,
    "advertising": 10,
    "cold_call": 5,
    "other": 5,
}
COMPLETENESS_FIELDS = (
    "company_name",
    "contact_name",
    "phone",
    "email",
    "industry",
    "region",
)


@dataclass(frozen=True)
class LeadFacts:
    filled_fields: frozenset[str]
    source: str
    last_contact_at: datetime | None


def lead_score(facts: LeadFacts, now: datetime) -> int:
    """Completeness up to 40, source up to 30, recent contact up to 30."""
    filled = len(facts.filled_fields & set(COMPLETENESS_FIELDS))
    completeness = round(40 * filled / len(COMPLETENESS_FIELDS))
    source = SOURCE_POINTS.get(facts.source, 5)
    recency = 0
    if facts.last_contact_at is not None:
        age = now - facts.last_contact_at
        if age <= timedelta(days=7):
            recency = 30
        elif age <= timedelta(days=30):
            recency = 15
        elif age <= timedelta(days=90):
            recency = 5
    return min(100, completeness + source + recency)
