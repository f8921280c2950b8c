"""Rules as data: the ``rules:`` entries of the knowledge base, and their effects.

A rule has an ``id``, a plain-language ``description`` (shown in explanations), a ``when``
condition (see :mod:`recommender.conditions`), a list of ``then`` effects and a ``source``.
Each effect is one mapping whose first key names its kind::

    goal: brand_awareness, weight: 40            # recommend a goal (negative weight argues against)
    hold_goal: conversions_sales, reason: ...    # the goal may be secondary, never primary
    kpis: [ctr, conversion_rate], goal: ...      # KPIs that prove a goal in this context
    platform: tiktok, weight: 30, reason: ...    # add, boost (or, negative, demote) a platform
    exclude_platform: telegram, reason: ...      # never recommend it here
    no_ads: facebook, reason: ...                # organic only on that platform here
    active_platforms: 15, reason: ...            # boost the networks the client already uses
    focus_platforms: 3, reason: ...              # recommend at most this many platforms
    tactic: content_calendar, weight: 20         # recommend a tactic
    exclude_tactic: boosted_posts, reason: ...   # never recommend it here
    warning: no_baselines                        # raise a warning from the catalogue
    derive: paid_budget                          # assert a fact other rules can test
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import Field, ValidationError

from recommender.catalogue import Entry, Id, LocalText
from recommender.conditions import Condition, ConditionError, parse
from recommender.errors import Problem
from recommender.validation import allowed, dotted, problems_from, suggest
from recommender.yamlio import LineDict, line_of

RuleId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.:-]*$", max_length=100)]
Weight = Annotated[float, Field(ge=-1000, le=1000)]


class GoalEffect(Entry):
    """Recommend a goal; weights add up across rules."""

    goal: Id
    weight: Weight


class HoldGoalEffect(Entry):
    """Keep a goal out of the primary set."""

    hold_goal: Id
    reason: LocalText


class KpisEffect(Entry):
    """Attach KPIs to a goal in this context."""

    kpis: tuple[Id, ...] = Field(min_length=1)
    goal: Id


class PlatformEffect(Entry):
    """Add, boost or demote a platform."""

    platform: Id
    weight: Weight
    reason: LocalText
    goal: Id | None = None


class ExcludePlatformEffect(Entry):
    """Never recommend a platform for this intake."""

    exclude_platform: Id
    reason: LocalText
    listed: bool = Field(
        default=True, description="list it under 'left out' (false for platforms out of region)"
    )


class NoAdsEffect(Entry):
    """Paid options on a platform cannot be bought for this intake."""

    no_ads: Id
    reason: LocalText


class ActivePlatformsEffect(Entry):
    """Boost every platform the client is already active on."""

    active_platforms: Weight
    reason: LocalText


class FocusPlatformsEffect(Entry):
    """Recommend at most this many platforms."""

    focus_platforms: Annotated[int, Field(ge=1, le=20)]
    reason: LocalText


class TacticEffect(Entry):
    """Recommend a tactic."""

    tactic: Id
    weight: Weight = 10


class ExcludeTacticEffect(Entry):
    """Never recommend a tactic for this intake."""

    exclude_tactic: Id
    reason: LocalText


class WarningEffect(Entry):
    """Raise a warning defined in the catalogue."""

    warning: Id


class DeriveEffect(Entry):
    """Assert a derived fact that later rules can test with ``fact: NAME``."""

    derive: Id


Effect = (
    GoalEffect
    | HoldGoalEffect
    | KpisEffect
    | PlatformEffect
    | ExcludePlatformEffect
    | NoAdsEffect
    | ActivePlatformsEffect
    | FocusPlatformsEffect
    | TacticEffect
    | ExcludeTacticEffect
    | WarningEffect
    | DeriveEffect
)
EFFECT_KINDS: dict[str, type[Entry]] = {
    "goal": GoalEffect,
    "hold_goal": HoldGoalEffect,
    "kpis": KpisEffect,
    "platform": PlatformEffect,
    "exclude_platform": ExcludePlatformEffect,
    "no_ads": NoAdsEffect,
    "active_platforms": ActivePlatformsEffect,
    "focus_platforms": FocusPlatformsEffect,
    "tactic": TacticEffect,
    "exclude_tactic": ExcludeTacticEffect,
    "warning": WarningEffect,
    "derive": DeriveEffect,
}


class RuleHead(Entry):
    """The parts of a rule pydantic checks; ``when`` and ``then`` are parsed on their own."""

    id: RuleId
    description: LocalText
    when: Any
    then: list[Any] = Field(min_length=1)
    source: str = Field(min_length=1)


@dataclass(frozen=True)
class Rule:
    """A validated rule."""

    id: str
    description: dict[str, str]
    condition: Condition
    effects: tuple[Effect, ...]
    source: str
    file: str
    line: int | None
    generated: bool = False
    effect_lines: tuple[int | None, ...] = ()

    @property
    def derives(self) -> tuple[str, ...]:
        """The facts this rule asserts."""
        return tuple(e.derive for e in self.effects if isinstance(e, DeriveEffect))

    def effect_line(self, index: int) -> int | None:
        """The line of the ``index``-th effect (the rule's line if unknown)."""
        return self.effect_lines[index] if index < len(self.effect_lines) else self.line

    @property
    def location(self) -> str:
        """``file:line`` of the rule."""
        return f"{self.file}:{self.line}" if self.line else self.file


def parse_rule(data: Any, where: str, loc: list[str | int]) -> tuple[Rule | None, list[Problem]]:
    """Validate one ``rules:`` entry; problems carry file, line and field path."""
    if not isinstance(data, dict):
        return None, [
            Problem(
                "a rule must be a mapping with id, when, then",
                where,
                line_of(data, []),
                dotted(loc),
            )
        ]
    problems: list[Problem] = []
    try:
        head = RuleHead.model_validate(data)
    except ValidationError as exc:
        return None, problems_from(exc, data, where, RuleHead, loc)
    prefix = f"{dotted(loc)} ({head.id})"
    try:
        condition = parse(head.when, where, f"{prefix}.when")
    except ConditionError as exc:
        problems.extend(exc.problems)
        condition = None
    effects: list[Effect] = []
    then = data["then"]
    for i, item in enumerate(then):
        effect, found = parse_effect(
            item, where, [*loc, "then", i], data_root=then, index=i, prefix=prefix
        )
        problems.extend(found)
        if effect is not None:
            effects.append(effect)
    if problems or condition is None:
        return None, problems
    line = data.line if isinstance(data, LineDict) else None
    effect_lines = tuple(line_of(then, [i]) for i in range(len(then)))
    rule = Rule(
        head.id,
        head.description,
        condition,
        tuple(effects),
        head.source,
        where,
        line,
        False,
        effect_lines,
    )
    return rule, []


def parse_effect(
    item: Any, where: str, loc: list[str | int], *, data_root: Any, index: int, prefix: str
) -> tuple[Effect | None, list[Problem]]:
    """Validate one ``then`` entry, choosing its kind by its first key."""
    field = f"{prefix}.then[{index}]"
    line = line_of(data_root, [index])
    if not isinstance(item, dict) or not item:
        return None, [
            Problem(
                "an effect is a mapping such as 'goal: brand_awareness'; "
                f"kinds: {allowed(EFFECT_KINDS)}",
                where,
                line,
                field,
            )
        ]
    kind = next((k for k in item if k in EFFECT_KINDS), None)
    if kind is None:
        first = next(iter(item))
        return None, [
            Problem(
                f"unknown effect '{first}'{suggest(first, EFFECT_KINDS)}; "
                f"kinds: {allowed(EFFECT_KINDS)}",
                where,
                line,
                field,
            )
        ]
    model = EFFECT_KINDS[kind]
    try:
        return model.model_validate(item), []  # type: ignore[return-value]
    except ValidationError as exc:
        return None, [
            Problem(p.message, where, p.line, f"{field}.{p.field}" if p.field else field)
            for p in problems_from(exc, item, where, model)
        ]
