"""Turn the rules that fired into a ranked, explained recommendation.

The engine decides *which* rules hold for an intake; this module only adds up their
effects (weights, exclusions, caps) with the numbers in ``rules/settings.yaml`` and orders
the result deterministically (score, then catalogue order).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from recommender import __version__
from recommender.compiler import Conjunction
from recommender.conditions import FactTest
from recommender.facts import derived_key
from recommender.i18n import get_language, pick
from recommender.knowledge import KnowledgeBase
from recommender.recommendation import (
    ExcludedPlatform,
    ExcludedTactic,
    GoalRec,
    KpiRef,
    Meta,
    PlatformRec,
    Reason,
    Recommendation,
    TacticRec,
    TraceEntry,
    WarningRec,
)
from recommender.rulebook import (
    ActivePlatformsEffect,
    DeriveEffect,
    ExcludePlatformEffect,
    ExcludeTacticEffect,
    FocusPlatformsEffect,
    GoalEffect,
    HoldGoalEffect,
    KpisEffect,
    NoAdsEffect,
    PlatformEffect,
    Rule,
    TacticEffect,
    WarningEffect,
)
from recommender.wording import describe_effect, fill


@dataclass
class _Tally:
    """Scores and reasons for one kind of thing (goals, platforms or tactics)."""

    score: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    why: dict[str, list[Reason]] = field(default_factory=lambda: defaultdict(list))
    excluded: dict[str, list[Reason]] = field(default_factory=lambda: defaultdict(list))

    def add(self, ident: str, weight: float, reason: Reason) -> None:
        self.score[ident] += weight
        self.why[ident].append(reason)

    def ranked(self, order: Sequence[str], minimum: float) -> list[str]:
        """Ids scoring at least ``minimum``, not excluded, best first, ties in catalogue order."""
        position = {ident: i for i, ident in enumerate(order)}
        keep = [
            i for i, s in self.score.items() if s >= minimum and s > 0 and i not in self.excluded
        ]
        return sorted(keep, key=lambda i: (-self.score[i], position.get(i, len(position))))


@dataclass
class _Effects:
    """Everything the fired rules said, gathered before any ranking."""

    goals: _Tally = field(default_factory=_Tally)
    platforms: _Tally = field(default_factory=_Tally)
    tactics: _Tally = field(default_factory=_Tally)
    held: dict[str, list[Reason]] = field(default_factory=lambda: defaultdict(list))
    kpis: dict[str, dict[str, list[str]]] = field(default_factory=lambda: defaultdict(dict))
    platform_goals: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    no_ads: dict[str, list[Reason]] = field(default_factory=lambda: defaultdict(list))
    focus: list[int] = field(default_factory=list)
    warnings: dict[str, list[str]] = field(default_factory=dict)
    listed_exclusions: set[str] = field(default_factory=set)


def _goal(out: _Effects, rule: Rule, e: GoalEffect, active: Sequence[str]) -> None:
    out.goals.add(
        e.goal,
        e.weight,
        Reason(rule=rule.id, text=pick(rule.description), weight=e.weight),
    )


def _hold(out: _Effects, rule: Rule, e: HoldGoalEffect, active: Sequence[str]) -> None:
    out.held[e.hold_goal].append(Reason(rule=rule.id, text=pick(e.reason)))


def _kpis_of(out: _Effects, rule: Rule, e: KpisEffect, active: Sequence[str]) -> None:
    for kpi in e.kpis:
        out.kpis[e.goal].setdefault(kpi, []).append(rule.id)


def _platform(out: _Effects, rule: Rule, e: PlatformEffect, active: Sequence[str]) -> None:
    out.platforms.add(
        e.platform,
        e.weight,
        Reason(rule=rule.id, text=pick(e.reason), weight=e.weight),
    )
    if e.goal and e.weight > 0:
        out.platform_goals[e.platform].append(e.goal)


def _exclude_platform(
    out: _Effects, rule: Rule, e: ExcludePlatformEffect, active: Sequence[str]
) -> None:
    out.platforms.excluded[e.exclude_platform].append(Reason(rule=rule.id, text=pick(e.reason)))
    if e.listed:
        out.listed_exclusions.add(e.exclude_platform)


def _no_ads(out: _Effects, rule: Rule, e: NoAdsEffect, active: Sequence[str]) -> None:
    out.no_ads[e.no_ads].append(Reason(rule=rule.id, text=pick(e.reason)))


def _active(out: _Effects, rule: Rule, e: ActivePlatformsEffect, active: Sequence[str]) -> None:
    reason = Reason(rule=rule.id, text=pick(e.reason), weight=e.active_platforms)
    for platform in active:
        out.platforms.add(platform, e.active_platforms, reason)


def _focus(out: _Effects, rule: Rule, e: FocusPlatformsEffect, active: Sequence[str]) -> None:
    out.focus.append(e.focus_platforms)


def _tactic(out: _Effects, rule: Rule, e: TacticEffect, active: Sequence[str]) -> None:
    out.tactics.add(
        e.tactic,
        e.weight,
        Reason(rule=rule.id, text=pick(rule.description), weight=e.weight),
    )


def _exclude_tactic(
    out: _Effects, rule: Rule, e: ExcludeTacticEffect, active: Sequence[str]
) -> None:
    out.tactics.excluded[e.exclude_tactic].append(Reason(rule=rule.id, text=pick(e.reason)))


def _warning(out: _Effects, rule: Rule, e: WarningEffect, active: Sequence[str]) -> None:
    out.warnings.setdefault(e.warning, []).append(rule.id)


def _nothing(out: _Effects, rule: Rule, e: Any, active: Sequence[str]) -> None:
    """Derived facts already did their work inside the engine."""


_APPLY: dict[type, Callable[[_Effects, Rule, Any, Sequence[str]], None]] = {
    GoalEffect: _goal,
    HoldGoalEffect: _hold,
    KpisEffect: _kpis_of,
    PlatformEffect: _platform,
    ExcludePlatformEffect: _exclude_platform,
    NoAdsEffect: _no_ads,
    ActivePlatformsEffect: _active,
    FocusPlatformsEffect: _focus,
    TacticEffect: _tactic,
    ExcludeTacticEffect: _exclude_tactic,
    WarningEffect: _warning,
    DeriveEffect: _nothing,
}


def _gather(rules: Sequence[Rule], active: Sequence[str]) -> _Effects:
    out = _Effects()
    for rule in rules:
        for effect in rule.effects:
            _APPLY[type(effect)](out, rule, effect, active)
    return out


def build(
    kb: KnowledgeBase,
    client: str,
    values: Mapping[str, Any],
    firings: Sequence[tuple[int, int]],
    final_fact: Mapping[str, Any],
) -> Recommendation:
    """Assemble the recommendation from the engine's firings."""
    fired = [kb.rules[i] for i, _alt in firings]
    active = [p for p in values.get("platforms", [])]
    effects = _gather(fired, active)
    goals = _goals(kb, effects, values)
    plan_goals = [g.id for g in goals]
    budget = float(values.get("resources.monthly_ad_budget", 0))
    # goals that need their own channel (somewhere to post the openings) keep one
    must_cover = [g.id for g in goals if kb.goals[g.id].needs_channel]
    platforms = _platforms(kb, effects, plan_goals, must_cover, active, budget > 0)
    return Recommendation(
        meta=Meta(
            goalrec_version=__version__,
            knowledge_base=kb.meta.name,
            knowledge_base_version=kb.meta.version,
            knowledge_base_digest=kb.digest,
            language=get_language(),
        ),
        client=client,
        goals=goals,
        platforms=platforms,
        excluded_platforms=_excluded_platforms(kb, effects, active),
        tactics=_tactics(kb, effects, plan_goals),
        excluded_tactics=[
            ExcludedTactic(id=t, name=pick(kb.tactics[t].name), reasons=r)
            for t, r in effects.tactics.excluded.items()
            if effects.tactics.score.get(t, 0) > 0
        ],
        warnings=[
            WarningRec(
                id=w,
                severity=kb.warnings[w].severity,
                message=fill(pick(kb.warnings[w].message), values),
                rules=rules,
            )
            for w, rules in effects.warnings.items()
        ],
        derived_facts=sorted(n for n in kb.derived_facts if final_fact.get(derived_key(n))),
        trace=[
            _trace(kb, kb.rules[i], kb.program.rules[i].conjunctions[alt], values)
            for i, alt in firings
        ],
    )


def _goals(kb: KnowledgeBase, effects: _Effects, values: Mapping[str, Any]) -> list[GoalRec]:
    tally = effects.goals
    ranked = tally.ranked(list(kb.goals), kb.setting("min_goal_score"))[
        : int(kb.setting("max_goals"))
    ]
    eligible = [g for g in ranked if g not in effects.held]
    top = tally.score[eligible[0]] if eligible else 0.0
    primary: list[str] = []
    for g in eligible:
        score = tally.score[g]
        good_enough = score >= kb.setting("primary_min_score") and score >= top * kb.setting(
            "primary_relative_min"
        )
        if len(primary) < kb.setting("max_primary_goals") and (good_enough or not primary):
            primary.append(g)
    ordered = primary + [g for g in ranked if g not in primary]
    return [
        GoalRec(
            id=g,
            name=pick(kb.goals[g].name),
            priority="primary" if g in primary else "secondary",
            score=round(tally.score[g], 2),
            kpis=_kpis(kb, g, effects.kpis.get(g, {}), values),
            why=tally.why[g],
            held=effects.held.get(g, []),
        )
        for g in ordered
    ]


def _kpis(
    kb: KnowledgeBase, goal: str, extra: Mapping[str, list[str]], values: Mapping[str, Any]
) -> list[KpiRef]:
    ids = list(kb.goals[goal].kpis) + [k for k in extra if k not in kb.goals[goal].kpis]
    out = []
    for k in ids:
        kpi = kb.kpis[k]
        baseline = values.get(f"baselines.{kpi.baseline}") if kpi.baseline else None
        out.append(
            KpiRef(
                id=k,
                name=pick(kpi.name),
                unit=kpi.unit,
                higher_is_better=kpi.higher_is_better,
                vanity=kpi.vanity,
                baseline=float(baseline) if baseline is not None else None,
                rules=extra.get(k, []),
            )
        )
    return out


def _choose_platforms(
    ranked: list[str],
    cap: int,
    counted: Callable[[str], bool],
    goals: Sequence[str],
    serves: Mapping[str, list[str]],
) -> list[str]:
    """The best platforms within the focus cap, plus a channel for each goal in ``goals``.

    Only platforms that need regular content count toward the cap (a job board does not).
    A goal that needs its own channel (recruiting needs somewhere to post the openings)
    gets the best platform serving it even when the cap is full: posting a job is a task,
    not a presence to keep up.
    """
    chosen = [p for p in ranked if not counted(p)] + [p for p in ranked if counted(p)][:cap]
    for goal in goals:
        if not any(goal in serves.get(p, []) for p in chosen):
            extra = next((p for p in ranked if p not in chosen and goal in serves.get(p, [])), None)
            if extra is not None:
                chosen.append(extra)
    return sorted(chosen, key=ranked.index)


def _platforms(
    kb: KnowledgeBase,
    effects: _Effects,
    plan_goals: list[str],
    must_cover: list[str],
    active: Sequence[str],
    paid_budget: bool,
) -> list[PlatformRec]:
    tally = effects.platforms
    cap = min([*effects.focus, int(kb.setting("max_platforms"))])
    ranked = tally.ranked(list(kb.platforms), kb.setting("min_platform_score"))
    chosen = _choose_platforms(
        ranked,
        cap,
        lambda p: kb.platforms[p].content_channel,
        must_cover,
        effects.platform_goals,
    )
    out = []
    for p in chosen:
        platform = kb.platforms[p]
        served = [g for g in plan_goals if g in effects.platform_goals.get(p, [])]
        role_goal = next((g for g in served if g in platform.roles), None)
        role = pick(platform.roles[role_goal]) if role_goal else pick(platform.role)
        blocked = effects.no_ads.get(p, [])
        out.append(
            PlatformRec(
                id=p,
                name=pick(platform.name),
                score=round(tally.score[p], 2),
                role=role,
                reasons=tally.why[p],
                goals=served,
                active=p in active,
                paid=paid_budget and platform.features.ads and not blocked,
                paid_note=blocked,
            )
        )
    return out


def _excluded_platforms(
    kb: KnowledgeBase, effects: _Effects, active: Sequence[str]
) -> list[ExcludedPlatform]:
    order = {p: i for i, p in enumerate(kb.platforms)}
    minimum = kb.setting("min_platform_score")
    shown = [
        p
        for p in effects.platforms.excluded
        if p in active
        or (p in effects.listed_exclusions and effects.platforms.score.get(p, 0) >= minimum)
    ]
    return [
        ExcludedPlatform(
            id=p, name=pick(kb.platforms[p].name), reasons=effects.platforms.excluded[p]
        )
        for p in sorted(shown, key=lambda p: order.get(p, 0))
    ]


def _tactics(kb: KnowledgeBase, effects: _Effects, plan_goals: list[str]) -> list[TacticRec]:
    tally = effects.tactics
    out = []
    for t in tally.ranked(list(kb.tactics), 0.0):
        tactic = kb.tactics[t]
        served = [g for g in plan_goals if g in tactic.goals]
        if not served:
            continue  # a tactic that serves none of the plan's goals is noise
        out.append(
            TacticRec(
                id=t,
                name=pick(tactic.name),
                score=round(tally.score[t], 2),
                goals=served,
                paid=tactic.paid,
                media=tactic.media,
                why=tally.why[t],
            )
        )
    return out[: int(kb.setting("max_tactics"))]


_EFFECT_TEXTS: dict[tuple[str, str, str], list[str]] = {}


def _effect_texts(kb: KnowledgeBase, rule: Rule) -> list[str]:
    """A rule's effects in words, worded once per knowledge base and language."""
    key = (kb.digest, rule.id, get_language())
    if key not in _EFFECT_TEXTS:
        _EFFECT_TEXTS[key] = [describe_effect(e, kb) for e in rule.effects]
    return list(_EFFECT_TEXTS[key])


def _trace(
    kb: KnowledgeBase, rule: Rule, conj: Conjunction, values: Mapping[str, Any]
) -> TraceEntry:
    facts: dict[str, Any] = {}
    for atom, holds in conj:
        if isinstance(atom, FactTest):
            facts[f"fact:{atom.name}"] = holds
            continue
        value = values.get(atom.field)
        if kb.fields[atom.field].kind == "set" and atom.op != "present":
            tested = [atom.value] if atom.op == "contains" else list(atom.value)
            # name the members that matched, not the whole list
            value = [m for m in tested if m in (value or [])] if holds else {"not": tested}
        facts[atom.field] = value
    # built from checked rules and intake facts, about fifty per intake: validating each
    # again costs a tenth of a batch's time per intake and checks nothing new
    return TraceEntry.model_construct(
        rule=rule.id,
        description=pick(rule.description),
        source=rule.source,
        facts=facts,
        effects=_effect_texts(kb, rule),
        generated=rule.generated,
    )
