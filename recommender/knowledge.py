"""Load the knowledge base under ``rules/``: catalogue, settings, sources and rules.

Every ``*.yaml`` file under the folder is read, in path order. Each is a mapping whose keys
name sections (``goals``, ``kpis``, ``platforms``, ``tactics``, ``warnings``, ``sources``,
``currencies``, ``settings``, ``rules``, ``knowledge_base``, and the planning assumptions
``targets`` and ``planning``), so a strategist may split or
merge files freely. Everything is validated on load, and every problem is reported with
its file, line and key, all at once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from recommender import disk_cache
from recommender.assumptions import Planning, TargetAssumption, check_planning, check_targets
from recommender.catalogue import (
    Currencies,
    Entry,
    Goal,
    Kpi,
    Platform,
    Setting,
    Source,
    Tactic,
    WarningDef,
)
from recommender.compiler import MAX_CONJUNCTIONS, Program, compile_program, dnf
from recommender.conditions import AnyOf, Leaf, Not, atoms, check_leaf
from recommender.errors import Problem, RuleFileError
from recommender.facts import FactField, fact_fields
from recommender.i18n import N_, in_every_language
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
    parse_rule,
)
from recommender.validation import allowed, problems_from, suggest
from recommender.yamlio import line_of, load_file

if TYPE_CHECKING:
    from recommender.engine import Engine

PACKAGE_DIR = Path(__file__).parent
SECTIONS = (
    "knowledge_base",
    "settings",
    "sources",
    "goals",
    "kpis",
    "platforms",
    "tactics",
    "warnings",
    "currencies",
    "rules",
    "targets",
    "planning",
)
_SINGLE_SECTIONS = ("knowledge_base", "currencies", "settings", "planning")
REQUIRED_SETTINGS = (
    "max_primary_goals",
    "max_goals",
    "primary_min_score",
    "primary_relative_min",
    "min_goal_score",
    "max_platforms",
    "min_platform_score",
    "max_tactics",
    "market_lead_weight",
)


class KnowledgeBaseMeta(Entry):
    """Name and version of a knowledge base."""

    name: str
    version: str
    description: str | None = None


def default_rules_dir() -> Path:
    """``rules/`` of the source tree, or the copy installed inside the package."""
    in_tree = PACKAGE_DIR.parent / "rules"
    return in_tree if in_tree.is_dir() else PACKAGE_DIR / "_data" / "rules"


@dataclass
class Located:
    """Where an entry was defined."""

    file: str
    line: int | None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


E = TypeVar("E", bound=BaseModel)


@dataclass
class KnowledgeBase:
    """A validated knowledge base, ready to compile and evaluate."""

    root: Path
    meta: KnowledgeBaseMeta
    digest: str
    settings: dict[str, Setting]
    sources: dict[str, Source]
    goals: dict[str, Goal]
    kpis: dict[str, Kpi]
    platforms: dict[str, Platform]
    tactics: dict[str, Tactic]
    warnings: dict[str, WarningDef]
    currencies: Currencies
    rules: list[Rule]
    fields: dict[str, FactField]
    targets: dict[str, TargetAssumption]
    planning: Planning
    locations: dict[tuple[str, str], Located] = field(default_factory=dict)

    def setting(self, name: str) -> float:
        """The value of a scoring setting."""
        return self.settings[name].value

    @cached_property
    def rule_index(self) -> dict[str, Rule]:
        """Rules by id."""
        return {r.id: r for r in self.rules}

    @cached_property
    def program(self) -> Program:
        """The rules compiled for durable-rules."""
        return compile_program(
            f"goalrec_{self.digest[:12]}",
            [r.condition for r in self.rules],
            [r.derives for r in self.rules],
            self.fields,
            atoms,
        )

    def __getstate__(self) -> dict[str, Any]:
        """Pickle everything but the engine (a live durable-rules host)."""
        state = dict(self.__dict__)
        state.pop("engine", None)
        return state

    @cached_property
    def engine(self) -> Engine:
        """The engine for this knowledge base (one per process)."""
        from recommender.engine import Engine  # durable is only needed once we evaluate

        return Engine(self.program)

    @property
    def usd_rates(self) -> dict[str, float]:
        """USD per unit of each known currency."""
        return {code: c.usd_per_unit for code, c in self.currencies.rates.items()}

    @cached_property
    def derived_facts(self) -> frozenset[str]:
        """Every fact some rule derives."""
        return frozenset(name for r in self.rules for name in r.derives)


_CACHE: dict[tuple[str, str], KnowledgeBase] = {}


def rule_files(root: Path) -> list[Path]:
    """The YAML files of a knowledge base, in the order they are read."""
    return sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def digest_of(root: Path) -> str:
    """A hash of every file's relative path and content."""
    h = hashlib.sha256()
    for path in rule_files(root):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def load_kb(root: Path | None = None) -> KnowledgeBase:
    """Load, validate and cache the knowledge base; raise RuleFileError listing every problem.

    A validated, compiled knowledge base is kept per process and, keyed by the hash of
    every file, in the user's cache folder, so a command line run skips parsing and
    validating YAML it has seen before.
    """
    root = (root or default_rules_dir()).resolve()
    if not root.is_dir():
        raise RuleFileError(Problem("knowledge-base folder not found", str(root)))
    digest = digest_of(root)
    key = (str(root), digest)
    if key in _CACHE:
        return _CACHE[key]
    kb = disk_cache.load(root, digest)
    if kb is None:
        built, problems = build_kb(root, digest)
        if problems or built is None:
            raise RuleFileError(problems)
        kb = built
        _ = kb.program  # compile now, so the cached copy carries it
        disk_cache.save(kb)
    _CACHE[key] = kb
    return kb


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class _Reader:
    """Collects sections from all files, with locations and problems."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.entries: dict[str, list[tuple[Any, str, list[str | int], Any]]] = {
            s: [] for s in SECTIONS
        }
        self.singles: dict[str, tuple[Any, str, Any]] = {}
        self.broken = False

    def read(self, path: Path) -> None:
        where = _display(path)
        try:
            data = load_file(path, error=RuleFileError, where=where)
        except RuleFileError as exc:
            self.problems.extend(exc.problems)
            self.broken = True
            return
        if not isinstance(data, dict):
            self.problems.append(
                Problem(f"expected a mapping of sections ({allowed(SECTIONS)})", where, 1)
            )
            return
        for section, body in data.items():
            line = line_of(data, [section])
            if section not in SECTIONS:
                self.problems.append(
                    Problem(
                        f"unknown section '{section}'{suggest(section, SECTIONS)}; "
                        f"sections: {allowed(SECTIONS)}",
                        where,
                        line,
                    )
                )
            elif section in _SINGLE_SECTIONS:
                if section in self.singles and section != "settings":
                    self.problems.append(
                        Problem(
                            f"section '{section}' is also in {self.singles[section][1]}",
                            where,
                            line,
                        )
                    )
                elif section == "settings" and isinstance(body, dict):
                    for name in body:
                        self.entries["settings"].append(
                            (body[name], where, ["settings", name], body)
                        )
                else:
                    self.singles[section] = (body, where, data)
            elif not isinstance(body, list):
                self.problems.append(
                    Problem(f"section '{section}' must be a list of entries", where, line)
                )
            else:
                for i, item in enumerate(body):
                    self.entries[section].append((item, where, [section, i], data))


def _validate_entries(
    reader: _Reader, section: str, model: type[E], locations: dict[tuple[str, str], Located]
) -> dict[str, E]:
    out: dict[str, E] = {}
    for item, where, loc, root in reader.entries[section]:
        try:
            entry = model.model_validate(item)
        except ValidationError as exc:
            reader.problems.extend(problems_from(exc, item, where, model, loc))
            continue
        line = line_of(root, loc)
        key = str(loc[-1]) if section == "settings" else str(getattr(entry, "id"))  # noqa: B009
        if key in out:
            reader.problems.append(
                Problem(
                    f"{section[:-1]} id '{key}' is defined twice "
                    f"(first at {locations[(section, key)]})",
                    where,
                    line,
                )
            )
            continue
        out[key] = entry
        locations[(section, key)] = Located(where, line)
    return out


def build_kb(root: Path, digest: str | None = None) -> tuple[KnowledgeBase | None, list[Problem]]:
    """Read and validate every file; return the knowledge base (if usable) and all problems."""
    reader = _Reader()
    files = rule_files(root)
    if not files:
        return None, [Problem("no .yaml files in the knowledge-base folder", str(root))]
    for path in files:
        reader.read(path)
    locations: dict[tuple[str, str], Located] = {}
    settings = _validate_entries(reader, "settings", Setting, locations)
    sources = _validate_entries(reader, "sources", Source, locations)
    goals = _validate_entries(reader, "goals", Goal, locations)
    kpis = _validate_entries(reader, "kpis", Kpi, locations)
    platforms = _validate_entries(reader, "platforms", Platform, locations)
    tactics = _validate_entries(reader, "tactics", Tactic, locations)
    warnings = _validate_entries(reader, "warnings", WarningDef, locations)
    targets = _validate_entries(reader, "targets", TargetAssumption, locations)
    planning = _single(reader, "planning", Planning)
    meta = _single(reader, "knowledge_base", KnowledgeBaseMeta)
    currencies = _single(reader, "currencies", Currencies)
    for name in REQUIRED_SETTINGS:
        if name not in settings:
            reader.problems.append(
                Problem(
                    f"the setting '{name}' is missing (required: {allowed(REQUIRED_SETTINGS)})",
                    str(root),
                )
            )
    fields = fact_fields(platforms)
    rules: list[Rule] = []
    seen_rules: dict[str, str] = {}
    for item, where, loc, _root in reader.entries["rules"]:
        rule, found = parse_rule(item, where, loc)
        reader.problems.extend(found)
        if rule is None:
            continue
        if rule.id in seen_rules:
            reader.problems.append(
                Problem(
                    f"rule id '{rule.id}' is defined twice (first at {seen_rules[rule.id]})",
                    where,
                    rule.line,
                )
            )
            continue
        seen_rules[rule.id] = rule.location
        rules.append(rule)
    if meta is None or currencies is None or planning is None:
        return None, reader.problems
    rules += generated_rules(platforms, tactics, locations, settings)
    kb = KnowledgeBase(
        root=root,
        meta=meta,
        digest=digest or digest_of(root),
        settings=settings,
        sources=sources,
        goals=goals,
        kpis=kpis,
        platforms=platforms,
        tactics=tactics,
        warnings=warnings,
        currencies=currencies,
        rules=rules,
        fields=fields,
        targets=targets,
        planning=planning,
        locations=locations,
    )
    if not reader.broken:  # with a file unreadable, every reference to it would be noise
        reader.problems.extend(check_references(kb))
        reader.problems.extend(check_targets(kb))
        _body, where, root = reader.singles["planning"]
        reader.problems.extend(check_planning(kb, root, where))
    return kb, reader.problems


def _single(reader: _Reader, section: str, model: type[E]) -> E | None:
    if section not in reader.singles:
        reader.problems.append(Problem(f"no file has the section '{section}'", "rules/"))
        return None
    body, where, _root = reader.singles[section]
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        reader.problems.extend(problems_from(exc, body, where, model, [section]))
        return None


class _RefChecker:
    """Collects problems about ids and fields that do not exist."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.problems: list[Problem] = []

    def need(
        self, kind: str, table: Mapping[str, Any], ident: str, where: Located, what: str
    ) -> None:
        if ident not in table:
            self.problems.append(
                Problem(
                    f"{what}: unknown {kind} '{ident}'{suggest(ident, table)}",
                    where.file,
                    where.line,
                )
            )

    def catalogue(self) -> None:
        kb = self.kb
        for goal in kb.goals.values():
            for kpi_id in goal.kpis:
                self.need(
                    "KPI",
                    kb.kpis,
                    kpi_id,
                    kb.locations[("goals", goal.id)],
                    f"goal '{goal.id}' kpis",
                )
        baselines = {f.split(".", 1)[1]: f for f in kb.fields if f.startswith("baselines.")}
        for kpi in kb.kpis.values():
            where = kb.locations[("kpis", kpi.id)]
            for goal_id in kpi.proves:
                self.need("goal", kb.goals, goal_id, where, f"KPI '{kpi.id}' proves")
            if kpi.baseline:
                self.need("baseline", baselines, kpi.baseline, where, f"KPI '{kpi.id}'")
        for platform in kb.platforms.values():
            where = kb.locations[("platforms", platform.id)]
            for goal_id in platform.roles:
                self.need("goal", kb.goals, goal_id, where, f"platform '{platform.id}' roles")
        for tactic in kb.tactics.values():
            where = kb.locations[("tactics", tactic.id)]
            for goal_id in tactic.goals:
                self.need("goal", kb.goals, goal_id, where, f"tactic '{tactic.id}' goals")

    def rules(self) -> None:
        kb = self.kb
        derived = kb.derived_facts
        for rule in kb.rules:
            what = f"rule '{rule.id}'"
            if len(dnf(rule.condition)) > MAX_CONJUNCTIONS:
                self.problems.append(
                    Problem(
                        f"{what}: the condition has more than {MAX_CONJUNCTIONS} alternatives; "
                        "split it into several rules",
                        rule.file,
                        rule.line,
                    )
                )
            for atom in atoms(rule.condition):
                line = atom.line or rule.line
                if isinstance(atom, Leaf):
                    problem = check_leaf(atom, kb.fields)
                    if problem:
                        self.problems.append(Problem(f"{what}: {problem}", rule.file, line))
                elif atom.name not in derived:
                    self.problems.append(
                        Problem(
                            f"{what}: no rule derives the fact '{atom.name}'"
                            f"{suggest(atom.name, derived)}",
                            rule.file,
                            line,
                        )
                    )
            for i, effect in enumerate(rule.effects):
                where = Located(rule.file, rule.effect_line(i))
                for kind, table, ident in _effect_refs(effect, kb):
                    self.need(kind, table, ident, where, what)


def check_references(kb: KnowledgeBase) -> list[Problem]:
    """Every id a catalogue entry or a rule names must exist; every field must be known."""
    checker = _RefChecker(kb)
    checker.catalogue()
    checker.rules()
    return checker.problems


def _effect_refs(effect: Any, kb: KnowledgeBase) -> Iterator[tuple[str, Mapping[str, Any], str]]:
    if isinstance(effect, (GoalEffect, KpisEffect)):
        yield "goal", kb.goals, effect.goal
    if isinstance(effect, HoldGoalEffect):
        yield "goal", kb.goals, effect.hold_goal
    if isinstance(effect, KpisEffect):
        for kpi in effect.kpis:
            yield "KPI", kb.kpis, kpi
    if isinstance(effect, PlatformEffect):
        yield "platform", kb.platforms, effect.platform
        if effect.goal:
            yield "goal", kb.goals, effect.goal
    if isinstance(effect, ExcludePlatformEffect):
        yield "platform", kb.platforms, effect.exclude_platform
    if isinstance(effect, NoAdsEffect):
        yield "platform", kb.platforms, effect.no_ads
    if isinstance(effect, (TacticEffect, ExcludeTacticEffect)):
        ident = effect.tactic if isinstance(effect, TacticEffect) else effect.exclude_tactic
        yield "tactic", kb.tactics, ident
    if isinstance(effect, WarningEffect):
        yield "warning", kb.warnings, effect.warning


def generated_rules(
    platforms: Mapping[str, Platform],
    tactics: Mapping[str, Tactic],
    locations: Mapping[tuple[str, str], Located],
    settings: Mapping[str, Setting],
) -> list[Rule]:
    """Rules the catalogue implies, so market access and paid tactics run in the engine too."""
    out: list[Rule] = []
    lead = settings["market_lead_weight"].value if "market_lead_weight" in settings else 0.0

    def add(
        rule_id: str,
        description: dict[str, str],
        condition: Any,
        effects: tuple[Any, ...],
        source: str,
        loc: Located,
    ) -> None:
        out.append(
            Rule(
                rule_id, description, condition, effects, source, loc.file, loc.line, generated=True
            )
        )

    for p in platforms.values():
        loc = locations.get(("platforms", p.id), Located("rules/", None))
        for market, note in p.markets.items():
            when = Leaf("business.markets", "contains", market)
            if note.access in ("restricted", "unavailable"):
                add(
                    f"market.{p.id}.{market}.{note.access}",
                    _join(p.name, note.note),
                    when,
                    (ExcludePlatformEffect(exclude_platform=p.id, reason=note.note),),
                    note.source,
                    loc,
                )
            elif note.access == "leads":
                add(
                    f"market.{p.id}.{market}.leads",
                    _join(p.name, note.note),
                    when,
                    (PlatformEffect(platform=p.id, weight=lead, reason=note.note),),
                    note.source,
                    loc,
                )
            if not note.ads and note.access not in ("restricted", "unavailable"):
                add(
                    f"market.{p.id}.{market}.no-ads",
                    _join(p.name, note.note),
                    when,
                    (NoAdsEffect(no_ads=p.id, reason=note.note),),
                    note.source,
                    loc,
                )
        if p.only_with:
            reason = in_every_language(
                N_("{platform} only serves: {situations}"),
                platform=p.name,
                situations=", ".join(p.only_with),
            )
            add(
                f"only-with.{p.id}",
                reason,
                Not(Leaf("situations", "contains_any", list(p.only_with))),
                (ExcludePlatformEffect(exclude_platform=p.id, reason=reason, listed=False),),
                p.source,
                loc,
            )
        if p.regional:
            where_used = sorted(
                m for m, n in p.markets.items() if n.access in ("leads", "available")
            )
            reason = in_every_language(
                N_("{platform} is used only in {markets}"),
                platform=p.name,
                markets=", ".join(where_used),
            )
            add(
                f"regional.{p.id}",
                reason,
                Not(AnyOf(tuple(Leaf("business.markets", "contains", m) for m in where_used))),
                (ExcludePlatformEffect(exclude_platform=p.id, reason=reason, listed=False),),
                p.source,
                loc,
            )
    for t in tactics.values():
        if t.paid:
            loc = locations.get(("tactics", t.id), Located("rules/", None))
            reason = {"en": "needs a paid budget, and the budget is 0"}
            add(
                f"paid.{t.id}",
                {"en": f"{t.name['en']} needs a paid budget"},
                Leaf("resources.monthly_ad_budget", "lte", 0),
                (ExcludeTacticEffect(exclude_tactic=t.id, reason=reason),),
                t.source,
                loc,
            )
    return out


def _join(name: Mapping[str, str], note: Mapping[str, str]) -> dict[str, str]:
    return {lang: f"{name.get(lang, name['en'])}: {text}" for lang, text in note.items()}
