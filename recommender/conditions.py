"""Rule conditions: parsed from YAML, checked against the intake facts, described in words.

The grammar a strategist writes (every form may be nested)::

    situation: hiring                       # shorthand for field: situations, contains: hiring
    market: VN                              # shorthand for field: business.markets, contains: VN
    fact: paid_budget                       # a fact derived by another rule
    field: business.model, equals: b2b      # or in, contains, contains_any, gt, lt, present, ...
    all: [...]   any: [...]   not: {...}    # a list on its own means all
    always: true                            # matches every intake

Shorthands are turned into the long form in one place (:func:`parse`) before anything
else looks at a condition.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any, Literal

from recommender.errors import Problem
from recommender.facts import FactField
from recommender.i18n import N_, _
from recommender.validation import allowed, suggest
from recommender.yamlio import LineDict

Op = Literal[
    "equals", "in", "contains", "contains_any", "contains_all", "gt", "gte", "lt", "lte", "present"
]
OPS: tuple[Op, ...] = (
    "equals",
    "in",
    "contains",
    "contains_any",
    "contains_all",
    "gt",
    "gte",
    "lt",
    "lte",
    "present",
)
_OPS_BY_KIND: dict[str, tuple[Op, ...]] = {
    "bool": ("equals", "present"),
    "number": ("equals", "in", "gt", "gte", "lt", "lte", "present"),
    "choice": ("equals", "in", "present"),
    "text": ("equals", "in", "present"),
    "date": ("present",),
    "set": ("contains", "contains_any", "contains_all", "present"),
}
_SHORTHANDS = {"situation": "situations", "market": "business.markets"}


@dataclass(frozen=True)
class Leaf:
    """One test of one intake field."""

    field: str
    op: Op
    value: Any
    line: int | None = dc_field(default=None, compare=False, repr=False)  # where, not what

    def key(self) -> str:
        """A stable identity, equal for equal tests wherever they are written."""
        return f"{self.field} {self.op} {self.value!r}"


@dataclass(frozen=True)
class FactTest:
    """A test that another rule derived a fact."""

    name: str
    line: int | None = dc_field(default=None, compare=False, repr=False)

    def key(self) -> str:
        """A stable identity."""
        return f"fact {self.name}"


@dataclass(frozen=True)
class All:
    """Every part holds."""

    items: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    """At least one part holds."""

    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    """The part does not hold."""

    item: Condition


@dataclass(frozen=True)
class Always:
    """Holds for every intake."""


Atom = Leaf | FactTest
Condition = Leaf | FactTest | All | AnyOf | Not | Always


class ConditionError(Exception):
    """A condition is malformed; carries located problems."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def parse(data: Any, where: str, path: str) -> Condition:
    """Parse the YAML of a ``when`` clause (shorthands included) into a condition tree."""
    problems: list[Problem] = []
    tree = _parse(data, where, path, problems)
    if problems:
        raise ConditionError(problems)
    return tree


def _line(data: Any, key: str | None = None) -> int | None:
    if isinstance(data, LineDict) and key is not None and key in data.key_lines:
        return data.key_lines[key]
    return getattr(data, "line", None)


_FORMS = ("all", "any", "not", "always", "fact", "field", *_SHORTHANDS)


def _parse(data: Any, where: str, path: str, problems: list[Problem]) -> Condition:
    if isinstance(data, list):
        items = tuple(_parse(item, where, f"{path}[{i}]", problems) for i, item in enumerate(data))
        if not items:
            problems.append(Problem("an empty list of conditions", where, _line(data), path))
        return All(items)
    if not isinstance(data, Mapping):
        problems.append(
            Problem(
                f"expected a condition such as 'situation: hiring', got {data!r}",
                where,
                _line(data),
                path,
            )
        )
        return Always()
    forms = [k for k in data if k in _FORMS]
    if len(forms) != 1:
        names = list(data)
        what = (
            f"unknown condition '{names[0]}'{suggest(names[0], _FORMS)}"
            if not forms and names
            else f"one condition per item, found {', '.join(forms) or 'none'}"
        )
        problems.append(
            Problem(f"{what}; conditions are: {allowed(_FORMS)}", where, _line(data), path)
        )
        return Always()
    return _parse_form(data, forms[0], where, path, problems)


def _parse_form(
    data: Mapping[str, Any], form: str, where: str, path: str, problems: list[Problem]
) -> Condition:
    line = _line(data, form)
    extra = [k for k in data if k != form and (form != "field" or k not in OPS)]
    if extra:
        problems.append(
            Problem(
                f"unexpected key '{extra[0]}' next to '{form}'"
                + (
                    f"{suggest(extra[0], OPS)}; operators: {allowed(OPS)}"
                    if form == "field"
                    else ""
                ),
                where,
                _line(data, extra[0]),
                path,
            )
        )
    value = data[form]
    if form in ("all", "any"):
        if not isinstance(value, list) or not value:
            problems.append(Problem(f"'{form}' needs a non-empty list", where, line, path))
            return Always()
        items = tuple(
            _parse(v, where, f"{path}.{form}[{i}]", problems) for i, v in enumerate(value)
        )
        return All(items) if form == "all" else AnyOf(items)
    if form == "not":
        return Not(_parse(value, where, f"{path}.not", problems))
    if form == "always":
        if value is not True:
            problems.append(Problem("'always' takes the value true", where, line, path))
        return Always()
    if form == "fact":
        if not isinstance(value, str) or not value:
            problems.append(Problem("'fact' takes the name of a derived fact", where, line, path))
        return FactTest(str(value), line)
    if form in _SHORTHANDS:
        return Leaf(_SHORTHANDS[form], "contains", value, line)
    ops = [k for k in data if k in OPS]
    if len(ops) != 1:
        problems.append(
            Problem(
                f"'field' needs exactly one operator, found {len(ops)}; operators: {allowed(OPS)}",
                where,
                line,
                path,
            )
        )
        return Always()
    return Leaf(str(value), ops[0], data[ops[0]], line)


def atoms(condition: Condition) -> Iterator[Atom]:
    """Every leaf test and fact test in the tree, in order."""
    if isinstance(condition, (Leaf, FactTest)):
        yield condition
    elif isinstance(condition, (All, AnyOf)):
        for item in condition.items:
            yield from atoms(item)
    elif isinstance(condition, Not):
        yield from atoms(condition.item)


def check_leaf(leaf: Leaf, fields: Mapping[str, FactField]) -> str | None:
    """Why ``leaf`` does not fit the intake facts, or None when it does."""
    spec = fields.get(leaf.field)
    if spec is None:
        return f"unknown intake field '{leaf.field}'{suggest(leaf.field, fields)}"
    ops = _OPS_BY_KIND[spec.kind]
    if leaf.op not in ops:
        return f"'{leaf.op}' does not apply to {spec.kind} field '{leaf.field}'; use {allowed(ops)}"
    value = leaf.value
    if leaf.op == "present":
        return None if isinstance(value, bool) else "'present' takes true or false"
    if leaf.op in ("in", "contains_any", "contains_all"):
        if not isinstance(value, list) or not value:
            return f"'{leaf.op}' takes a non-empty list"
        values = list(value)
    else:
        values = [value]
    for item in values:
        problem = _check_value(spec, item, leaf.op)
        if problem:
            return problem
    return None


def _check_value(spec: FactField, value: Any, op: str) -> str | None:
    if spec.kind == "bool":
        return None if isinstance(value, bool) else f"'{spec.path}' is true or false"
    if spec.kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"'{op}' on '{spec.path}' takes a number, got {value!r}"
        return None
    if spec.choices is not None and str(value) not in spec.choices:
        shown = sorted(spec.choices)
        listing = allowed(shown) if len(shown) <= 40 else "an ISO code"
        return (
            f"'{value}' is not a value of '{spec.path}'{suggest(str(value), shown)}; "
            f"allowed values: {listing}"
        )
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        return f"'{op}' on '{spec.path}' takes a plain value, got {value!r}"
    return None


def evaluate(condition: Condition, truth: Mapping[str, bool]) -> bool:
    """Combine known atom outcomes through the tree (atoms are matched by the engine)."""
    if isinstance(condition, (Leaf, FactTest)):
        return truth.get(condition.key(), False)
    if isinstance(condition, All):
        return all(evaluate(c, truth) for c in condition.items)
    if isinstance(condition, AnyOf):
        return any(evaluate(c, truth) for c in condition.items)
    if isinstance(condition, Not):
        return not evaluate(condition.item, truth)
    return True


_OP_WORDS = {
    "equals": N_("is"),
    "in": N_("is one of"),
    "contains": N_("include"),
    "contains_any": N_("include any of"),
    "contains_all": N_("include all of"),
    "gt": N_("is more than"),
    "gte": N_("is at least"),
    "lt": N_("is less than"),
    "lte": N_("is at most"),
}


def _quoted(value: Any) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (int, float)):
        return f"{value:g}"
    return f"'{value}'"


def describe(atom: Atom, fields: Mapping[str, FactField], negated: bool = False) -> str:
    """One atom in plain language, e.g. "situations include 'hiring'"."""
    if isinstance(atom, FactTest):
        text = (
            _("derived fact '{name}' holds")
            if not negated
            else _("derived fact '{name}' does not hold")
        )
        return text.format(name=atom.name)
    spec = fields.get(atom.field)
    label = _(spec.label) if spec else atom.field
    if atom.op == "present":
        given = bool(atom.value) != negated
        return (_("{label} is given") if given else _("{label} is not given")).format(label=label)
    shown = (
        ", ".join(_quoted(v) for v in atom.value)
        if isinstance(atom.value, list)
        else _quoted(atom.value)
    )
    words = _(_OP_WORDS[atom.op])
    text = f"{label} {words} {shown}"
    return _("not ({condition})").format(condition=text) if negated else text
