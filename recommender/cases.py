"""Case files: an intake plus what a strategist expects goalrec to recommend for it.

A case pins only what it states (partial matching)::

    name: Coffee roaster launching a product
    why: The bundled example; a launch with hiring and low engagement.
    intake: {...}                    # inline, or
    intake_file: ../examples/x.yaml  # relative to the case file
    expect:
      goals: [brand_awareness, {id: event_promotion, priority: primary}]
      not_goals: [thought_leadership]
      max_primary: 3
      kpis: {conversions_sales: [social_conversion_share]}
      top_platforms: [{n: 3, include: [instagram, facebook]}]
      platforms: [topcv]
      not_platforms: [telegram]
      excluded_platforms: [telegram]
      tactics: [job_posts]
      not_tactics: [boosted_posts]
      warnings: [applicant_spam]
      not_warnings: [no_baselines]
      fired: [situation.hiring]
      not_fired: [context.tiny-team]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError

from recommender.api import recommend
from recommender.catalogue import Entry, Id
from recommender.errors import CaseFileError, IntakeError, Problem
from recommender.intake import Intake
from recommender.intake_file import read_intake, validate_intake
from recommender.knowledge import KnowledgeBase
from recommender.recommendation import Recommendation
from recommender.validation import problems_from, suggest
from recommender.yamlio import line_of, load_file


class GoalExpectation(Entry):
    """A goal that must be recommended, optionally with its priority."""

    id: Id
    priority: Literal["primary", "secondary"] | None = None


class TopPlatforms(Entry):
    """Platforms that must rank within the first ``n``."""

    n: Annotated[int, Field(ge=1, le=20)]
    include: tuple[Id, ...] = Field(min_length=1)


class Expectations(Entry):
    """What a case pins; everything is optional."""

    goals: tuple[Id | GoalExpectation, ...] = ()
    not_goals: tuple[Id, ...] = ()
    max_primary: Annotated[int, Field(ge=0, le=11)] | None = None
    kpis: dict[Id, tuple[Id, ...]] = Field(default_factory=dict)
    top_platforms: tuple[TopPlatforms, ...] = ()
    platforms: tuple[Id, ...] = ()
    not_platforms: tuple[Id, ...] = ()
    excluded_platforms: tuple[Id, ...] = ()
    tactics: tuple[Id, ...] = ()
    not_tactics: tuple[Id, ...] = ()
    warnings: tuple[Id, ...] = ()
    not_warnings: tuple[Id, ...] = ()
    fired: tuple[str, ...] = ()
    not_fired: tuple[str, ...] = ()


class CaseFile(Entry):
    """The top level of a case file."""

    name: str = Field(min_length=1)
    why: str = Field(min_length=1)
    intake: dict[str, Any] | None = None
    intake_file: str | None = None
    expect: Expectations


@dataclass(frozen=True)
class Case:
    """A loaded case: its validated intake and expectations."""

    path: Path
    name: str
    why: str
    intake: Intake
    expect: Expectations


@dataclass(frozen=True)
class Failure:
    """One expectation that did not hold."""

    expectation: str
    expected: str
    actual: str


@dataclass
class CaseResult:
    """The outcome of running one case."""

    case: Case
    recommendation: Recommendation
    failures: list[Failure] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """True when every expectation held."""
        return not self.failures


def case_files(paths: Iterable[Path]) -> list[Path]:
    """Case files under the given files and folders, sorted."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml"))
        elif path.exists():
            found.add(path)
        else:
            raise CaseFileError(Problem("no such file or folder", str(path)))
    return sorted(found)


def load_case(path: Path, kb: KnowledgeBase) -> Case:
    """Read and validate a case file, its intake included."""
    where = str(path)
    data = load_file(path, error=CaseFileError)
    if not isinstance(data, dict):
        raise CaseFileError(
            Problem("a case file is a mapping with name, why, intake, expect", where, 1)
        )
    try:
        spec = CaseFile.model_validate(data)
    except ValidationError as exc:
        raise CaseFileError(problems_from(exc, data, where, CaseFile)) from None
    if (spec.intake is None) == (spec.intake_file is None):
        raise CaseFileError(Problem("give exactly one of 'intake' or 'intake_file'", where, 1))
    if spec.intake is not None:
        intake = _inline_intake(data["intake"], where, kb)
    else:
        intake = read_intake(path.parent / str(spec.intake_file), kb)
    _check_ids(spec.expect, kb, data, where)
    return Case(path, spec.name, spec.why, intake, spec.expect)


def _inline_intake(data: Any, where: str, kb: KnowledgeBase) -> Intake:
    try:
        return validate_intake(data, where, kb)
    except IntakeError as exc:  # name the field as the case file spells it
        raise CaseFileError(
            [
                Problem(p.message, p.path, p.line, f"intake.{p.field}" if p.field else "intake")
                for p in exc.problems
            ]
        ) from None


def _check_ids(expect: Expectations, kb: KnowledgeBase, data: Any, where: str) -> None:
    """Expectations must name things that exist, or the case could never fail."""
    problems: list[Problem] = []
    tables: dict[str, tuple[Iterable[str], Any]] = {
        "goals": ([g if isinstance(g, str) else g.id for g in expect.goals], kb.goals),
        "not_goals": (expect.not_goals, kb.goals),
        "kpis": (list(expect.kpis), kb.goals),
        "platforms": (expect.platforms, kb.platforms),
        "not_platforms": (expect.not_platforms, kb.platforms),
        "excluded_platforms": (expect.excluded_platforms, kb.platforms),
        "top_platforms": ([p for t in expect.top_platforms for p in t.include], kb.platforms),
        "tactics": (expect.tactics, kb.tactics),
        "not_tactics": (expect.not_tactics, kb.tactics),
        "warnings": (expect.warnings, kb.warnings),
        "not_warnings": (expect.not_warnings, kb.warnings),
        "fired": (expect.fired, kb.rule_index),
        "not_fired": (expect.not_fired, kb.rule_index),
    }
    for key, (ids, table) in tables.items():
        for ident in ids:
            if ident not in table:
                line = line_of(data, ["expect", key])
                problems.append(
                    Problem(
                        f"unknown id '{ident}'{suggest(ident, table)}", where, line, f"expect.{key}"
                    )
                )
    for goal, kpis in expect.kpis.items():
        for kpi in kpis:
            if kpi not in kb.kpis:
                line = line_of(data, ["expect", "kpis", goal])
                problems.append(
                    Problem(
                        f"unknown KPI '{kpi}'{suggest(kpi, kb.kpis)}",
                        where,
                        line,
                        f"expect.kpis.{goal}",
                    )
                )
    if problems:
        raise CaseFileError(problems)


def run_case(case: Case, kb: KnowledgeBase) -> CaseResult:
    """Recommend for the case's intake and compare with its expectations."""
    rec = recommend(case.intake, kb)
    return CaseResult(case, rec, list(compare(case.expect, rec)))


def _ids(items: Iterable[Any]) -> list[str]:
    return [i.id for i in items]


def compare(expect: Expectations, rec: Recommendation) -> Iterable[Failure]:
    """Every expectation that the recommendation does not meet."""
    goals = {g.id: g for g in rec.goals}
    shown_goals = ", ".join(f"{g.id} ({g.priority})" for g in rec.goals) or "none"
    for item in expect.goals:
        want = GoalExpectation(id=item) if isinstance(item, str) else item
        got = goals.get(want.id)
        if got is None or (want.priority and got.priority != want.priority):
            wanted = f"{want.id} ({want.priority})" if want.priority else want.id
            yield Failure("goals", wanted, shown_goals)
    for goal in expect.not_goals:
        if goal in goals:
            yield Failure("not_goals", f"no {goal}", shown_goals)
    primary = [g.id for g in rec.goals if g.priority == "primary"]
    if expect.max_primary is not None and len(primary) > expect.max_primary:
        yield Failure(
            "max_primary", f"at most {expect.max_primary} primary goals", ", ".join(primary)
        )
    for goal, kpis in expect.kpis.items():
        have = _ids(goals[goal].kpis) if goal in goals else []
        missing = [k for k in kpis if k not in have]
        if missing:
            actual = ", ".join(have) if goal in goals else f"goal {goal} is not recommended"
            yield Failure(f"kpis.{goal}", ", ".join(kpis), actual or "none")
    platforms = _ids(rec.platforms)
    shown_platforms = ", ".join(platforms) or "none"
    for top in expect.top_platforms:
        missing = [p for p in top.include if p not in platforms[: top.n]]
        if missing:
            yield Failure(f"top_platforms (n={top.n})", ", ".join(top.include), shown_platforms)
    yield from _members("platforms", expect.platforms, platforms, True)
    yield from _members("not_platforms", expect.not_platforms, platforms, False)
    yield from _members(
        "excluded_platforms", expect.excluded_platforms, _ids(rec.excluded_platforms), True
    )
    tactics = _ids(rec.tactics)
    yield from _members("tactics", expect.tactics, tactics, True)
    yield from _members("not_tactics", expect.not_tactics, tactics, False)
    warnings = _ids(rec.warnings)
    yield from _members("warnings", expect.warnings, warnings, True)
    yield from _members("not_warnings", expect.not_warnings, warnings, False)
    fired = [t.rule for t in rec.trace]
    yield from _members("fired", expect.fired, fired, True)
    yield from _members("not_fired", expect.not_fired, fired, False)


def _members(name: str, wanted: Iterable[str], have: list[str], present: bool) -> Iterable[Failure]:
    wrong = [w for w in wanted if (w in have) != present]
    if wrong:
        expected = ", ".join(wrong) if present else "none of " + ", ".join(wrong)
        yield Failure(name, expected, ", ".join(have) or "none")
