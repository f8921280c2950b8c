"""The recommendation: what goalrec hands to the CLI, the documents and the case checks.

Serialised with :meth:`Recommendation.to_json`, which is byte-identical for the same intake
and knowledge base (no timestamps, stable ordering everywhere).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Reason(_Out):
    """One rule's contribution, in words."""

    rule: str
    text: str
    weight: float | None = None


class KpiRef(_Out):
    """A KPI attached to a goal."""

    id: str
    name: str
    unit: str
    higher_is_better: bool
    vanity: bool = False
    baseline: float | None = None
    rules: list[str] = []


class GoalRec(_Out):
    """A recommended goal."""

    id: str
    name: str
    priority: Literal["primary", "secondary"]
    score: float
    kpis: list[KpiRef]
    why: list[Reason]
    held: list[Reason] = []


class PlatformRec(_Out):
    """A recommended platform."""

    id: str
    name: str
    score: float
    role: str
    reasons: list[Reason]
    goals: list[str] = []
    active: bool = False
    paid: bool = True
    paid_note: list[Reason] = []


class ExcludedPlatform(_Out):
    """A platform kept out of the plan, and why."""

    id: str
    name: str
    reasons: list[Reason]


class TacticRec(_Out):
    """A recommended tactic."""

    id: str
    name: str
    score: float
    goals: list[str]
    paid: bool
    media: str
    why: list[Reason]


class ExcludedTactic(_Out):
    """A tactic kept out of the plan, and why."""

    id: str
    name: str
    reasons: list[Reason]


class WarningRec(_Out):
    """Something the strategist must look at."""

    id: str
    severity: str
    message: str
    rules: list[str]


class TraceEntry(_Out):
    """One rule that fired: on which facts, with what effects, from which source."""

    rule: str
    description: str
    source: str
    facts: dict[str, Any]
    effects: list[str]
    generated: bool = False


class Meta(_Out):
    """What produced the recommendation, so it can be reproduced."""

    goalrec_version: str
    knowledge_base: str
    knowledge_base_version: str
    knowledge_base_digest: str
    language: str


class Recommendation(_Out):
    """Ranked, explained recommendations for one intake."""

    meta: Meta
    client: str
    goals: list[GoalRec]
    platforms: list[PlatformRec]
    excluded_platforms: list[ExcludedPlatform]
    tactics: list[TacticRec]
    excluded_tactics: list[ExcludedTactic]
    warnings: list[WarningRec]
    derived_facts: list[str]
    trace: list[TraceEntry]

    def to_json(self) -> str:
        """Deterministic JSON (UTF-8 text, two-space indent, trailing newline)."""
        return self.model_dump_json(indent=2) + "\n"

    def goal(self, goal_id: str) -> GoalRec | None:
        """The goal with this id, if recommended."""
        return next((g for g in self.goals if g.id == goal_id), None)

    @property
    def primary_goals(self) -> list[GoalRec]:
        """The primary goals, best first."""
        return [g for g in self.goals if g.priority == "primary"]
