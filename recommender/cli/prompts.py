"""Asking the intake questions in a terminal: the questionnaire's two askers.

When standard input and output are both a terminal, questions are asked with questionary:
arrow keys for one choice, space for checkboxes, each answer checked as it is typed.
Otherwise (answers piped in, a CI job, a dumb terminal) they are plain numbered prompts
that read one answer a line. questionary and prompt_toolkit are imported here only, and
this module only when ``goalrec init`` asks, so no other command pays for them.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Sequence
from typing import Any

import click

from recommender.formatting import listing
from recommender.i18n import _
from recommender.questionnaire import Check, Prompt, ReviewItem
from recommender.typed_answers import separator_shown, split_list

Option = tuple[str, str]  # (value, label)
_SAVE = "\0save"
_NONE = "\0none"


class InputEnded(Exception):
    """Standard input ended before the questions were answered."""


def make_asker() -> TerminalAsker | PlainAsker:
    """The questionary asker in a real terminal, else the plain numbered one."""
    if sys.stdin.isatty() and sys.stdout.isatty():
        return TerminalAsker()
    return PlainAsker()


def _instruction(prompt: Prompt) -> str | None:
    if prompt.kind in ("texts", "choices"):
        return _("(separate with “{separator}”; may be empty)").format(
            separator=separator_shown(prompt.separator)
        )
    if not prompt.required and prompt.kind in ("integer", "number", "date"):
        return _("(empty if you don't know)")
    if not prompt.required and prompt.kind == "text":
        return _("(empty to skip)")
    return None


class _Sections:
    """Knows which section's heading was shown last, to show the next one once."""

    _section: str | None = None

    def _heading(self, prompt: Prompt) -> str | None:
        """The heading to show before ``prompt``, if it starts a section."""
        shown, self._section = self._section, prompt.section
        return prompt.section if prompt.section and prompt.section != shown else None


class TerminalAsker(_Sections):
    """Questions with questionary: arrow keys, checkboxes, answers checked as typed."""

    def __init__(self) -> None:
        import questionary

        self._q = questionary

    def _say(self, text: str, style: str) -> None:
        self._q.print(text, style=style)

    def ask(self, prompt: Prompt, check: Check) -> Any:
        """Ask until ``check`` accepts the answer; Ctrl-C raises KeyboardInterrupt."""
        if heading := self._heading(prompt):
            self._say(f"\n── {heading} ──", "bold")
        if prompt.help:
            self._say(f"  {prompt.help}", "italic")
        if prompt.error:
            self._say(
                _("  ✗ the answer in the file was refused: {problem}").format(problem=prompt.error),
                "fg:ansired",
            )
        while True:
            question = self._question(prompt, check)
            if prompt.kind == "choices":  # questionary would answer "done (3 selections)"
                question.application.erase_when_done = True
            raw = question.unsafe_ask()
            if prompt.kind == "choices":
                labels = dict(prompt.choices)
                self._answered(prompt.text, listing(labels[v] for v in raw) or "—")
            problem = check(raw)
            if problem is None:
                return raw
            self._say(f"  ✗ {problem}", "fg:ansired")

    def _answered(self, text: str, answer: str) -> None:
        """The line questionary leaves for an answered question, written by us."""
        from prompt_toolkit import print_formatted_text
        from prompt_toolkit.formatted_text import FormattedText

        line = [("class:qmark", "?"), ("class:question", f" {text} "), ("class:answer", answer)]
        print_formatted_text(FormattedText(line), style=self._q.constants.DEFAULT_STYLE)

    def _question(self, prompt: Prompt, check: Check) -> Any:
        q = self._q

        def validate(raw: Any) -> bool | str:
            return check(raw) or True

        if prompt.kind == "yes_no":
            # a choice too: questionary's confirm answers "Yes" in every language, and its
            # y/n keys are elsewhere on a Persian keyboard layout
            options = [(True, _("yes")), (False, _("no"))]
            return self._select(
                prompt.text, options, True if prompt.default is None else prompt.default
            )
        if prompt.kind == "choice":
            return self._select(prompt.text, prompt.choices, prompt.default)
        if prompt.kind == "choices":
            chosen_values = set(prompt.default or ())
            return q.checkbox(
                prompt.text,
                choices=[
                    q.Choice(label, value=value, checked=value in chosen_values)
                    for value, label in prompt.choices
                ],
                validate=validate,
                instruction=_("(arrow keys to move, space to select, Enter to confirm)"),
            )
        return q.text(
            prompt.text,
            default=prompt.default_text,
            validate=validate,
            instruction=_instruction(prompt),
        )

    def _select(self, text: str, options: Sequence[tuple[Any, str]], default: Any) -> Any:
        q = self._q
        choices = [q.Choice(label, value=value) for value, label in options]
        many = len(choices) > 12
        return q.select(
            text,
            choices=choices,
            default=next((c for c in choices if c.value == default), None),
            use_search_filter=many,
            use_jk_keys=not many,
            instruction=(
                _("(type to filter, arrow keys to move)") if many else _("(arrow keys, Enter)")
            ),
        )

    def review(self, items: Sequence[ReviewItem], error: str | None) -> str | None:
        """Every answer in one list: choose one to change it, or save."""
        q = self._q
        self._section = None  # the answer changed next gets its section's heading again
        if error:
            self._say(_("  ✗ not saved yet: {problem}").format(problem=error), "fg:ansired")
        choices: list[Any] = [q.Choice(_("Save the intake"), value=_SAVE), q.Separator()]
        columns = shutil.get_terminal_size().columns
        choices += [
            q.Choice(
                f"{item.label}: {_short(item.shown, columns - len(item.label) - 8)}",
                value=item.key,
            )
            for item in items
        ]
        answer = q.select(
            _("Review your answers: choose one to change it, or save"),
            choices=choices,
            instruction=_("(arrow keys, Enter)"),
        ).unsafe_ask()
        return None if answer == _SAVE else str(answer)

    def choose(self, question: str, options: Sequence[Option]) -> str | None:
        """One of ``options``, or None for "no"."""
        q = self._q
        choices = [q.Choice(label, value=value) for value, label in options]
        choices.append(q.Choice(_("No, not now"), value=_NONE))
        answer = q.select(
            question, choices=choices, instruction=_("(arrow keys, Enter)")
        ).unsafe_ask()
        return None if answer == _NONE else str(answer)


def _short(text: str, width: int) -> str:
    width = max(width, 20)
    return text if len(text) <= width else text[: width - 1] + "…"


class PlainAsker(_Sections):
    """Numbered prompts on plain standard input and output, one answer a line."""

    def _read(self, text: str, default: str) -> str:
        try:
            return str(
                click.prompt(text, default=default, show_default=bool(default), prompt_suffix=": ")
            )
        except click.Abort:  # end of input (or Ctrl-C, which click reports the same way)
            raise InputEnded from None

    def ask(self, prompt: Prompt, check: Check) -> Any:
        """Print the question and its numbered choices; read until the answer is accepted."""
        if heading := self._heading(prompt):
            click.echo(f"\n== {heading} ==")
        click.echo(f"\n({prompt.position}) {prompt.text}")
        if prompt.help:
            click.echo(f"    {prompt.help}")
        if prompt.error:
            click.echo(
                _("    ✗ the answer in the file was refused: {problem}").format(
                    problem=prompt.error
                )
            )
        for number, (_value, label) in enumerate(prompt.choices, 1):
            click.echo(f"    {number:>2}) {label}")
        hint, default = self._hint(prompt)
        while True:
            raw = self._raw(prompt, self._read(f"    {hint}", default))
            problem = check(raw)
            if problem is None:
                return raw
            click.echo(f"    ✗ {problem}")

    @staticmethod
    def _hint(prompt: Prompt) -> tuple[str, str]:
        values = [value for value, _label in prompt.choices]
        if prompt.kind == "choice":
            number = values.index(prompt.default) + 1 if prompt.default in values else None
            return _("number"), str(number or "")
        if prompt.kind == "choices":
            chosen = [str(values.index(v) + 1) for v in prompt.default or () if v in values]
            return _("numbers separated by commas, empty for none"), ", ".join(chosen)
        if prompt.kind == "yes_no":
            default = "" if prompt.default is None else ("y" if prompt.default else "n")
            return _("y/n"), default
        hint = _("answer")
        extra = _instruction(prompt)
        if prompt.default_text and not prompt.required:
            extra = _("(Enter keeps it, - clears it)")
        return (f"{hint} {extra}" if extra else hint), prompt.default_text

    @staticmethod
    def _raw(prompt: Prompt, line: str) -> Any:
        """The answer as the questionnaire takes it: numbers stand for choices."""
        line = "" if line.strip() == "-" else line
        values = [value for value, _label in prompt.choices]

        def value_of(token: str) -> str:
            token = token.strip()
            if token.isdigit() and 1 <= int(token) <= len(values):
                return values[int(token) - 1]
            return token

        if prompt.kind == "choice":
            return value_of(line)
        if prompt.kind == "choices":
            return [value_of(t) for t in split_list(line, ",")]
        return line

    def review(self, items: Sequence[ReviewItem], error: str | None) -> str | None:
        """Every answer, numbered; a number to change one, Enter (or end of input) to save."""
        self._section = None
        click.echo("\n" + _("Review your answers:"))
        for number, item in enumerate(items, 1):
            click.echo(f"  {number:>2}. {item.label}: {item.shown}")
        if error:
            click.echo(_("  ✗ not saved yet: {problem}").format(problem=error))
        while True:
            try:
                line = self._read(_("Number of an answer to change, or Enter to save"), "")
            except InputEnded:
                if error:
                    raise
                return None
            line = line.strip()
            if not line:
                return None
            if line.isdigit() and 1 <= int(line) <= len(items):
                return items[int(line) - 1].key
            click.echo(_("  ✗ choose a number from 1 to {count}").format(count=len(items)))

    def choose(self, question: str, options: Sequence[Option]) -> str | None:
        """One of ``options`` by number, or None (Enter, 0 or end of input) for "no"."""
        click.echo("\n" + question)
        for number, (_value, label) in enumerate(options, 1):
            click.echo(f"  {number}) {label}")
        click.echo("  0) " + _("No, not now"))
        while True:
            try:
                line = self._read(_("number"), "0").strip()
            except InputEnded:
                return None
            if line.isdigit() and 0 <= int(line) <= len(options):
                return options[int(line) - 1][0] if int(line) else None
            click.echo(_("  ✗ choose a number from 0 to {count}").format(count=len(options)))
