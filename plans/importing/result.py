"""What an import did, or would do: counts by kind, the statuses read from colour."""

from dataclasses import dataclass, field

KINDS = ["themes", "actions", "rows", "people", "organisations", "updates"]
UPDATE_KINDS = {
    "narrative_and_rag": "with a narrative and a RAG",
    "narrative": "with a narrative only",
    "rag": "with a RAG only",
}


@dataclass
class ColourRag:
    location: str
    colour: str
    status: str  # the label of the status it became


@dataclass
class ImportResult:
    plan_id: int | None
    totals: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    update_kinds: dict[str, int] = field(default_factory=lambda: dict.fromkeys(UPDATE_KINDS, 0))
    colour_rags: list[ColourRag] = field(default_factory=list)
    row_rags: dict[str, str] = field(default_factory=dict)  # row location → the status it gets
    dry_run: bool = False
    new_plan: bool = False

    @property
    def updated(self) -> dict[str, int]:
        return {kind: self.totals[kind] - self.created[kind] for kind in KINDS}

    @property
    def update_kind_lines(self) -> list[tuple[str, int]]:
        return [(words, self.update_kinds[kind]) for kind, words in UPDATE_KINDS.items()]

    def summary(self) -> str:
        counts = ", ".join(f"{self.totals[kind]} {kind}" for kind in KINDS)
        if self.dry_run:
            return f"would import {'new plan' if self.new_plan else f'plan {self.plan_id}'}: {counts}"
        return f"imported plan {self.plan_id}: {counts}"
