"""The strategy document's content model: what every template (Markdown, HTML, DOCX) lays out.

Pure data, ready to read: numbers a reader needs formatted come formatted, sentences come
composed (:mod:`recommender.document_text`), so every format says the same thing.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from recommender.measurement import ProgramScore, ReviewPlan
from recommender.mediaplan import MediaPlan
from recommender.planning import CalendarWeek, ContentMix, MonthPlan, PostingPlan
from recommender.targets import KpiTarget


class _Doc(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Row(_Doc):
    """A label and its value."""

    label: str
    value: str


class Provenance(_Doc):
    """What produced the draft, so it can be regenerated."""

    goalrec_version: str
    knowledge_base: str
    knowledge_base_version: str
    knowledge_base_digest: str
    intake_file: str
    intake_digest: str
    date: dt.date
    language: str
    direction: str
    command: str


class KpiPlanRow(_Doc):
    """One KPI of a goal: definition, formula, baseline, target, source and cadence."""

    id: str
    name: str
    description: str
    formula: str
    baseline: str
    target: str
    note: str | None
    data_source: str
    cadence: str
    vanity: bool
    flag: str | None


class SmartGoal(_Doc):
    """A goal as a SMART statement, with its KPI plan."""

    id: str
    name: str
    priority: str
    primary: bool
    statement: str
    smart: list[Row]
    why: list[str]
    kpis: list[KpiPlanRow]
    targets: list[KpiTarget]
    due_note: str | None = None
    """Why this goal's targets fall due earlier than the others' (on the event date)."""


class PlatformRow(_Doc):
    """A ranked platform."""

    rank: int
    id: str
    name: str
    score: float
    role: str
    reasons: list[str]
    paid: str
    active: bool
    goals: list[str]


class TacticRow(_Doc):
    """A recommended tactic."""

    name: str
    media: str
    description: str
    goals: list[str]


class Prompted(_Doc):
    """A section filled from the intake, or a marked prompt for the strategist."""

    title: str
    items: list[str]
    prompt: str | None


class Risk(_Doc):
    """A warning or risk the strategist must look at."""

    severity: str
    label: str
    message: str


class WhyEntry(_Doc):
    """One rule that fired, in plain language, with its source."""

    rule: str
    description: str
    facts: list[str]
    effects: list[str]
    source: str
    source_title: str


class Assumption(_Doc):
    """A number the draft rests on, with why and where it comes from."""

    what: str
    value: str
    why: str
    source: str


class SourceRow(_Doc):
    """A cited source."""

    id: str
    title: str
    url: str | None


class StrategyDocument(_Doc):
    """Everything a strategy-document template lays out."""

    title: str
    client: str
    provenance: Provenance
    summary: list[str]
    situation: list[Row]
    start: dt.date
    end: dt.date
    months: int
    target_date: dt.date
    """When the targets are due: the plan's end, or the end of the target horizon (data)."""
    goals: list[SmartGoal]
    platforms: list[PlatformRow]
    excluded_platforms: list[Row]
    tactics: list[TacticRow]
    posting: PostingPlan
    content_mix: ContentMix
    calendar: list[CalendarWeek]
    month_plan: list[MonthPlan]
    """Month by month, runs of identical months grouped."""
    event_date: dt.date | None
    media: MediaPlan
    audience: list[Prompted]
    brand: list[Prompted]
    scorecard: list[ProgramScore]
    risks: list[Risk]
    reviews: list[ReviewPlan]
    why: list[WhyEntry]
    assumptions: list[Assumption]
    sources: list[SourceRow]
