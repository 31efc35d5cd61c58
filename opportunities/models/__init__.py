"""The opportunities app's models, split by sub-domain; Django loads them here."""

from opportunities.models.activities import Activity, ActivityQuerySet
from opportunities.models.buying_team import (
    DealContact,
    DealContactQuerySet,
    decision_maker_linked,
    missing_decision_maker_q,
)
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
    STAGE_HISTORY_SHOWN,
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
from opportunities.models.open_totals import (
    OpenDealTotal,
    open_sums,
    open_totals_kept,
)

__all__ = [
    "MONEY",
    "STAGE_HISTORY_SHOWN",
    "Activity",
    "ActivityQuerySet",
    "CompetitionFactor",
    "Competitor",
    "DealContact",
    "DealContactQuerySet",
    "DeterminationMode",
    "FunnelSettings",
    "JudgmentCriterion",
    "MetCriterion",
    "OpenDealTotal",
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
    "decision_maker_linked",
    "lines_total",
    "missing_decision_maker_q",
    "open_sums",
    "open_totals_kept",
]
