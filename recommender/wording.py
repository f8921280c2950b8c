"""Plain-language wording of effects, facts and catalogue entries (through the i18n layer)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

from recommender.i18n import N_, _, pick
from recommender.knowledge import KnowledgeBase
from recommender.rulebook import (
    ActivePlatformsEffect,
    DeriveEffect,
    Effect,
    ExcludePlatformEffect,
    ExcludeTacticEffect,
    FocusPlatformsEffect,
    GoalEffect,
    HoldGoalEffect,
    KpisEffect,
    NoAdsEffect,
    PlatformEffect,
    TacticEffect,
    WarningEffect,
)


def name_of(kb: KnowledgeBase, kind: str, ident: str) -> str:
    """The translated name of a catalogue entry, or its id when unknown."""
    table: Mapping[str, Any] = getattr(kb, kind)
    entry = table.get(ident)
    return pick(entry.name) if entry is not None else ident


def signed(weight: float) -> str:
    """``+40`` / ``-10``, without a trailing ``.0``."""
    return f"{weight:+g}"


_EFFECT_WORDS: dict[type, tuple[str, Callable[[Any, KnowledgeBase], dict[str, Any]]]] = {
    GoalEffect: (
        N_("goal {name} {weight}"),
        lambda e, kb: {"name": name_of(kb, "goals", e.goal), "weight": signed(e.weight)},
    ),
    HoldGoalEffect: (
        N_("hold goal {name} out of the primary set"),
        lambda e, kb: {"name": name_of(kb, "goals", e.hold_goal)},
    ),
    KpisEffect: (
        N_("KPIs {names} for {goal}"),
        lambda e, kb: {
            "names": ", ".join(name_of(kb, "kpis", k) for k in e.kpis),
            "goal": name_of(kb, "goals", e.goal),
        },
    ),
    PlatformEffect: (
        N_("platform {name} {weight}"),
        lambda e, kb: {"name": name_of(kb, "platforms", e.platform), "weight": signed(e.weight)},
    ),
    ExcludePlatformEffect: (
        N_("exclude platform {name}"),
        lambda e, kb: {"name": name_of(kb, "platforms", e.exclude_platform)},
    ),
    NoAdsEffect: (
        N_("no paid options on {name}"),
        lambda e, kb: {"name": name_of(kb, "platforms", e.no_ads)},
    ),
    ActivePlatformsEffect: (
        N_("platforms already in use {weight}"),
        lambda e, kb: {"weight": signed(e.active_platforms)},
    ),
    FocusPlatformsEffect: (
        N_("focus on at most {n} platforms"),
        lambda e, kb: {"n": e.focus_platforms},
    ),
    TacticEffect: (
        N_("tactic {name} {weight}"),
        lambda e, kb: {"name": name_of(kb, "tactics", e.tactic), "weight": signed(e.weight)},
    ),
    ExcludeTacticEffect: (
        N_("exclude tactic {name}"),
        lambda e, kb: {"name": name_of(kb, "tactics", e.exclude_tactic)},
    ),
    WarningEffect: (N_("warning {id}"), lambda e, kb: {"id": e.warning}),
    DeriveEffect: (N_("derive fact {name}"), lambda e, kb: {"name": e.derive}),
}


def describe_effect(effect: Effect, kb: KnowledgeBase) -> str:
    """One effect in words, e.g. "goal Brand awareness +40"."""
    template, args = _EFFECT_WORDS[type(effect)]
    return _(template).format(**args(effect, kb))


def show_value(value: Any) -> str:
    """A fact value as a person would write it."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if isinstance(value, (int, float)):
        return f"{value:,}"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value) if value else _("none")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_.]*)\}")


def fill(template: str, values: Mapping[str, Any]) -> str:
    """Put intake facts into a message: ``{business.name}`` -> the client's name."""

    def one(match: re.Match[str]) -> str:
        key = match.group(1)
        return show_value(values[key]) if key in values else match.group(0)

    return _PLACEHOLDER.sub(one, template)
