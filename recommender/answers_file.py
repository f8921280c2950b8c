"""The intake file ``goalrec init`` writes, its unfinished copy, and where answers come from.

The file is a plain intake that :func:`~recommender.intake_file.read_intake` loads, in the
intake's key order, with a header (goalrec version, date) and each question's wording as a
comment above its key, so a person can edit it by hand. The writer is our own (a few lines
over PyYAML's scalar dumper) because PyYAML drops comments and ruamel.yaml would be a
second YAML library for one file.

While the questions are being answered, every answer is saved at once to ``OUT.partial``
(same format, marked unfinished), by writing a temporary file and renaming it: a process
killed mid-write leaves the previous copy whole. ``OUT`` itself is only ever written
complete and valid, and the unfinished copy is removed then.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from recommender import __version__
from recommender.errors import IntakeError, OutputError, Problem
from recommender.i18n import _, ngettext
from recommender.intake import Intake
from recommender.intake_file import MAX_INTAKE_BYTES, validate_intake
from recommender.knowledge import KnowledgeBase
from recommender.output import check_writable, write_atomic
from recommender.questionnaire import Questionnaire
from recommender.yamlio import load_file, loads

_INDENT = "  "
_WIDTH = 98


def partial_path(out: Path) -> Path:
    """Where the answers to an unfinished intake for ``out`` are kept."""
    return out.with_name(out.name + ".partial")


def render(
    data: Mapping[str, Any], comments: Mapping[str, Sequence[str]], header: Sequence[str]
) -> str:
    """Intake data as YAML, each key under its comment lines (``comments`` by dotted key)."""
    lines = [f"# {line}" for line in header]
    _mapping(data, "", 0, comments, lines)
    return "\n".join(lines) + "\n"


def _mapping(
    data: Mapping[str, Any],
    prefix: str,
    depth: int,
    comments: Mapping[str, Sequence[str]],
    lines: list[str],
    first: str = "",
) -> None:
    """Write a mapping; ``first`` replaces the indent of its first line (a list's "- ")."""
    indent = _INDENT * depth
    for i, (key, value) in enumerate(data.items()):
        if depth == 0 and i > 0 and isinstance(value, Mapping | list):
            lines.append("")
        dotted = f"{prefix}{key}"
        for comment in comments.get(dotted, ()):
            for part in textwrap.wrap(comment, _WIDTH - len(indent), break_on_hyphens=False):
                lines.append(f"{indent}# {part}")
        lead = first if i == 0 and first else indent
        if isinstance(value, Mapping):
            lines.append(f"{lead}{key}:")
            _mapping(value, dotted + ".", depth + 1, comments, lines)
        elif isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
            lines.append(f"{lead}{key}:")
            for item in value:
                item_prefix = f"{dotted}.{item.get('id', '')}."
                _mapping(item, item_prefix, depth + 2, comments, lines, f"{indent}{_INDENT}- ")
        else:
            lines.append(f"{lead}{key}: {_flow(value)}")


def _flow(value: Any) -> str:
    """One value on one line, as YAML that reads back as the same value."""
    if isinstance(value, str) and ("\n" in value or "\r" in value):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted one
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**9)
    return text.rstrip("\n").removesuffix("\n...").strip()


def _in_comment(text: object) -> str:
    """``text`` fit for a YAML comment, whatever the client's name holds.

    A line break would end the comment; a control character makes the file unreadable.
    """
    return _CONTROL.sub(" ", str(text))


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def final_header(intake_name: str, today: dt.date | None = None) -> list[str]:
    """The header of a finished intake."""
    return [
        _("goalrec intake for {name}, written by goalrec {version} on {date}.").format(
            name=_in_comment(intake_name),
            version=__version__,
            date=(today or dt.date.today()).isoformat(),
        ),
        _("Each answer has its question above it. Edit by hand if you like, then run"),
        _("`goalrec recommend` on this file: it reports any problem with its line."),
    ]


def partial_header(out: Path, answered: int, now: dt.datetime | None = None) -> list[str]:
    """The header of an unfinished intake."""
    when = (now or dt.datetime.now()).strftime("%Y-%m-%d %H:%M")
    return [
        ngettext(
            "UNFINISHED goalrec intake: {count} answer so far, saved by goalrec {version}"
            " on {when}.",
            "UNFINISHED goalrec intake: {count} answers so far, saved by goalrec {version}"
            " on {when}.",
            answered,
        ).format(count=answered, version=__version__, when=when),
        _("Continue it with: goalrec init --resume {out}").format(out=_in_comment(out)),
    ]


def save_partial(out: Path, questionnaire: Questionnaire) -> None:
    """Save the answers so far next to ``out`` (atomically, replacing the previous copy)."""
    answered = len(questionnaire.review_items())
    text = render(
        questionnaire.intake_data(), questionnaire.comments(), partial_header(out, answered)
    )
    write_atomic(partial_path(out), text, force=True)


def save_intake(out: Path, questionnaire: Questionnaire, kb: KnowledgeBase, force: bool) -> Intake:
    """Write the finished intake, checked by reading back exactly the text written."""
    data = questionnaire.intake_data()
    name = str(data.get("business", {}).get("name", ""))
    text = render(data, questionnaire.comments(), final_header(name))
    intake = validate_intake(loads(text, str(out), error=IntakeError), str(out), kb)
    write_atomic(out, text, force=force)
    with contextlib.suppress(FileNotFoundError):
        partial_path(out).unlink()
    return intake


def start(
    out: Path,
    kb: KnowledgeBase,
    *,
    resume: bool = False,
    answers: Path | None = None,
    ask: Sequence[str] = (),
    force: bool = False,
) -> tuple[Questionnaire, list[Problem]]:
    """A questionnaire for ``out``, prefilled from ``--answers`` or the unfinished copy.

    Refuses (with IntakeError, OutputError) before any question: an existing ``out``
    without ``force``, an unfinished copy that would be lost without ``resume`` or
    ``force``, nothing to resume. Returns the problems found in the answers read.
    """
    partial = partial_path(out)

    def refuse(message: str) -> IntakeError:
        return IntakeError(Problem(message.format(partial=partial, out=out), str(out)))

    questionnaire = Questionnaire(kb, ask)
    if out.is_file() and not force:  # the usual way to change a saved intake, spelled out
        raise OutputError(
            Problem(
                _(
                    "already exists; to change answers in it: goalrec init --answers {out} "
                    "--ask FIELD --force {out} (or --force alone to start over)"
                ).format(out=out),
                str(out),
            )
        )
    check_writable(out, force)
    source: Path | None = answers
    if resume:
        if answers is not None:
            raise refuse(_("give either --resume or --answers, not both"))
        if not partial.is_file():
            raise refuse(
                _(
                    "nothing to resume: no unfinished intake ({partial}); start one with: "
                    "goalrec init {out}"
                )
            )
        source = partial
    elif partial.exists() and not force:
        raise refuse(
            _(
                "an unfinished intake is saved in {partial}: continue it with "
                "`goalrec init --resume {out}`, or start over with --force"
            )
        )
    problems: list[Problem] = []
    if source is not None:
        data = load_file(source, max_bytes=MAX_INTAKE_BYTES, error=IntakeError)
        problems = questionnaire.prefill(data, str(source))
    return questionnaire, problems
