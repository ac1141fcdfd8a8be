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
    "ExpectedOutcome",
    "OutcomeProgress",
    "Plan",
    "ProgressUpdate",
    "ProjectRow",
    "RagOverride",
    "SentEmail",
    "Target",
    "TargetFigure",
    "Theme",
    "UpdateRound",
    "reference_sort_key",
]
