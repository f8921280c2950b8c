"""``goalrec rules lint``: everything a strategist can get wrong in the knowledge base.

Errors make the knowledge base wrong (a reference to nothing, a rule that can never
fire, a KPI attached to a goal it does not prove, a source nobody can look up); warnings
make it untidy (catalogue entries no rule reaches, sources nobody cites). Load problems
are errors too, all reported at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from recommender.compiler import dnf, satisfiable
from recommender.errors import Problem
from recommender.i18n import LANGUAGES
from recommender.knowledge import KnowledgeBase, Located, build_kb, digest_of
from recommender.rulebook import (
    GoalEffect,
    KpisEffect,
    PlatformEffect,
    TacticEffect,
    WarningEffect,
)
from recommender.validation import suggest

Severity = Literal["error", "warning"]
_LINES = re.compile(r"^(?P<id>.+?)(?::(?P<lines>\d+(?:-\d+)?(?:,\d+(?:-\d+)?)*))?$")


@dataclass(frozen=True)
class Finding:
    """One lint result."""

    severity: Severity
    problem: Problem

    def __str__(self) -> str:
        return str(self.problem)


@dataclass(frozen=True)
class LintReport:
    """All findings, errors first."""

    findings: tuple[Finding, ...]
    rules: int
    entries: int

    @property
    def errors(self) -> list[Finding]:
        """Findings that must be fixed."""
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        """Findings worth a look."""
        return [f for f in self.findings if f.severity == "warning"]


def lint(root: Path) -> LintReport:
    """Load the knowledge base at ``root`` and check everything."""
    kb, problems = build_kb(root, digest_of(root) if root.is_dir() else "")
    findings = [Finding("error", p) for p in problems]
    if kb is not None and not problems:
        findings += list(_checks(kb))
    entries = 0
    if kb is not None:
        entries = len(kb.goals) + len(kb.kpis) + len(kb.platforms) + len(kb.tactics)
        entries += len(kb.warnings)
    ordered = sorted(
        findings, key=lambda f: (f.severity != "error", f.problem.path or "", f.problem.line or 0)
    )
    return LintReport(tuple(ordered), len(kb.rules) if kb else 0, entries)


def _at(where: Located, message: str, severity: Severity = "error") -> Finding:
    return Finding(severity, Problem(message, where.file, where.line))


def _checks(kb: KnowledgeBase) -> Iterator[Finding]:
    yield from _translations(kb)
    yield from _sources(kb)
    yield from _never_fire(kb)
    yield from _kpis_prove_goals(kb)
    yield from _unreachable(kb)


def source_problem(source: str, kb: KnowledgeBase) -> str | None:
    """Why a ``source`` field cannot be looked up, or None when it can."""
    if source.startswith(("http://", "https://")):
        return None
    match = _LINES.match(source.strip())
    ident = match.group("id") if match else source
    if ident not in kb.sources:
        return f"source '{ident}' is not in the sources list{suggest(ident, kb.sources)}"
    known = kb.sources[ident].lines
    if match and match.group("lines") and known:
        top = max(int(n) for n in re.findall(r"\d+", match.group("lines")))
        if top > known:
            return f"source '{ident}' has {known} lines; line {top} does not exist"
    return None


def _citations(kb: KnowledgeBase) -> Iterator[tuple[Located, str, str]]:
    """Every (place, what, source) the knowledge base cites."""
    for rule in kb.rules:
        if not rule.generated:
            yield Located(rule.file, rule.line), f"rule '{rule.id}'", rule.source
    for kind in ("goals", "kpis", "platforms", "tactics", "warnings"):
        for ident, entry in getattr(kb, kind).items():
            where = kb.locations[(kind, ident)]
            yield where, f"{kind[:-1]} '{ident}'", entry.source
            if kind == "platforms":
                for note in entry.markets.values():
                    yield where, f"platform '{ident}'", note.source
    for name, setting in kb.settings.items():
        yield kb.locations[("settings", name)], f"setting '{name}'", setting.source
    for ident, target in kb.targets.items():
        yield kb.locations[("targets", ident)], f"target assumption '{ident}'", target.source
    for source in _nested_sources(kb.planning):
        yield Located("rules/ (planning)", None), "planning", source
    yield Located("rules/ (currencies)", None), "currencies", kb.currencies.source


def _sources(kb: KnowledgeBase) -> Iterator[Finding]:
    cited: set[str] = set()
    for where, what, source in _citations(kb):
        problem = source_problem(source, kb)
        if problem:
            yield _at(where, f"{what}: {problem}")
        cited.add(source.split(":", 1)[0])
    for ident in kb.sources:
        if ident not in cited:
            where = kb.locations[("sources", ident)]
            yield _at(where, f"source '{ident}' is never cited", "warning")


def _missing_languages(value: object, path: str = "") -> Iterator[tuple[str, list[str]]]:
    """(field path, missing languages) for every translated text inside a model."""
    if isinstance(value, BaseModel):
        for name, inner in value:
            yield from _missing_languages(inner, f"{path}.{name}" if path else name)
    elif isinstance(value, dict):
        if "en" in value and all(isinstance(v, str) for v in value.values()):
            missing = [lang for lang in LANGUAGES if not value.get(lang, "").strip()]
            if missing:
                yield path, missing
        else:
            for key, inner in value.items():
                yield from _missing_languages(inner, f"{path}.{key}" if path else str(key))
    elif isinstance(value, (list, tuple)):
        for i, inner in enumerate(value):
            yield from _missing_languages(inner, f"{path}[{i}]")


def _translated_entries(kb: KnowledgeBase) -> Iterator[tuple[Located, str, object]]:
    for kind in ("goals", "kpis", "platforms", "tactics", "warnings", "settings", "targets"):
        for ident, entry in getattr(kb, kind).items():
            yield kb.locations[(kind, ident)], f"{kind[:-1]} '{ident}'", entry
    for rule in kb.rules:
        if not rule.generated:
            texts: dict[str, object] = {"description": rule.description}
            texts |= {f"then[{i}]": e for i, e in enumerate(rule.effects) if hasattr(e, "reason")}
            yield Located(rule.file, rule.line), f"rule '{rule.id}'", texts
    yield Located("rules/ (planning)", None), "planning", kb.planning


def _translations(kb: KnowledgeBase) -> Iterator[Finding]:
    """Text a document shows in Vietnamese or Persian must exist in those languages."""
    for where, what, entry in _translated_entries(kb):
        gaps = list(_missing_languages(entry))
        if gaps:
            fields = "; ".join(
                f"{field or 'text'} ({', '.join(langs)})" for field, langs in gaps[:6]
            )
            more = f" and {len(gaps) - 6} more" if len(gaps) > 6 else ""
            yield _at(where, f"{what}: missing translations: {fields}{more}", "warning")


def _nested_sources(value: object) -> Iterator[str]:
    """Every ``source`` field inside a model, however deep."""
    if isinstance(value, BaseModel):
        for name, inner in value:
            if name == "source" and isinstance(inner, str):
                yield inner
            else:
                yield from _nested_sources(inner)
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _nested_sources(inner)
    elif isinstance(value, (list, tuple)):
        for inner in value:
            yield from _nested_sources(inner)


def _never_fire(kb: KnowledgeBase) -> Iterator[Finding]:
    for rule in kb.rules:
        if not any(satisfiable(conj, kb.fields) for conj in dnf(rule.condition)):
            yield _at(
                Located(rule.file, rule.line),
                f"rule '{rule.id}' can never fire: its conditions contradict each other",
            )


def _kpis_prove_goals(kb: KnowledgeBase) -> Iterator[Finding]:
    for goal in kb.goals.values():
        for kpi in goal.kpis:
            if goal.id not in kb.kpis[kpi].proves:
                yield _at(
                    kb.locations[("goals", goal.id)],
                    f"goal '{goal.id}' lists KPI '{kpi}', which does not prove it "
                    f"(it proves: {', '.join(kb.kpis[kpi].proves)})",
                )
        if all(kb.kpis[k].vanity for k in goal.kpis):
            yield _at(
                kb.locations[("goals", goal.id)],
                f"goal '{goal.id}' is proved only by vanity metrics; add a rate or an outcome",
            )
    for rule in kb.rules:
        for i, effect in enumerate(rule.effects):
            if isinstance(effect, KpisEffect):
                for kpi in effect.kpis:
                    if effect.goal not in kb.kpis[kpi].proves:
                        yield _at(
                            Located(rule.file, rule.effect_line(i)),
                            f"rule '{rule.id}' attaches KPI '{kpi}' to goal '{effect.goal}', "
                            "which it does not prove "
                            f"(it proves: {', '.join(kb.kpis[kpi].proves)})",
                        )


def _unreachable(kb: KnowledgeBase) -> Iterator[Finding]:
    goals: set[str] = set()
    kpis: set[str] = set()
    platforms: set[str] = set()
    tactics: set[str] = set()
    warnings: set[str] = set()
    for goal in kb.goals.values():
        kpis.update(goal.kpis)
    for rule in kb.rules:
        for e in rule.effects:
            if isinstance(e, GoalEffect) and e.weight > 0:
                goals.add(e.goal)
            elif isinstance(e, KpisEffect):
                kpis.update(e.kpis)
            elif isinstance(e, PlatformEffect) and e.weight > 0:
                platforms.add(e.platform)
            elif isinstance(e, TacticEffect) and e.weight > 0:
                tactics.add(e.tactic)
            elif isinstance(e, WarningEffect):
                warnings.add(e.warning)
    for kind, reached in (
        ("goals", goals),
        ("kpis", kpis),
        ("platforms", platforms),
        ("tactics", tactics),
        ("warnings", warnings),
    ):
        for ident in getattr(kb, kind):
            if ident not in reached:
                yield _at(
                    kb.locations[(kind, ident)],
                    f"{kind[:-1]} '{ident}' is never recommended: no rule reaches it",
                    "warning",
                )
