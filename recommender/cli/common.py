"""What every command shares: error handling, options, loading, writing output."""

from __future__ import annotations

import contextvars
import importlib
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from recommender.errors import Problem, UserError
from recommender.formats import extension
from recommender.i18n import _, resolve_language, set_language
from recommender.knowledge import KnowledgeBase, load_kb
from recommender.output import check_writable, write_atomic

F = TypeVar("F", bound=Callable[..., Any])


class GoalrecGroup(click.Group):
    """A group that loads its commands on first use and turns UserError into exit status 2."""

    def __init__(
        self, *args: Any, lazy_commands: dict[str, str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command, loaded or not, in alphabetical order."""
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command, importing its module the first time it is asked for."""
        if cmd_name in self.lazy_commands and cmd_name not in self.commands:
            module, attr = self.lazy_commands[cmd_name].split(":")
            command = getattr(importlib.import_module(module), attr)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command, reporting user errors without a traceback.

        The command runs in a copy of the current context, so the language and calendar it
        chooses do not outlive it (a program or test running several commands in turn).
        """
        return contextvars.copy_context().run(self._invoke, ctx)

    def _invoke(self, ctx: click.Context) -> Any:
        # inside the command's context: "error:" comes in the language it chose
        try:
            return super().invoke(ctx)
        except UserError as exc:
            click.echo(
                _("error: {message}").format(message=str(exc).replace("\n", "\n  ")), err=True
            )
            ctx.exit(exc.exit_code)


# options several commands share (click makes a new parameter each time one is applied)
DATE_OPTION = click.option(
    "--date",
    "day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The strategy document's date, YYYY-MM-DD (default: today), to regenerate a draft.",
)
TEMPLATE_DIR_OPTION = click.option(
    "--template-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Agency templates that override the bundled ones (rendered in a sandbox).",
)
JOBS_OPTION = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 64),
    default=None,
    help="Worker processes (default: one per core).",
)


def output_options(formats: tuple[str, ...], default: str) -> Callable[[F], F]:
    """``--format``, ``-o/--output`` and ``--force``."""

    def decorate(f: F) -> F:
        f = click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")(f)
        f = click.option(
            "-o",
            "--output",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Write to this file instead of standard output.",
        )(f)
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(formats),
            default=None,
            help=f"Output format (default: {default}, or the output file's extension).",
        )(f)

    return decorate


def pick_format(
    fmt: str | None, output: Path | None, formats: tuple[str, ...], default: str
) -> str:
    """The explicit format, else the output file's extension, else the default."""
    if fmt:
        return fmt
    if output is None or not output.suffix:
        return default
    aliases = {"txt": "text", "markdown": "md", "htm": "html", "yml": "yaml"}
    ext = output.suffix.lower().lstrip(".")
    if aliases.get(ext, ext) in formats:
        return aliases.get(ext, ext)
    # `-o plan.odt` must not quietly become a text file named .odt
    from recommender.formatting import listing  # Babel: only on this error path

    known = [extension(f) for f in formats]
    raise UserError(
        Problem(
            _(
                "goalrec cannot tell the format from the extension '{ext}': name the file "
                "{known}, or give --format ({formats})"
            ).format(ext=output.suffix, known=listing(known), formats=", ".join(formats)),
            str(output),
        )
    )


def knowledge_base(ctx: click.Context) -> KnowledgeBase:
    """The knowledge base chosen with --rules (or the bundled one)."""
    rules_dir = ctx.obj.get("rules_dir") if ctx.obj else None
    return load_kb(Path(rules_dir) if rules_dir else None)


def chosen_language(ctx: click.Context, fallback: str | None = None) -> str:
    """The output language: --lang, else the intake's language if goalrec has it, else English."""
    return resolve_language((ctx.obj or {}).get("lang"), fallback)


def choose_language(ctx: click.Context, fallback: str | None = None) -> str:
    """Make :func:`chosen_language` the current language, and return it."""
    lang = chosen_language(ctx, fallback)
    set_language(lang)
    return lang


def emit(text: str | bytes, output: Path | None, force: bool) -> None:
    """Print to stdout, or write the output file atomically."""
    if output is None:
        click.echo(text, nl=isinstance(text, str) and not text.endswith("\n"))
    else:
        write_atomic(output, text, force=force)
        click.echo(_("wrote {path}").format(path=output), err=True)


def early_check(output: Path | None, force: bool) -> None:
    """Refuse an existing output file before doing any work."""
    if output is not None:
        check_writable(output, force)


def is_tty() -> bool:
    """Whether stdout is a terminal (for colour)."""
    return sys.stdout.isatty()


def text_width(to_terminal: bool) -> int:
    """Columns for a terminal summary: the terminal's own, else a fixed 100 for files and pipes."""
    if not to_terminal:
        return 100
    return max(60, min(160, shutil.get_terminal_size().columns))
