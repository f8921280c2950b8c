"""Measurement: the program scorecard (seed 002) and the review cadence.

Each goal in the plan is a program. Its scorecard weighs the three components (reach,
influence through sharing, conversion) by the program's type, and lists the program's KPIs
that measure each component. The weights and the KPI-to-component map are data.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from recommender.assumptions import Component, ReviewCadence
from recommender.i18n import pick
from recommender.knowledge import KnowledgeBase
from recommender.recommendation import Recommendation


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ScoreLine(_Out):
    """One component of a program's scorecard."""

    component: Component
    name: str
    description: str
    weight: float
    kpis: list[str]
    suggested: str | None = None
    """When the program has no KPI for the component: one from elsewhere in the plan."""


class ProgramScore(_Out):
    """The scorecard of one program (a goal in the plan)."""

    goal: str
    name: str
    program_type: str
    lines: list[ScoreLine]


class ReviewPlan(_Out):
    """A recurring review and the plan's KPIs looked at in it."""

    cadence: ReviewCadence
    name: str
    what: str
    who: str
    kpis: list[str]


def scorecard(rec: Recommendation, kb: KnowledgeBase) -> list[ProgramScore]:
    """A scorecard per goal, components weighted by the goal's program type."""
    card = kb.planning.scorecard
    in_plan = {k.id: k.name for g in rec.goals for k in g.kpis}
    out = []
    for goal in rec.goals:
        program_type = kb.goals[goal.id].program_type
        weights = card.weights[program_type]
        lines = [
            ScoreLine(
                component=name,
                name=pick(component.name),
                description=pick(component.description),
                weight=weights.get(name, 0.0),
                kpis=[k.name for k in goal.kpis if k.id in component.kpis],
                suggested=next((in_plan[k] for k in component.kpis if k in in_plan), None),
            )
            for name, component in card.components.items()
        ]
        out.append(
            ProgramScore(goal=goal.id, name=goal.name, program_type=program_type, lines=lines)
        )
    return out


def reviews(rec: Recommendation, kb: KnowledgeBase) -> list[ReviewPlan]:
    """The review cadence, each review with the plan's KPIs measured at that cadence."""
    kpis: dict[str, str] = {}
    for goal in rec.goals:
        for k in goal.kpis:
            kpis.setdefault(k.id, k.name)
    return [
        ReviewPlan(
            cadence=r.cadence,
            name=pick(r.name),
            what=pick(r.what),
            who=pick(r.who),
            kpis=[name for k, name in kpis.items() if kb.kpis[k].cadence == r.cadence],
        )
        for r in kb.planning.reviews
    ]
