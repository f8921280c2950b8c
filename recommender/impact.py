"""``goalrec diff``: what a knowledge-base change does to every client's plan, and why.

Both versions of the knowledge base evaluate every intake; for each client we list the
goals, KPIs, platforms, tactics and warnings added, removed or re-ranked, and attribute
each change to the rule changes (added, removed or edited rules that fired for that
client and touch that item) or setting changes behind it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from recommender.knowledge import KnowledgeBase
from recommender.recommendation import Recommendation
from recommender.rulebook import (
    ExcludePlatformEffect,
    ExcludeTacticEffect,
    GoalEffect,
    HoldGoalEffect,
    KpisEffect,
    NoAdsEffect,
    PlatformEffect,
    Rule,
    TacticEffect,
    WarningEffect,
)

Kind = Literal["goal", "kpi", "platform", "tactic", "warning"]
Change = Literal["added", "removed", "re-ranked"]


@dataclass(frozen=True)
class RuleChange:
    """One rule that differs between the two knowledge bases."""

    rule: str
    change: Literal["added", "removed", "edited"]

    def __str__(self) -> str:
        return f"{self.rule} ({self.change})"


@dataclass(frozen=True)
class ItemChange:
    """One item of one client's plan that changed."""

    kind: Kind
    item: str
    change: Change
    before: str | None
    after: str | None
    causes: tuple[str, ...]


@dataclass
class ClientDiff:
    """Everything that changed for one intake."""

    intake: str
    client: str
    changes: list[ItemChange] = field(default_factory=list)
    error: str | None = None


@dataclass(frozen=True)
class KnowledgeBaseChanges:
    """What differs between the two knowledge bases themselves."""

    rules: tuple[RuleChange, ...]
    settings: tuple[str, ...]
    catalogue: tuple[str, ...]


def _signature(rule: Rule) -> str:
    effects = [(type(e).__name__, e.model_dump()) for e in rule.effects]
    return repr((rule.description, rule.condition, effects, rule.source))


def compare_knowledge(old: KnowledgeBase, new: KnowledgeBase) -> KnowledgeBaseChanges:
    """Rules added, removed or edited; settings and catalogue entries that changed."""
    before = {r.id: _signature(r) for r in old.rules}
    after = {r.id: _signature(r) for r in new.rules}
    rules = [RuleChange(i, "removed") for i in before if i not in after]
    rules += [RuleChange(i, "added") for i in after if i not in before]
    rules += [RuleChange(i, "edited") for i in after if i in before and before[i] != after[i]]
    settings = [
        f"{name}: {old.settings[name].value:g} -> {new.settings[name].value:g}"
        for name in sorted(set(old.settings) & set(new.settings))
        if old.settings[name].value != new.settings[name].value
    ]
    catalogue = []
    for kind in ("goals", "kpis", "platforms", "tactics", "warnings"):
        a, b = getattr(old, kind), getattr(new, kind)
        for ident in sorted(set(a) | set(b)):
            if a.get(ident) != b.get(ident):
                state = "added" if ident not in a else "removed" if ident not in b else "edited"
                catalogue.append(f"{kind[:-1]} {ident} ({state})")
    return KnowledgeBaseChanges(tuple(sorted(rules, key=str)), tuple(settings), tuple(catalogue))


def _touches(rule: Rule, kind: Kind, item: str, goal: str | None = None) -> bool:
    for e in rule.effects:
        if kind == "goal" and isinstance(e, (GoalEffect, HoldGoalEffect)):
            if item in (getattr(e, "goal", None), getattr(e, "hold_goal", None)):
                return True
        elif kind == "kpi" and isinstance(e, KpisEffect) and item in e.kpis and e.goal == goal:
            return True
        elif kind == "platform" and isinstance(
            e, (PlatformEffect, ExcludePlatformEffect, NoAdsEffect)
        ):
            if item in (
                getattr(e, "platform", None),
                getattr(e, "exclude_platform", None),
                getattr(e, "no_ads", None),
            ):
                return True
        elif kind == "tactic" and isinstance(e, (TacticEffect, ExcludeTacticEffect)):
            if item in (getattr(e, "tactic", None), getattr(e, "exclude_tactic", None)):
                return True
        elif kind == "warning" and isinstance(e, WarningEffect) and e.warning == item:
            return True
    return False


def _ranked(
    kind: Kind, old: Sequence[str], new: Sequence[str], label: dict[str, tuple[str, str]]
) -> Iterable[tuple[Kind, str, Change, str | None, str | None]]:
    for i in new:
        if i not in old:
            yield kind, i, "added", None, label.get(i, ("", ""))[1] or None
    for i in old:
        if i not in new:
            yield kind, i, "removed", label.get(i, ("", ""))[0] or None, None
    for i in new:
        if i in old:
            a, b = label.get(i, ("", ""))
            if old.index(i) != new.index(i) or a != b:
                yield (
                    kind,
                    i,
                    "re-ranked",
                    f"#{old.index(i) + 1} {a}".strip(),
                    f"#{new.index(i) + 1} {b}".strip(),
                )


def diff_client(
    intake: str,
    old_rec: Recommendation,
    new_rec: Recommendation,
    old_kb: KnowledgeBase,
    new_kb: KnowledgeBase,
    changes: KnowledgeBaseChanges,
) -> ClientDiff:
    """The changes to one client's plan, each with its likely causes."""
    fired = {t.rule for t in old_rec.trace} | {t.rule for t in new_rec.trace}
    changed_rules = {c.rule: c for c in changes.rules}
    rules = {r.id: r for r in old_kb.rules} | {r.id: r for r in new_kb.rules}

    def causes(kind: Kind, item: str, goal: str | None = None) -> tuple[str, ...]:
        found = [
            str(changed_rules[r])
            for r in sorted(fired & set(changed_rules))
            if _touches(rules[r], kind, item, goal)
        ]
        if found:
            return tuple(found)
        return tuple(f"setting {s}" for s in changes.settings) + tuple(
            c for c in changes.catalogue if c.split(" ")[1] == item
        )

    out = ClientDiff(intake, new_rec.client)
    goal_label = {g.id: (g.priority, "") for g in old_rec.goals}
    goal_label = {
        g: (
            goal_label.get(g, ("", ""))[0],
            next((x.priority for x in new_rec.goals if x.id == g), ""),
        )
        for g in {*goal_label, *(x.id for x in new_rec.goals)}
    }
    plans: list[tuple[Kind, list[str], list[str], dict[str, tuple[str, str]]]] = [
        ("goal", [g.id for g in old_rec.goals], [g.id for g in new_rec.goals], goal_label),
        ("platform", [p.id for p in old_rec.platforms], [p.id for p in new_rec.platforms], {}),
        ("tactic", [t.id for t in old_rec.tactics], [t.id for t in new_rec.tactics], {}),
    ]
    for kind, before, after, label in plans:
        for k, item, change, was, now in _ranked(kind, before, after, label):
            out.changes.append(ItemChange(k, item, change, was, now, causes(k, item)))
    for w in sorted({w.id for w in old_rec.warnings} ^ {w.id for w in new_rec.warnings}):
        change: Change = "added" if w in {x.id for x in new_rec.warnings} else "removed"
        out.changes.append(ItemChange("warning", w, change, None, None, causes("warning", w)))
    for goal in new_rec.goals:
        old_goal = old_rec.goal(goal.id)
        if old_goal is None:
            continue
        a, b = [k.id for k in old_goal.kpis], [k.id for k in goal.kpis]
        for kpi in [k for k in b if k not in a] + [k for k in a if k not in b]:
            change = "added" if kpi in b else "removed"
            out.changes.append(
                ItemChange(
                    "kpi", f"{goal.id}/{kpi}", change, None, None, causes("kpi", kpi, goal.id)
                )
            )
    return out


def to_json_data(
    changes: KnowledgeBaseChanges, clients: Sequence[ClientDiff], meta: dict[str, Any]
) -> dict[str, Any]:
    """The whole diff as plain data (for ``--format json``)."""
    return {
        **meta,
        "rule_changes": [{"rule": c.rule, "change": c.change} for c in changes.rules],
        "setting_changes": list(changes.settings),
        "catalogue_changes": list(changes.catalogue),
        "clients": [
            {
                "intake": c.intake,
                "client": c.client,
                "error": c.error,
                "changes": [
                    {
                        "kind": x.kind,
                        "item": x.item,
                        "change": x.change,
                        "before": x.before,
                        "after": x.after,
                        "caused_by": list(x.causes),
                    }
                    for x in c.changes
                ],
            }
            for c in clients
            if c.changes or c.error
        ],
        "clients_compared": len(clients),
        "clients_changed": sum(1 for c in clients if c.changes),
    }
