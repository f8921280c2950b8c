"""The error hierarchy: one root, one branch for problems the user can fix.

Only the CLI turns a :class:`UserError` into a message and an exit status; anything else
that escapes is a bug and keeps its traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from recommender.i18n import _


def clip(value: object, limit: int = 80) -> str:
    """``value`` as a message quotes it: a pasted essay or a megabyte of digits cut short."""
    text = str(value)
    if len(text) <= limit:
        return text
    return _("{start}… ({n} characters)").format(start=text[: limit - 20], n=len(text))


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one place of one file."""

    message: str
    path: str | None = None
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path if self.line is None else f"{self.path}:{self.line}"
            where += ": "
        field = f"{self.field}: " if self.field else ""
        return f"{where}{field}{self.message}"

    def about(self, path: str) -> str:
        """The problem in a list headed by ``path``: without that name, which the list shows."""
        if self.path != path:
            return str(self)
        told = Problem(self.message, None, None, self.field)
        return (
            str(told)
            if self.line is None
            else _("line {line}: {problem}").format(line=self.line, problem=told)
        )


class RecommenderError(Exception):
    """Root of every error goalrec raises on purpose."""


class UserError(RecommenderError):
    """Bad input the user can fix; the CLI shows the message and exits with status 2."""

    exit_code = 2

    def __init__(self, problems: Problem | str | Iterable[Problem]) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def about(self, path: str) -> str:
        """The message for a list headed by ``path`` (see :meth:`Problem.about`)."""
        return "\n".join(p.about(path) for p in self.problems)


class IntakeError(UserError):
    """The client intake file is missing, unreadable or invalid."""


class RuleFileError(UserError):
    """A knowledge-base file under ``rules/`` is invalid."""


class CaseFileError(UserError):
    """A case file is invalid."""


class OutputError(UserError):
    """An output file cannot be written (exists without --force, missing folder, ...)."""


class TemplateError(UserError):
    """A document template is broken."""


class EngineError(RecommenderError):
    """The rules engine failed in a way no input should cause (a bug)."""
