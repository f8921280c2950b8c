"""Planning assumptions: the numbers behind SMART targets and the strategy document's plans.

Two knowledge-base sections live here. ``targets`` holds, per KPI, how fast it can move in a
month and how far a plan may call attainable; ``planning`` holds the content mix, posting
cadence, media-plan split, scorecard weights, phases and review cadence. Both are data with
their reasons and sources, validated on load like the rest of the catalogue.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field, model_validator

from recommender.catalogue import Entry, Id, LocalText, PlatformKind, ProgramType, Setting
from recommender.errors import Problem
from recommender.validation import suggest
from recommender.yamlio import line_of

if TYPE_CHECKING:
    from recommender.knowledge import KnowledgeBase

Change = Literal["relative", "points", "level"]
Per = Literal["month", "opening", "none"]
Component = Literal["reach", "influence", "conversion"]
PhaseId = Literal["setup", "build_up", "launch", "grow", "review"]
ReviewCadence = Literal["weekly", "monthly", "quarterly"]
Share = Annotated[float, Field(ge=0, le=100)]


class TargetAssumption(Entry):
    """How fast one KPI can move per month, and how fast a plan may call attainable.

    ``change`` says what the numbers mean: ``relative`` is percent of the current value per
    month, ``points`` is percentage points per month, ``level`` is a level to hold (in the
    KPI's unit). For a KPI where lower is better the numbers are negative.
    """

    id: Id
    change: Change
    monthly: float
    monthly_paid: float | None = None
    attainable: float
    floor: float | None = None
    ceiling: float | None = None
    per: Per = "none"
    why: LocalText
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _attainable_beyond_expected(self) -> TargetAssumption:
        expected = [self.monthly] + ([self.monthly_paid] if self.monthly_paid is not None else [])
        if any(abs(self.attainable) < abs(e) or e * self.attainable < 0 for e in expected):
            raise ValueError(
                "attainable must go the same way as monthly (and monthly_paid) and at least as far"
            )
        return self

    def expected(self, paid: bool) -> float:
        """The monthly change to plan on, with or without a paid budget."""
        return self.monthly_paid if paid and self.monthly_paid is not None else self.monthly


class Pillar(Entry):
    """One content pillar of the content mix, with its share of all posts."""

    id: Id
    name: LocalText
    description: LocalText
    share: Share
    promotional: bool = False
    source: str = Field(min_length=1)


class PostingRule(Entry):
    """How often to post on a kind of platform, and what a post costs the team."""

    posts_per_week: Annotated[float, Field(gt=0, le=50)]
    hours_per_post: Annotated[float, Field(gt=0, le=40)]
    formats: LocalText
    post_label: LocalText | None = Field(
        default=None, description="Posts here are this (e.g. a job post), outside the content mix"
    )
    why: LocalText
    source: str = Field(min_length=1)


class Posting(Entry):
    """The posting cadence, by kind of platform with per-platform exceptions."""

    kinds: dict[PlatformKind, PostingRule]
    platforms: dict[Id, PostingRule] = Field(default_factory=dict)
    content_share_of_hours: Setting
    min_posts_per_week: Setting


class MediaSplit(Entry):
    """How a paid budget is split over paid tactics, tests and the months of the plan."""

    paid_tactics: dict[Id, Setting]
    test_share: Setting
    flight_weight: Setting


class ScorecardComponent(Entry):
    """One of seed 002's three program components and the KPIs that measure it."""

    name: LocalText
    description: LocalText
    kpis: tuple[Id, ...] = Field(min_length=1)


class Scorecard(Entry):
    """The program scorecard: components and their weights per program type (seed 002)."""

    components: dict[Component, ScorecardComponent]
    weights: dict[ProgramType, dict[Component, Share]]
    why: LocalText
    source: str = Field(min_length=1)


class Phase(Entry):
    """A stage of the month-by-month plan and the tactics it leans on."""

    id: PhaseId
    name: LocalText
    focus: LocalText
    tactics: tuple[Id, ...] = ()
    source: str = Field(min_length=1)


class Review(Entry):
    """A recurring review: how often, what is looked at, and who does it."""

    cadence: ReviewCadence
    name: LocalText
    what: LocalText
    who: LocalText
    source: str = Field(min_length=1)


class Planning(Entry):
    """Every planning number and list the strategy document uses."""

    promotional_share_max: Setting
    content_pillars: tuple[Pillar, ...] = Field(min_length=1)
    posting: Posting
    media: MediaSplit
    scorecard: Scorecard
    target_horizon_months: Setting
    build_up_months: Setting
    phases: tuple[Phase, ...]
    reviews: tuple[Review, ...] = Field(min_length=1)

    def phase(self, phase_id: str) -> Phase:
        """The phase with this id (all five exist once the knowledge base has loaded)."""
        return next(p for p in self.phases if p.id == phase_id)

    def posting_rule(self, platform_id: str, kind: str) -> PostingRule:
        """The cadence for one platform: its own rule, else its kind's."""
        return self.posting.platforms.get(platform_id) or self.posting.kinds[kind]  # type: ignore[index]


def check_targets(kb: KnowledgeBase) -> list[Problem]:
    """Every KPI has exactly one target assumption, going the KPI's way."""
    problems = []
    for kpi_id, kpi in kb.kpis.items():
        assumption = kb.targets.get(kpi_id)
        where = kb.locations[("kpis", kpi_id)]
        if assumption is None:
            problems.append(
                Problem(
                    f"KPI '{kpi_id}' has no target assumption; add it to the 'targets' section",
                    where.file,
                    where.line,
                )
            )
        elif assumption.change != "level" and (assumption.monthly > 0) != kpi.higher_is_better:
            at = kb.locations[("targets", kpi_id)]
            way = "rise (monthly > 0)" if kpi.higher_is_better else "fall (monthly < 0)"
            problems.append(Problem(f"target '{kpi_id}': this KPI should {way}", at.file, at.line))
    for target_id in kb.targets:
        if target_id not in kb.kpis:
            at = kb.locations[("targets", target_id)]
            problems.append(
                Problem(
                    f"target '{target_id}': unknown KPI{suggest(target_id, kb.kpis)}",
                    at.file,
                    at.line,
                )
            )
    return problems


def check_planning(kb: KnowledgeBase, data: Any, where: str) -> list[Problem]:
    """Cross-checks the models cannot make alone: ids exist, shares add up, nothing missing."""
    return [
        Problem(message, where, line_of(data, ["planning", *loc]))
        for loc, message in _planning_issues(kb)
    ]


def _planning_issues(kb: KnowledgeBase) -> Iterator[tuple[Sequence[str | int], str]]:
    plan = kb.planning
    shares = sum(p.share for p in plan.content_pillars)
    if abs(shares - 100) > 0.01:
        yield ["content_pillars"], f"the pillars' shares add up to {shares:g}, not 100"
    promo = sum(p.share for p in plan.content_pillars if p.promotional)
    if promo > plan.promotional_share_max.value:
        yield (
            ["content_pillars"],
            f"promotional pillars take {promo:g} % of posts; the most is "
            f"{plan.promotional_share_max.value:g} % (promotional_share_max)",
        )
    yield from _missing(
        ["posting", "kinds"],
        {p.kind for p in kb.platforms.values()},
        plan.posting.kinds,
        "platform kind",
    )
    yield from _unknown(["posting", "platforms"], plan.posting.platforms, kb.platforms, "platform")
    yield from _unknown(["media", "paid_tactics"], plan.media.paid_tactics, kb.tactics, "tactic")
    paid = {t for t, tactic in kb.tactics.items() if tactic.paid}
    yield from _missing(["media", "paid_tactics"], paid, plan.media.paid_tactics, "paid tactic")
    placed: dict[str, str] = {}
    for name, component in plan.scorecard.components.items():
        loc: list[str | int] = ["scorecard", "components", name, "kpis"]
        yield from _unknown(loc, component.kpis, kb.kpis, "KPI")
        for kpi in component.kpis:
            if kpi in placed:
                yield loc, f"KPI '{kpi}' is in both '{placed[kpi]}' and '{name}'"
            placed[kpi] = name
    yield from _missing(["scorecard", "components"], set(kb.kpis), placed, "KPI")
    yield from _missing(
        ["scorecard", "components"],
        {"reach", "influence", "conversion"},
        plan.scorecard.components,
        "component",
    )
    program_types = {g.program_type for g in kb.goals.values()}
    yield from _missing(
        ["scorecard", "weights"], program_types, plan.scorecard.weights, "program type"
    )
    for program, weights in plan.scorecard.weights.items():
        total = sum(weights.values())
        if abs(total - 100) > 0.01:
            yield ["scorecard", "weights", program], f"the weights add up to {total:g}, not 100"
    ids = [p.id for p in plan.phases]
    yield from _missing(["phases"], {"setup", "build_up", "launch", "grow", "review"}, ids, "phase")
    for i, phase in enumerate(plan.phases):
        if phase.id in ids[:i]:
            yield ["phases", i], f"phase '{phase.id}' is listed twice"
        yield from _unknown(["phases", i, "tactics"], phase.tactics, kb.tactics, "tactic")
    scheduled = {t for phase in plan.phases for t in phase.tactics}
    yield from _missing(["phases"], set(kb.tactics), scheduled, "tactic")


def _unknown(
    loc: Sequence[str | int], ids: Collection[str], known: Mapping[str, Any], kind: str
) -> Iterator[tuple[Sequence[str | int], str]]:
    for ident in ids:
        if ident not in known:
            yield (
                [*loc, ident] if isinstance(ids, Mapping) else loc,
                (f"unknown {kind} '{ident}'{suggest(ident, known)}"),
            )


def _missing(
    loc: Sequence[str | int], needed: Collection[str], given: Collection[str], kind: str
) -> Iterator[tuple[Sequence[str | int], str]]:
    absent = sorted(set(needed) - set(given))
    if absent:
        yield loc, f"no entry for the {kind}{'s' if len(absent) > 1 else ''} {', '.join(absent)}"
