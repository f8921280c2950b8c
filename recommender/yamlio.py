"""Safe YAML/JSON loading that remembers where every key and item came from.

Every data file goalrec reads (intakes, rules, cases) goes through :func:`load_file`, so
every error message can name the file and line. Loading is safe by construction: only
plain data is built (no Python objects), aliases are refused (they are how a tiny file
expands into a billion nodes), duplicate keys are refused (YAML would silently keep the
last one), and files and nesting are bounded.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from recommender.errors import Problem, UserError, clip
from recommender.i18n import _

try:  # libyaml is ~10x faster; fall back to the pure-Python parser where it is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64


class LineDict(dict[str, Any]):
    """A mapping that knows the line of each of its keys (1-based)."""

    line: int | None = None
    key_lines: dict[str, int]


class LineList(list[Any]):
    """A sequence that knows the line of each of its items (1-based)."""

    line: int | None = None
    item_lines: list[int]


def read_text(
    path: Path,
    *,
    max_bytes: int = MAX_BYTES,
    error: type[UserError] = UserError,
    where: str | None = None,
) -> str:
    """Read a UTF-8 text file, refusing missing, huge, binary or undecodable files."""
    where = where or str(path)

    def too_big(size: float | None) -> UserError:
        limit = max_bytes / 1e6
        if size is None:  # a pipe or a device: how much more there is, nobody knows
            message = _("more than {limit:.0f} MB to read; the limit is {limit:.0f} MB")
        else:
            message = _("file is {size:.1f} MB; the limit is {limit:.0f} MB")
        return error(Problem(message.format(size=(size or 0) / 1e6, limit=limit), where))

    try:
        size = path.stat().st_size
        if path.is_dir():
            raise error(Problem(_("is a folder, not a file"), where))
        if size > max_bytes:
            raise too_big(size)
        # a pipe or a device has no size: read one byte past the limit to know
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise error(Problem(_("file not found"), where)) from None
    except PermissionError:
        raise error(Problem(_("permission denied"), where)) from None
    except OSError as exc:
        raise error(
            Problem(_("cannot read file: {reason}").format(reason=exc.strerror or exc), where)
        ) from None
    if len(raw) > max_bytes:
        raise too_big(None)
    if b"\x00" in raw:
        raise error(Problem(_("this is a binary file, not YAML or JSON text"), where))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise error(Problem(_("the file is not valid UTF-8 text"), where, line)) from None


def load_file(
    path: Path,
    *,
    max_bytes: int = MAX_BYTES,
    error: type[UserError] = UserError,
    where: str | None = None,
) -> Any:
    """Load a YAML or JSON file into dicts/lists that carry line numbers."""
    text = read_text(path, max_bytes=max_bytes, error=error, where=where)
    return loads(text, where or str(path), error=error, json_syntax=path.suffix.lower() == ".json")


def loads(
    text: str, where: str, *, error: type[UserError] = UserError, json_syntax: bool = False
) -> Any:
    """Parse YAML (or strict JSON) text; ``where`` names the source in messages."""
    if not text.strip():
        raise error(Problem(_("the file is empty"), where, 1))
    if json_syntax:
        data = _json_values(text, where, error)
        try:  # JSON is YAML too: read it that way only to learn the lines
            return _attach_lines(data, _build(text, where, error))
        except (yaml.YAMLError, UserError):
            return data
    try:
        data = _build(text, where, error)
    except yaml.YAMLError as exc:
        raise error(_yaml_problem(exc, where)) from None
    if data is None:
        raise error(Problem(_("the file holds no data (only comments?)"), where, 1))
    return data


def _json_values(text: str, where: str, error: type[UserError]) -> Any:
    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                raise error(Problem(_("key '{key}' appears twice").format(key=clip(key)), where))
            out[key] = value
        return out

    def no_constants(name: str) -> Any:
        raise error(Problem(_("{name} is not a number goalrec accepts").format(name=name), where))

    def finite(number: str) -> float:  # 1e999 reads as infinity
        value = float(number)
        if not math.isfinite(value):
            raise error(_not_finite(number, where, None))
        return value

    def integer(number: str) -> int:
        try:
            return int(number)
        except ValueError:  # more digits than Python converts
            raise error(_too_large(number, where, None)) from None

    try:
        return json.loads(
            text,
            object_pairs_hook=no_duplicates,
            parse_constant=no_constants,
            parse_float=finite,
            parse_int=integer,
        )
    except json.JSONDecodeError as exc:
        raise error(
            Problem(_("JSON syntax error: {reason}").format(reason=exc.msg), where, exc.lineno)
        ) from None
    except RecursionError:
        raise error(
            Problem(_("nesting is deeper than {n} levels").format(n=MAX_DEPTH), where)
        ) from None


def _too_large(number: str, where: str, line: int | None) -> Problem:
    return Problem(
        _("invalid value '{value}': {reason}").format(
            value=clip(number), reason=_("the number is too large")
        ),
        where,
        line,
    )


def _not_finite(number: str, where: str, line: int | None) -> Problem:
    return Problem(_("'{value}' is not a finite number").format(value=clip(number)), where, line)


def _yaml_problem(exc: yaml.YAMLError, where: str) -> Problem:
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    what = getattr(exc, "problem", None) or str(exc)
    if what == "exceeded maximum nesting depth":  # libyaml >= 0.2.6 stops at 1,000 itself
        return Problem(_("nesting is deeper than {n} levels").format(n=MAX_DEPTH), where, line)
    context = getattr(exc, "context", None)
    message = _("YAML syntax error: {reason}").format(reason=what) + (
        f" ({context})" if context else ""
    )
    return Problem(message, where, line)


_SCALARS = yaml.constructor.SafeConstructor()
_RESOLVER = yaml.resolver.Resolver()
_STARTS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CONTAINER_TAGS = {None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _build(text: str, where: str, error: type[UserError]) -> Any:
    """Build line-aware data straight from the parser's events.

    Working from events (not ``yaml.compose``) keeps the stack in our hands: libyaml's
    composer recurses in C and crashes the interpreter on a file nested 100,000 deep, and
    stopping at the first alias or at ``MAX_DEPTH`` costs nothing however big the file.
    """
    stack: list[LineDict | LineList] = []
    pending_keys: list[tuple[str, int] | None] = []
    root: Any = None
    done = False
    for event in yaml.parse(text, Loader=_Loader):
        line = _line_of(event)
        if isinstance(event, yaml.AliasEvent):
            raise error(
                Problem(
                    _(
                        "YAML anchors and aliases (&name / *name) are not supported: "
                        "write the value out"
                    ),
                    where,
                    line,
                )
            )
        if isinstance(event, _ENDS):
            finished = stack.pop()
            pending_keys.pop()
            if not stack:
                root, done = finished, True
            continue
        if isinstance(event, _STARTS):
            if len(stack) >= MAX_DEPTH:
                raise error(
                    Problem(_("nesting is deeper than {n} levels").format(n=MAX_DEPTH), where, line)
                )
            if event.tag not in _CONTAINER_TAGS:  # e.g. !!python/object/apply: never built
                reason = f"could not determine a constructor for the tag '{event.tag}'"
                raise error(
                    Problem(
                        _("unsupported YAML value: {reason}").format(reason=reason), where, line
                    )
                )
            value: Any = _container(event, line)
        elif isinstance(event, yaml.ScalarEvent):
            value = _scalar(event, where, error)
        else:  # stream and document events carry no data
            continue
        if not stack:
            if done:
                raise error(Problem(_("the file holds more than one YAML document"), where, line))
            root, done = value, not isinstance(value, (LineDict, LineList))
        else:
            _place(stack[-1], pending_keys, value, event, where, error)
        if isinstance(value, (LineDict, LineList)):
            stack.append(value)
            pending_keys.append(None)
    return root


def _line_of(event: yaml.Event) -> int:
    mark = event.start_mark
    return mark.line + 1 if mark is not None else 0


def _container(event: yaml.Event, line: int) -> LineDict | LineList:
    container: LineDict | LineList
    if isinstance(event, yaml.MappingStartEvent):
        container = LineDict()
        container.key_lines = {}
    else:
        container = LineList()
        container.item_lines = []
    container.line = line
    return container


def _place(
    parent: LineDict | LineList,
    pending_keys: list[tuple[str, int] | None],
    value: Any,
    event: yaml.Event,
    where: str,
    error: type[UserError],
) -> None:
    """Put a value into its parent: an item, a key, or the value of the pending key."""
    line = _line_of(event)
    if isinstance(parent, LineList):
        parent.append(value)
        parent.item_lines.append(line)
        return
    pending = pending_keys[-1]
    if pending is None:
        pending_keys[-1] = (_key(value, event, where, error), line)
        return
    key, key_line = pending
    pending_keys[-1] = None
    if key in parent:
        first = parent.key_lines[key]
        raise error(
            Problem(
                _("key '{key}' appears twice (first on line {first})").format(
                    key=clip(key), first=first
                ),
                where,
                key_line,
            )
        )
    parent[key] = value
    parent.key_lines[key] = key_line


def _key(value: Any, event: yaml.Event, where: str, error: type[UserError]) -> str:
    line = _line_of(event)
    if isinstance(value, (LineDict, LineList)):
        raise error(
            Problem(_("a mapping key must be a plain name, not a list or mapping"), where, line)
        )
    if isinstance(value, bool):  # YAML 1.1 reads unquoted yes/no/on/off as booleans
        return str(value).lower()
    return "null" if value is None else str(value)


# Scalars already read, by what decides their value: keys and common values repeat across
# files, and every value built is immutable (str, int, float, bool, None, date, datetime).
_SEEN: dict[tuple[Any, ...], Any] = {}
_MAX_SEEN = 8192


def _scalar(event: yaml.ScalarEvent, where: str, error: type[UserError]) -> Any:
    key = (event.tag, event.value, event.implicit, event.style)
    if key in _SEEN:
        return _SEEN[key]
    value = _new_scalar(event, where, error)
    if len(_SEEN) >= _MAX_SEEN:
        _SEEN.clear()
    _SEEN[key] = value
    return value


def _new_scalar(event: yaml.ScalarEvent, where: str, error: type[UserError]) -> Any:
    line = _line_of(event)
    tag = event.tag
    if tag is None or tag == "!":
        tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
    if tag == "tag:yaml.org,2002:merge":
        raise error(Problem(_("YAML merge keys (<<) are not supported"), where, line))
    node = yaml.ScalarNode(tag, event.value, style=event.style)
    try:
        value = _SCALARS.construct_object(node)
    except yaml.constructor.ConstructorError as exc:
        raise error(
            Problem(_("unsupported YAML value: {reason}").format(reason=exc.problem), where, line)
        ) from None
    except ValueError as exc:  # e.g. an impossible date such as 2027-02-30
        if tag == "tag:yaml.org,2002:int":  # more digits than Python converts
            raise error(_too_large(event.value, where, line)) from None
        raise error(
            Problem(
                _("invalid value '{value}': {reason}").format(
                    value=clip(event.value), reason=clip(exc)
                ),
                where,
                line,
            )
        ) from None
    finally:  # the constructor remembers every node it built: forget them, or memory grows
        _SCALARS.constructed_objects.clear()
        _SCALARS.recursive_objects.clear()
    if isinstance(value, float) and not math.isfinite(value):
        raise error(_not_finite(event.value, where, line))
    if isinstance(value, bytes):
        raise error(Problem(_("binary values (!!binary) are not supported"), where, line))
    return value


def _attach_lines(data: Any, located: Any) -> Any:
    """Give plain JSON values the lines found by reading the same text as YAML."""
    if isinstance(data, dict) and isinstance(located, LineDict):
        out = LineDict()
        out.line = located.line
        out.key_lines = {k: v for k, v in located.key_lines.items() if k in data}
        for key, value in data.items():
            out[key] = _attach_lines(value, located.get(key))
        return out
    if isinstance(data, list) and isinstance(located, LineList) and len(data) == len(located):
        items = LineList(_attach_lines(d, n) for d, n in zip(data, located, strict=True))
        items.line = located.line
        items.item_lines = list(located.item_lines)
        return items
    return data


def line_of(data: Any, loc: Sequence[str | int]) -> int | None:
    """The line of the deepest element of ``loc`` that exists in ``data``."""
    best = getattr(data, "line", None)
    current = data
    for part in loc:
        if isinstance(current, LineDict) and isinstance(part, str) and part in current:
            best = current.key_lines.get(part, best)
            current = current[part]
        elif isinstance(current, LineList) and isinstance(part, int) and 0 <= part < len(current):
            best = current.item_lines[part]
            current = current[part]
        else:
            break
    return best
