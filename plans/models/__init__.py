from plans.models.budget import Allocation, FundingSource, Spend
from plans.models.progress import (
    NARRATIVE_MAX,
    OutcomeProgress,
    ProgressUpdate,
    SentEmail,
    TargetFigure,
    UpdateRound,
)
from plans.models.structure import (
    Action,
    ExpectedOutcome,
    Plan,
    ProjectRow,
    RagOverride,
    Target,
    Theme,
    reference_sort_key,
)

__all__ = [
    "NARRATIVE_MAX",
    "Action",
    "Allocation",
    "ExpectedOutcome",
    "FundingSource",
    "OutcomeProgress",
    "Plan",
    "ProgressUpdate",
    "ProjectRow",
    "RagOverride",
    "SentEmail",
    "Spend",
    "Target",
    "TargetFigure",
    "Theme",
    "UpdateRound",
    "reference_sort_key",
]
