"""Compile rule conditions into durable-rules ruleset definitions (plain JSON-style dicts).

Each rule's condition is put in disjunctive normal form; every conjunction becomes one
durable rule over the single intake fact, so the engine reports which alternative matched
and the trace can name the facts that satisfied it. Negation is exact: a negated test is
compiled to its complement, including the "field not given" case.

Derived facts are stratified: a rule that tests a derived fact runs in a later stratum
than every rule that can derive it, so a negated derived fact is only tested once all
rules that could assert it have run.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from recommender.conditions import (
    All,
    Always,
    Atom,
    Condition,
    FactTest,
    Leaf,
    Not,
)
from recommender.facts import (
    INTAKE_KIND,
    FactField,
    count_key,
    derived_key,
    engine_key,
    member_key,
)

Literal_ = tuple[Atom, bool]
Conjunction = tuple[Literal_, ...]

MAX_CONJUNCTIONS = 64
CATCH_ALL = "catch_all"


def dnf(condition: Condition, positive: bool = True) -> list[Conjunction]:
    """The condition as a list of alternatives, each a list of (atom, holds?) literals."""
    if isinstance(condition, (Leaf, FactTest)):
        return [((condition, positive),)]
    if isinstance(condition, Always):
        return [()] if positive else []
    if isinstance(condition, Not):
        return dnf(condition.item, not positive)
    parts = [dnf(item, positive) for item in condition.items]
    conjunctive = isinstance(condition, All) == positive
    if conjunctive:
        out: list[Conjunction] = []
        for combo in itertools.product(*parts):
            merged: list[Literal_] = []
            for conj in combo:
                merged.extend(lit for lit in conj if lit not in merged)
            out.append(tuple(merged))
            if len(out) > MAX_CONJUNCTIONS:
                break
        return out
    return [conj for part in parts for conj in part]


def satisfiable(conj: Conjunction, fields: Mapping[str, FactField]) -> bool:
    """False when the literals contradict each other (no intake could satisfy them all)."""
    seen: dict[str, bool] = {}
    for atom, holds in conj:
        if seen.get(atom.key(), holds) != holds:
            return False
        seen[atom.key()] = holds
    by_field: dict[str, list[tuple[Leaf, bool]]] = {}
    for atom, holds in conj:
        if isinstance(atom, Leaf):
            by_field.setdefault(atom.field, []).append((atom, holds))
    return all(_field_satisfiable(lits, fields.get(name)) for name, lits in by_field.items())


def _field_satisfiable(lits: list[tuple[Leaf, bool]], spec: FactField | None) -> bool:
    must_exist = any(holds and leaf.op != "present" for leaf, holds in lits)
    must_exist |= any(leaf.op == "present" and leaf.value == holds for leaf, holds in lits)
    must_not_exist = any(leaf.op == "present" and leaf.value != holds for leaf, holds in lits)
    if must_exist and must_not_exist:
        return (
            spec is not None
            and spec.kind == "set"
            and not any(holds and leaf.op.startswith("contains") for leaf, holds in lits)
        )
    low, high = float("-inf"), float("inf")
    low_open = high_open = False
    allowed_values: set[Any] | None = None
    banned: set[Any] = set()
    for leaf, holds in lits:
        if leaf.op in ("equals", "in"):
            values = set(leaf.value) if leaf.op == "in" else {leaf.value}
            if holds:
                allowed_values = values if allowed_values is None else allowed_values & values
            elif leaf.op == "equals":
                banned.add(leaf.value)
        elif leaf.op in ("gt", "gte", "lt", "lte"):
            op = leaf.op if holds else {"gt": "lte", "gte": "lt", "lt": "gte", "lte": "gt"}[leaf.op]
            if not holds and not must_exist:
                continue  # "not (x > 5)" also holds when x is not given
            v = float(leaf.value)
            if op in ("gt", "gte") and (v > low or (v == low and op == "gt")):
                low, low_open = v, op == "gt"
            elif op in ("lt", "lte") and (v < high or (v == high and op == "lt")):
                high, high_open = v, op == "lt"
    if low > high or (low == high and (low_open or high_open)):
        return False
    if allowed_values is not None:
        allowed_values -= banned
        numeric = [
            v for v in allowed_values if isinstance(v, (int, float)) and not isinstance(v, bool)
        ]
        if not allowed_values:
            return False
        if numeric and len(numeric) == len(allowed_values):
            return any(_within(float(v), low, high, low_open, high_open) for v in numeric)
    return True


def _within(v: float, low: float, high: float, low_open: bool, high_open: bool) -> bool:
    above = v > low if low_open else v >= low
    below = v < high if high_open else v <= high
    return above and below


def literal_expression(atom: Atom, holds: bool, fields: Mapping[str, FactField]) -> dict[str, Any]:
    """The durable expression that is true exactly when the literal holds."""
    if isinstance(atom, FactTest):
        return {"$ex" if holds else "$nex": {derived_key(atom.name): 1}}
    spec = fields[atom.field]
    key = engine_key(atom.field)
    op, value = atom.op, atom.value
    if spec.kind == "set":
        if op == "present":
            given = value == holds
            return {"$gt": {count_key(atom.field): 0}} if given else {count_key(atom.field): 0}
        members = [value] if op == "contains" else list(value)
        present = [{"$ex": {member_key(atom.field, str(m)): 1}} for m in members]
        absent = [{"$nex": {member_key(atom.field, str(m)): 1}} for m in members]
        if op == "contains_all":
            return _and(present) if holds else _or(absent)
        return _or(present) if holds else _and(absent)
    if op == "present":
        return {"$ex" if value == holds else "$nex": {key: 1}}
    if op == "equals":
        positive = {key: _plain(value)}
    elif op == "in":
        positive = _or([{key: _plain(v)} for v in value])
    else:
        positive = {f"${op}": {key: value}}
    if holds:
        return positive
    missing = {"$nex": {key: 1}}
    if op == "equals":
        return _or([{"$neq": {key: _plain(value)}}, missing])
    if op == "in":
        return _or([missing, _and([{"$neq": {key: _plain(v)}} for v in value])])
    flipped = {"gt": "$lte", "gte": "$lt", "lt": "$gte", "lte": "$gt"}[op]
    return _or([{flipped: {key: value}}, missing])


def _plain(value: Any) -> Any:
    return value if isinstance(value, (bool, int, float)) else str(value)


def _and(items: Sequence[dict[str, Any]]) -> dict[str, Any]:
    return items[0] if len(items) == 1 else {"$and": list(items)}


def _or(items: Sequence[dict[str, Any]]) -> dict[str, Any]:
    return items[0] if len(items) == 1 else {"$or": list(items)}


def conjunction_expression(conj: Conjunction, fields: Mapping[str, FactField]) -> dict[str, Any]:
    """One durable pattern over the intake fact for one alternative of a rule."""
    return {"$and": [{"kind": INTAKE_KIND}] + [literal_expression(a, h, fields) for a, h in conj]}


@dataclass(frozen=True)
class CompiledRule:
    """A rule as the engine sees it."""

    index: int
    stratum: int
    conjunctions: tuple[Conjunction, ...]
    derives: tuple[str, ...]


@dataclass
class Program:
    """Everything the engine needs: one ruleset per stratum, and how to read its firings."""

    prefix: str
    rules: list[CompiledRule]
    rulesets: dict[str, dict[str, Any]] = field(default_factory=dict)
    actions: dict[str, tuple[int, int]] = field(default_factory=dict)
    diagnostics: dict[str, Any] = field(default_factory=dict)
    leaf_actions: dict[str, str] = field(default_factory=dict)

    @property
    def stratum_names(self) -> list[str]:
        """The rulesets in the order they must run."""
        return sorted(n for n in self.rulesets if n != self.diagnostic_name)

    @property
    def diagnostic_name(self) -> str:
        """The ruleset that tests every atom on its own (for near misses)."""
        return f"{self.prefix}_diag"


def strata(
    conditions: Sequence[Condition], derives: Sequence[Sequence[str]], atoms_of: Any
) -> tuple[list[int], list[list[str]]]:
    """Each rule's stratum, and the cycles of derived facts (which make strata impossible)."""
    derivers: dict[str, list[int]] = {}
    for i, names in enumerate(derives):
        for name in names:
            derivers.setdefault(name, []).append(i)
    uses = [sorted({a.name for a in atoms_of(c) if isinstance(a, FactTest)}) for c in conditions]
    level: dict[int, int] = {}
    visiting: list[int] = []
    cycles: list[list[str]] = []

    def visit(i: int) -> int:
        if i in level:
            return level[i]
        if i in visiting:
            cycles.append([n for j in visiting[visiting.index(i) :] for n in derives[j]])
            return 0
        visiting.append(i)
        depth = 0
        for name in uses[i]:
            for j in derivers.get(name, []):
                depth = max(depth, visit(j) + 1)
        visiting.pop()
        level[i] = depth
        return depth

    return [visit(i) for i in range(len(conditions))], cycles


def compile_program(
    prefix: str,
    conditions: Sequence[Condition],
    derives: Sequence[Sequence[str]],
    fields: Mapping[str, FactField],
    atoms_of: Any,
) -> Program:
    """Build the durable rulesets for a knowledge base's rules (already validated)."""
    levels, cycles = strata(conditions, derives, atoms_of)
    if cycles:
        raise ValueError(f"derived facts depend on themselves: {cycles[0]}")
    rules = []
    for i, cond in enumerate(conditions):
        conjs = tuple(c for c in dnf(cond) if satisfiable(c, fields))
        rules.append(CompiledRule(i, levels[i], conjs, tuple(derives[i])))
    program = Program(prefix, rules)
    for rule in rules:
        name = f"{prefix}_s{rule.stratum:02d}"
        ruleset = program.rulesets.setdefault(name, {})
        for j, conj in enumerate(rule.conjunctions):
            action = f"r{rule.index}_{j}"
            # pri keeps firing in knowledge-base order, so traces read in file order
            ruleset[action] = {
                "all": [{"m": conjunction_expression(conj, fields)}],
                "pri": rule.index + 1,
                "run": action,
            }
            program.actions[action] = (rule.index, j)
    for ruleset in program.rulesets.values():
        ruleset[CATCH_ALL] = _catch_all()
    _compile_diagnostics(program, conditions, fields, atoms_of)
    return program


def _catch_all() -> dict[str, Any]:
    # durable raises MessageNotHandledException for a fact no rule matches
    return {"all": [{"m": {"kind": INTAKE_KIND}}], "pri": 1_000_000, "run": CATCH_ALL}


def _compile_diagnostics(
    program: Program,
    conditions: Sequence[Condition],
    fields: Mapping[str, FactField],
    atoms_of: Any,
) -> None:
    diag: dict[str, Any] = {}
    seen: set[str] = set()
    for cond in conditions:
        for atom in atoms_of(cond):
            if atom.key() in seen:
                continue
            seen.add(atom.key())
            action = f"a{len(program.leaf_actions)}"
            expr = {"$and": [{"kind": INTAKE_KIND}, literal_expression(atom, True, fields)]}
            diag[action] = {"all": [{"m": expr}], "run": action}
            program.leaf_actions[action] = atom.key()
    diag[CATCH_ALL] = _catch_all()
    program.rulesets[program.diagnostic_name] = diag
