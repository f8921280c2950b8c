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

from recommender.i18n import N_, _
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
    error: str | None = None  # why it could not be compared
    bug: bool = False  # ... and that was goalrec's fault, not the intake's


@dataclass(frozen=True)
class KnowledgeBaseChanges:
    """What differs between the two knowledge bases themselves."""

    rules: tuple[RuleChange, ...]
    settings: tuple[str, ...]
    catalogue: tuple[str, ...]


_WORDS = (N_("goal"), N_("kpi"), N_("platform"), N_("tactic"), N_("warning"))
_CHANGES = (N_("added"), N_("removed"), N_("re-ranked"))

# which part of the plan each ranking setting shapes (see recommender/ranking.py)
_SETTING_KIND: dict[str, Kind] = {
    "max_primary_goals": "goal",
    "max_goals": "goal",
    "primary_min_score": "goal",
    "primary_relative_min": "goal",
    "min_goal_score": "goal",
    "max_platforms": "platform",
    "min_platform_score": "platform",
    "market_lead_weight": "platform",
    "max_tactics": "tactic",
}


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
    """Items added, removed, or moved in rank (or changed label, e.g. primary -> secondary)."""
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
                was = f"#{old.index(i) + 1} {a}".strip()
                now = f"#{new.index(i) + 1} {b}".strip()
                yield kind, i, "re-ranked", was, now


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
    # an edit may add an item to a rule or take it out: either version can be the cause
    versions: dict[str, list[Rule]] = {}
    for rule in [*old_kb.rules, *new_kb.rules]:
        versions.setdefault(rule.id, []).append(rule)

    old_priority: dict[str, str] = {g.id: g.priority for g in old_rec.goals}
    new_priority: dict[str, str] = {g.id: g.priority for g in new_rec.goals}
    goal_moves = set(old_priority) ^ set(new_priority)

    def causes(kind: Kind, item: str, goal: str | None = None) -> tuple[str, ...]:
        found = [
            str(changed_rules[r])
            for r in sorted(fired & set(changed_rules))
            if any(_touches(rule, kind, item, goal) for rule in versions[r])
        ]
        found += [c for c in changes.catalogue if c.split(" ")[1] == item]
        found += [
            _("setting {change}").format(change=s)
            for s in changes.settings
            if _SETTING_KIND.get(s.split(":")[0]) == kind
        ]
        if not found and kind == "tactic":  # tactics follow the goals they serve
            served = new_kb.tactics[item].goals if item in new_kb.tactics else ()
            found = [
                f"goal {g} {'added' if g in new_priority else 'removed'}"
                for g in served
                if g in goal_moves
            ]
        return tuple(found) or (_("moved by the changes above"),)

    out = ClientDiff(intake, new_rec.client)
    goal_label = {
        g: (
            _(old_priority[g]) if g in old_priority else "",
            _(new_priority[g]) if g in new_priority else "",
        )
        for g in {*old_priority, *new_priority}
    }
    plans: list[tuple[Kind, list[str], list[str], dict[str, tuple[str, str]]]] = [
        ("goal", [g.id for g in old_rec.goals], [g.id for g in new_rec.goals], goal_label),
        ("platform", [p.id for p in old_rec.platforms], [p.id for p in new_rec.platforms], {}),
        ("tactic", [t.id for t in old_rec.tactics], [t.id for t in new_rec.tactics], {}),
    ]
    for kind, before, after, label in plans:
        for k, item, change, was, now in _ranked(kind, before, after, label):
            out.changes.append(ItemChange(k, item, change, was, now, causes(k, item)))
    new_warnings = {w.id for w in new_rec.warnings}
    for w in sorted({w.id for w in old_rec.warnings} ^ new_warnings):
        how: Change = "added" if w in new_warnings else "removed"
        out.changes.append(ItemChange("warning", w, how, None, None, causes("warning", w)))
    for goal in new_rec.goals:
        old_goal = old_rec.goal(goal.id)
        if old_goal is None:
            continue
        a, b = [k.id for k in old_goal.kpis], [k.id for k in goal.kpis]
        for kpi in [k for k in b if k not in a] + [k for k in a if k not in b]:
            how = "added" if kpi in b else "removed"
            out.changes.append(
                ItemChange("kpi", f"{goal.id}/{kpi}", how, None, None, causes("kpi", kpi, goal.id))
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
        "clients_compared": sum(1 for c in clients if not c.error),
        "clients_changed": sum(1 for c in clients if c.changes),
        "intakes_failed": sum(1 for c in clients if c.error),
    }


_WORKER: dict[str, Any] = {}


def _init_worker(old_root: str, new_root: str | None) -> None:
    from pathlib import Path

    from recommender.knowledge import load_kb

    old = load_kb(Path(old_root))
    new = load_kb(Path(new_root) if new_root else None)
    _WORKER.update(old=old, new=new, changes=compare_knowledge(old, new))


def _diff_all(paths: Sequence[str]) -> list[ClientDiff]:
    return [_diff_one(path) for path in paths]


def _diff_one(path: str) -> ClientDiff:
    from pathlib import Path

    from recommender.api import recommend
    from recommender.errors import UserError
    from recommender.intake_file import load_intake_data, validate_intake

    old, new = _WORKER["old"], _WORKER["new"]
    try:
        data = load_intake_data(Path(path))  # read once, validated by each knowledge base
        old_rec = recommend(validate_intake(data, path, old), old)
        new_rec = recommend(validate_intake(data, path, new), new)
        return diff_client(path, old_rec, new_rec, old, new, _WORKER["changes"])
    except UserError as exc:
        return ClientDiff(path, "", error=exc.about(path))
    except Exception as exc:  # a bug one intake triggers must not stop the others
        return ClientDiff(path, "", error=f"{type(exc).__name__}: {exc}", bug=True)


def diff_intakes(
    paths: Sequence[str], old_root: str, new_root: str | None, jobs: int
) -> Iterable[ClientDiff]:
    """Every intake's diff between the two knowledge bases, in the order of ``paths``."""
    from recommender.parallel import run_all

    place = {path: i for i, path in enumerate(paths)}
    diffs = run_all(_diff_all, paths, _init_worker, (old_root, new_root), jobs)
    return sorted(diffs, key=lambda d: place[d.intake])


def render_markdown(
    changes: KnowledgeBaseChanges,
    clients: Sequence[ClientDiff],
    old: KnowledgeBase,
    new: KnowledgeBase,
) -> str:
    """The impact report a strategist reads before shipping a rule change."""
    from recommender.i18n import _

    changed = [c for c in clients if c.changes]
    failed = [c for c in clients if c.error]
    compared = len(clients) - len(failed)
    lines = []
    if not changed:
        lines.append(_("No client's plan changes ({n} intakes compared).").format(n=compared))
    else:
        lines += [
            "# " + _("Impact of the knowledge-base change"),
            "",
            _(
                "From {old} {old_version} ({old_digest}) to {new} {new_version} ({new_digest})."
            ).format(
                old=old.root,
                old_version=old.meta.version,
                old_digest=old.digest[:12],
                new=new.root,
                new_version=new.meta.version,
                new_digest=new.digest[:12],
            ),
            "",
            _("{changed} of {total} clients' plans change.").format(
                changed=len(changed), total=compared
            ),
            "",
            "## " + _("What changed in the knowledge base"),
            "",
        ]
        lines += [_("- rule {change}").format(change=c) for c in changes.rules]
        lines += [_("- setting {change}").format(change=s) for s in changes.settings]
        lines += [f"- {c}" for c in changes.catalogue]
    for client in changed:
        lines += ["", f"## {client.intake}" + (f" — {client.client}" if client.client else ""), ""]
        for x in client.changes:
            moved = f" ({x.before or '–'} → {x.after or '–'})" if x.before or x.after else ""
            cause = "; ".join(x.causes)
            lines.append(
                _("- {kind} **{item}** {change}{moved} — caused by: {causes}").format(
                    kind=_(x.kind), item=x.item, change=_(x.change), moved=moved, causes=cause
                )
            )
    if failed:
        lines += ["", "## " + _("Intakes that could not be compared ({n})").format(n=len(failed))]
        lines.append("")
        for client in failed:
            problems = (client.error or "").splitlines()
            if len(problems) == 1:
                lines.append(f"- {client.intake}: {problems[0]}")
            else:
                lines.append(f"- {client.intake}:")
                lines += [f"  - {problem}" for problem in problems]
        bugs = [c for c in failed if c.bug]
        if bugs:
            lines += [
                "",
                _(
                    "{n} of these failures are goalrec bugs, not problems of the intake: "
                    "`goalrec recommend {intake}` shows the details to report."
                ).format(n=len(bugs), intake=bugs[0].intake),
            ]
    return "\n".join(lines) + "\n"
