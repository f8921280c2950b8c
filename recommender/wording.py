"""Plain-language wording of effects, facts and catalogue entries (through the i18n layer)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from recommender import formatting, localize
from recommender.formatting import signed
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

SITUATIONS = {
    "new_product_launch": N_("launching a new product"),
    "entering_new_market": N_("entering a new market"),
    "confused_with_competitors": N_("confused with competitors"),
    "low_brand_recognition": N_("not well known yet"),
    "reputation_problem": N_("a reputation problem"),
    "low_website_traffic": N_("too few website visitors"),
    "strong_social_presence_wants_sales": N_("a strong social presence that should sell"),
    "needs_leads": N_("needs leads"),
    "hosting_event": N_("hosting an event"),
    "high_support_load": N_("a heavy customer-support load"),
    "needs_market_insight": N_("needs market insight"),
    "hiring": N_("hiring"),
    "low_engagement": N_("low engagement"),
    "wants_thought_leadership": N_("wants to be seen as the experts"),
    "wants_loyal_community": N_("wants a loyal community"),
    "has_brand_advocates": N_("has brand advocates"),
    "must_prove_roi": N_("must prove return on investment"),
}
MODELS = {
    "b2b": N_("businesses (B2B)"),
    "b2c": N_("consumers (B2C)"),
    "both": N_("businesses and consumers"),
}


def name_of(kb: KnowledgeBase, kind: str, ident: str) -> str:
    """The translated name of a catalogue entry, or its id when unknown."""
    table: Mapping[str, Any] = getattr(kb, kind)
    entry = table.get(ident)
    return pick(entry.name) if entry is not None else ident


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
            "names": formatting.listing(name_of(kb, "kpis", k) for k in e.kpis),
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
    """A fact value as a person would write it, in the language's numbers and dates."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (int, float)):
        return formatting.exact(value)
    if isinstance(value, (list, tuple)):
        return formatting.listing(show_value(v) for v in value) if value else _("none")
    if isinstance(value, dt.date):
        return formatting.date(value)
    return str(value)


# how the intake facts that hold codes name them; platforms are the knowledge base's
_VALUE_WORDS: dict[str, Callable[[str], str]] = {
    "situations": lambda v: _(SITUATIONS[v]) if v in SITUATIONS else v,
    "business.model": lambda v: _(MODELS[v]) if v in MODELS else v,
    "business.country": localize.country,
    "business.markets": localize.country,
    "business.language": localize.language_name,
    "audience.age_ranges": localize.digits,
}


def fact_value(kb: KnowledgeBase, key: str, value: Any) -> str:
    """The value of one intake fact in words: situations, platforms and countries by name."""
    if key == "platforms":
        words: Callable[[str], str] | None = partial(name_of, kb, "platforms")
    else:
        words = _VALUE_WORDS.get(key)
    if words is None:
        return show_value(value)
    if isinstance(value, (list, tuple)):
        return formatting.listing(words(str(v)) for v in value) if value else _("none")
    return words(str(value))


def derived_fact(kb: KnowledgeBase, name: str) -> str:
    """A derived fact in words: the description of the rule that derives it."""
    for rule in kb.rules:
        if name in rule.derives:
            return pick(rule.description).rstrip(".。")
    return name


_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_.]*)\}")


def fill(template: str, values: Mapping[str, Any]) -> str:
    """Put intake facts into a message: ``{business.name}`` -> the client's name."""

    def one(match: re.Match[str]) -> str:
        key = match.group(1)
        return show_value(values[key]) if key in values else match.group(0)

    return _PLACEHOLDER.sub(one, template)
