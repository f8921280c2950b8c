"""Turn pydantic validation errors into messages a strategist can act on.

Each message names the file, the line (from :mod:`recommender.yamlio`), the dotted field
path, what was wrong and what is allowed, with a "did you mean" for typos.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable, Sequence
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, ValidationError

from recommender.errors import Problem, clip
from recommender.i18n import N_, _
from recommender.yamlio import line_of


def suggest(word: str, choices: Iterable[str]) -> str:
    """A ``" (did you mean 'x'?)"`` suffix, or empty when nothing is close."""
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return _(" (did you mean '{word}'?)").format(word=close[0]) if close else ""


def allowed(choices: Iterable[Any]) -> str:
    """A readable list of allowed values."""
    return ", ".join(str(c) for c in choices)


def dotted(loc: Sequence[str | int]) -> str:
    """``('platforms', 1, 'id')`` -> ``platforms[1].id``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:  # keys can come from the file: an unknown one may be any length
            out += f".{clip(part)}" if out else clip(part)
    return out


def problems_from(
    exc: ValidationError,
    data: Any,
    where: str,
    model: type[BaseModel],
    prefix: Sequence[str | int] = (),
) -> list[Problem]:
    """Convert a pydantic error into located problems, one per failing field."""
    problems = []
    for err in exc.errors(include_url=False):
        loc = _data_loc(data, err["loc"])
        line = line_of(data, loc)
        message = _message(err, model, loc)
        problems.append(Problem(message, where, line, dotted([*prefix, *loc]) or None))
    return problems


_SCALAR_TAGS = {"str", "int", "float", "bool", "date", "none"}


def _data_loc(data: Any, loc: Sequence[str | int]) -> list[str | int]:
    """``loc`` without the union members pydantic inserts (``'str'``, ``'function-after[...]'``).

    A part is real when it names a key or index that exists in the data at that point, or
    is the last part (a missing or unknown key).
    """
    if not isinstance(data, (dict, list)):  # no data to check against: drop what looks like a tag
        return [p for p in loc if not (isinstance(p, str) and ("[" in p or p in _SCALAR_TAGS))]
    out: list[str | int] = []
    current: Any = data
    for i, part in enumerate(loc):
        in_dict = isinstance(current, dict) and part in current
        in_list = isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        if in_dict or in_list:
            current = current[part]
        elif i < len(loc) - 1 or not isinstance(current, (dict, list)):
            continue  # a union member's name, not a place in the data
        out.append(part)
    return out


def _message(err: Any, model: type[BaseModel], loc: list[str | int]) -> str:
    kind = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "extra_forbidden":
        names = field_names(model, loc[:-1])
        return _("unknown key '{key}'{hint}; allowed keys: {keys}").format(
            key=clip(loc[-1]), hint=suggest(str(loc[-1]), names), keys=allowed(names)
        )
    if kind == "missing":
        return _("this field is required")
    if kind == "literal_error":
        choices = literal_choices(model, loc)
        return _("'{value}' is not allowed{hint}; allowed values: {values}").format(
            value=clip(value), hint=suggest(str(value), choices), values=allowed(choices)
        )
    if kind in _BOUNDS:
        limit = next(iter(ctx.values()), "")
        if isinstance(limit, float) and limit.is_integer():
            limit = int(limit)  # "at most 100", not "100.0"
        return _("{value} is out of range: must be {bound} {limit}").format(
            value=clip(repr(value)), bound=_(_BOUNDS[kind]), limit=limit
        )
    if kind in _NOT_A_NUMBER:  # pydantic's own wording is English only
        return _(_NOT_A_NUMBER[kind]).format(value=clip(repr(value)))
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    msg = str(err["msg"]).lower()
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return _("{value} is not valid here: {reason}").format(
            value=clip(repr(value)), reason=msg.replace("input should be ", _("expected "))
        )
    return str(err["msg"])


_NOT_A_NUMBER = {
    "int_parsing": N_("{value} is not a whole number"),
    "int_from_float": N_("{value} is not a whole number"),
    "float_parsing": N_("{value} is not a number"),
}

_BOUNDS = {
    "greater_than_equal": N_("greater than or equal to"),
    "greater_than": N_("greater than"),
    "less_than_equal": N_("less than or equal to"),
    "less_than": N_("less than"),
}


def model_at(model: type[BaseModel], loc: Sequence[str | int]) -> type[BaseModel] | None:
    """The model that holds the keys at ``loc`` inside ``model`` (None if there is none)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _unwrap_model(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap_model(annotation: Any) -> Any:
    origin = get_origin(annotation)
    if origin in (typing.Union, types.UnionType, tuple, list, dict, typing.Annotated):
        for arg in get_args(annotation):
            found = _unwrap_model(arg)
            if isinstance(found, type) and issubclass(found, BaseModel):
                return found
        return None
    return annotation


def field_names(model: type[BaseModel], loc: Sequence[str | int]) -> list[str]:
    """The keys allowed at ``loc`` inside ``model``."""
    target = model_at(model, loc)
    return list(target.model_fields) if target else []


def literal_choices(model: type[BaseModel], loc: Sequence[str | int]) -> list[str]:
    """The allowed values of the Literal field (or list of Literals) at ``loc``."""
    names = [i for i, p in enumerate(loc) if isinstance(p, str)]
    if not names:
        return []
    parent = model_at(model, loc[: names[-1]])
    info = parent.model_fields.get(str(loc[names[-1]])) if parent else None
    return _literals(info.annotation) if info else []


def _literals(annotation: Any) -> list[str]:
    if get_origin(annotation) is Literal:
        return [str(a) for a in get_args(annotation)]
    out: list[str] = []
    for arg in get_args(annotation):
        out.extend(_literals(arg))
    return out
