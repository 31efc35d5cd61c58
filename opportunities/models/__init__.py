"""The opportunities app's models, split by sub-domain; Django loads them here."""

from opportunities.models.activities import Activity, ActivityQuerySet
from opportunities.models.configuration import (
    MONEY,
    CompetitionFactor,
    Competitor,
    DeterminationMode,
    FunnelSettings,
    JudgmentCriterion,
    Product,
    Stage,
    StageKind,
    StageQuerySet,
)
from opportunities.models.deals import (
    MetCriterion,
    Opportunity,
    OpportunityLine,
    OpportunityQuerySet,
    OpportunityStatus,
    StageChange,
    StageChangeCause,
    StageChangeQuerySet,
)
from opportunities.models.lines import PurchaseLine, lines_total

__all__ = [
    "MONEY",
    "Activity",
    "ActivityQuerySet",
    "CompetitionFactor",
    "Competitor",
    "DeterminationMode",
    "FunnelSettings",
    "JudgmentCriterion",
    "MetCriterion",
    "Opportunity",
    "OpportunityLine",
    "OpportunityQuerySet",
    "OpportunityStatus",
    "Product",
    "PurchaseLine",
    "Stage",
    "StageChange",
    "StageChangeCause",
    "StageChangeQuerySet",
    "StageKind",
    "StageQuerySet",
    "lines_total",
]
