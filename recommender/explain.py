"""Explanations: for each goal and platform, the rules and facts behind it, and near misses.

A near miss is a rule that did not fire but would have if one single condition had gone
the other way. The engine decides each condition on its own (a diagnostic ruleset with one
rule per condition); here we only combine those outcomes through each rule's and/or/not
tree to find the single condition that made the difference.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from recommender.conditions import Atom, FactTest, atoms, describe, evaluate
from recommender.i18n import _, pick
from recommender.knowledge import KnowledgeBase
from recommender.recommendation import Recommendation
from recommender.rulebook import (
    ExcludePlatformEffect,
    GoalEffect,
    HoldGoalEffect,
    PlatformEffect,
    Rule,
)
from recommender.wording import derived_fact, fact_value, show_value


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class FiredRule(_Out):
    """A rule that fired for this item."""

    rule: str
    description: str
    facts: list[str]
    weight: float | None
    source: str


class NearMiss(_Out):
    """A rule that would have fired but for one condition."""

    rule: str
    description: str
    needed: str
    actual: str
    source: str


class ExplainedItem(_Out):
    """One goal or platform, with what made it and what almost changed it."""

    kind: Literal["goal", "platform"]
    id: str
    name: str
    status: str
    score: float
    fired: list[FiredRule]
    near_misses: list[NearMiss]


class Explanation(_Out):
    """The whole explanation of one recommendation."""

    client: str
    goals: list[ExplainedItem]
    platforms: list[ExplainedItem]

    def to_json(self) -> str:
        """Deterministic JSON."""
        return self.model_dump_json(indent=2) + "\n"


def explain(
    kb: KnowledgeBase,
    rec: Recommendation,
    values: Mapping[str, Any],
    final_fact: Mapping[str, Any],
) -> Explanation:
    """Explain ``rec``: fired rules per item, and near misses found by the engine."""
    true_keys = kb.engine.true_atoms(final_fact)
    fired_ids = {t.rule for t in rec.trace}
    facts_of = {t.rule: t.facts for t in rec.trace}
    misses = {
        r.id: m
        for r in kb.rules
        if r.id not in fired_ids and (m := _near_miss(kb, r, true_keys, values))
    }
    goals = []
    for goal_id, goal in kb.goals.items():
        chosen = rec.goal(goal_id)
        touching = [r for r in kb.rules if _touches_goal(r, goal_id)]
        item = _item(
            kb,
            "goal",
            goal_id,
            pick(goal.name),
            _(chosen.priority) if chosen else _("not recommended"),
            chosen.score if chosen else 0.0,
            touching,
            fired_ids,
            facts_of,
            misses,
            weight=lambda r, g=goal_id: _weight(r, goal=g),
        )
        if chosen or item.near_misses or item.fired:
            goals.append(item)
    platforms = []
    ranked = {p.id: p for p in rec.platforms}
    excluded = {p.id for p in rec.excluded_platforms}
    for pid, platform in kb.platforms.items():
        touching = [r for r in kb.rules if _touches_platform(r, pid)]
        status = (
            _("recommended")
            if pid in ranked
            else _("excluded")
            if pid in excluded
            else _("not recommended")
        )
        item = _item(
            kb,
            "platform",
            pid,
            pick(platform.name),
            status,
            ranked[pid].score if pid in ranked else 0.0,
            touching,
            fired_ids,
            facts_of,
            misses,
            weight=lambda r, p=pid: _weight(r, platform=p),
        )
        if pid in ranked or pid in excluded or item.near_misses:
            platforms.append(item)
    return Explanation(client=rec.client, goals=goals, platforms=platforms)


def _item(
    kb: KnowledgeBase,
    kind: Literal["goal", "platform"],
    ident: str,
    name: str,
    status: str,
    score: float,
    touching: list[Rule],
    fired_ids: set[str],
    facts_of: Mapping[str, Mapping[str, Any]],
    misses: Mapping[str, NearMiss],
    weight: Any,
) -> ExplainedItem:
    fired = [
        FiredRule(
            rule=r.id,
            description=pick(r.description),
            facts=[fact_line(kb, k, v) for k, v in facts_of[r.id].items()],
            weight=weight(r),
            source=r.source,
        )
        for r in touching
        if r.id in fired_ids
    ]
    near = [misses[r.id] for r in touching if r.id in misses]
    return ExplainedItem(
        kind=kind, id=ident, name=name, status=status, score=score, fired=fired, near_misses=near
    )


def fact_line(kb: KnowledgeBase, key: str, value: Any) -> str:
    """One fact a rule tested, in words: "situations: hiring", "monthly ad budget: 0"."""
    if key.startswith("fact:"):
        return f"{derived_fact(kb, key[5:])}: {show_value(value)}"
    spec = kb.fields.get(key)
    label = _(spec.label) if spec else key
    if isinstance(value, dict) and "not" in value:
        values = fact_value(kb, key, value["not"])
        return _("{label} without {values}").format(label=label, values=values)
    return f"{label}: {fact_value(kb, key, value) if value is not None else _('not given')}"


def _touches_goal(rule: Rule, goal: str) -> bool:
    return any(
        (isinstance(e, GoalEffect) and e.goal == goal)
        or (isinstance(e, HoldGoalEffect) and e.hold_goal == goal)
        for e in rule.effects
    )


def _touches_platform(rule: Rule, platform: str) -> bool:
    return any(
        (isinstance(e, PlatformEffect) and e.platform == platform)
        or (isinstance(e, ExcludePlatformEffect) and e.exclude_platform == platform)
        for e in rule.effects
    )


def _weight(rule: Rule, goal: str | None = None, platform: str | None = None) -> float | None:
    for e in rule.effects:
        if isinstance(e, GoalEffect) and e.goal == goal:
            return e.weight
        if isinstance(e, PlatformEffect) and e.platform == platform:
            return e.weight
    return None


def _near_miss(
    kb: KnowledgeBase, rule: Rule, true_keys: set[str], values: Mapping[str, Any]
) -> NearMiss | None:
    unique: dict[str, Atom] = {a.key(): a for a in atoms(rule.condition)}
    truth = {k: k in true_keys for k in unique}
    if len(unique) < 2 or not any(truth.values()):
        return None  # a one-condition rule that did not fire is not "almost" anything
    for key, atom in unique.items():
        flipped = {**truth, key: not truth[key]}
        if evaluate(rule.condition, flipped):
            return NearMiss(
                rule=rule.id,
                description=pick(rule.description),
                needed=describe(atom, kb.fields, negated=truth[key]),
                actual=_actual(kb, atom, values, truth[key]),
                source=rule.source,
            )
    return None


def _actual(kb: KnowledgeBase, atom: Atom, values: Mapping[str, Any], holds: bool) -> str:
    if isinstance(atom, FactTest):
        return _("the fact was derived") if holds else _("the fact was not derived")
    spec = kb.fields.get(atom.field)
    label = _(spec.label) if spec else atom.field
    value = values.get(atom.field)
    return f"{label}: {show_value(value) if value is not None else _('not given')}"
