"""The one place Jinja environments are made, and template errors become file:line problems.

Bundled templates (``templates/`` at the top of the repository, or its copy inside the
installed package) render in a regular environment. An agency's ``--template-dir`` is
searched first and renders in a sandbox, since its authors are not goalrec's. Every
environment has ``StrictUndefined`` (a missing value is an error, not a blank), HTML
autoescaping, Markdown escaping of every ``{{ ... }}`` in ``.md`` templates, the i18n
extension with goalrec's gettext, and the same filters.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

import jinja2
from jinja2 import sandbox
from markupsafe import Markup

from recommender import formatting
from recommender.errors import Problem, TemplateError
from recommender.i18n import _, ngettext

PACKAGE_DIR = Path(__file__).parent
Kind = Literal["md", "html", "docx"]
TEMPLATES: dict[Kind, str] = {
    "md": "strategy.md.j2",
    "html": "strategy.html.j2",
    "docx": "strategy.docx",
}
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~!#]|&(?=#?\w+;))")
_MD_LINE_START = re.compile(r"^(\d*)([-+=.)])(?=\s|$)")


def default_templates_dir() -> Path:
    """``templates/`` of the source tree, or the copy installed inside the package."""
    in_tree = PACKAGE_DIR.parent / "templates"
    return in_tree if in_tree.is_dir() else PACKAGE_DIR / "_data" / "templates"


def markdown_escape(value: Any) -> Any:
    """Text shown literally in Markdown: specials backslash-escaped, on one line."""
    if isinstance(value, Markup | int | float):
        return value
    text = " ".join(str(value).split())
    # a value opening a line must not open a list or heading: "1. x" -> "1\. x", "- x" -> "\- x"
    return _MD_LINE_START.sub(r"\1\\\2", _MD_SPECIAL.sub(r"\\\1", text))


def _numbers(value: Any) -> Any:
    """A plain number printed by a template, in the document language's digits."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return formatting.localized_digits(value)
    return value


def _finalize_md(value: Any) -> Any:
    return markdown_escape(_numbers(value))


FILTERS: dict[str, Callable[..., Any]] = {
    "number": formatting.number,
    "percent": formatting.percent,
    "signed_percent": formatting.signed_percent,
    "money": formatting.money,
    "date": formatting.date,
    "date_range": formatting.date_range,
    "kpi_value": formatting.kpi_value,
    "months": formatting.months,
    "month_span": formatting.month_span,
    "join_and": formatting.join_and,
    "listing": formatting.listing,
    "clauses": formatting.clauses,
    "digits": formatting.localized_digits,
}


class _Environment(jinja2.Environment):
    """An environment that compiles each template source given to ``from_string`` once.

    docxtpl hands the Word template's XML to ``from_string`` for every document it renders,
    and Jinja would compile it again each time; a batch of documents compiles it once.
    """

    _MAX_SOURCES = 64

    def from_string(
        self,
        source: str | jinja2.nodes.Template,
        globals: MutableMapping[str, Any] | None = None,
        template_class: type[jinja2.Template] | None = None,
    ) -> jinja2.Template:
        """The compiled template for ``source``, compiled on first use."""
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        cache: dict[tuple[str, Any], jinja2.Template] = self.__dict__.setdefault("_sources", {})
        key = (source, self.autoescape)  # autoescaping is decided when the source compiles
        if key not in cache:
            if len(cache) >= self._MAX_SOURCES:
                cache.clear()
            cache[key] = super().from_string(source)
        return cache[key]


class _SandboxedEnvironment(_Environment, sandbox.ImmutableSandboxedEnvironment):
    """The sandbox agencies' templates render in, with the same compile-once sources."""


def make_env(kind: Kind, template_dir: Path | None = None) -> jinja2.Environment:
    """The environment for one document kind; sandboxed when an agency's folder comes first."""
    folders = [str(template_dir)] if template_dir else []
    folders.append(str(default_templates_dir()))
    cls = _SandboxedEnvironment if template_dir else _Environment
    escaped = kind != "md"
    env = cls(
        loader=jinja2.FileSystemLoader(folders),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "htm", "xml", "svg", "html.j2"),
            default_for_string=escaped,
            default=escaped,
        ),
        keep_trailing_newline=True,
        trim_blocks=kind != "docx",
        lstrip_blocks=kind != "docx",
        finalize=_finalize_md if kind == "md" else _numbers,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(gettext=_, ngettext=ngettext, newstyle=False)  # type: ignore[attr-defined]
    env.filters.update(FILTERS)
    env.globals["semicolon"] = formatting.semicolon  # the clause separator: "؛ " in Persian
    return env


@functools.lru_cache(maxsize=32)
def environment(kind: Kind, template_dir: Path | None = None) -> jinja2.Environment:
    """The process's environment for one document kind and template folder.

    Kept for the life of the process so its compiled templates are too: every document
    after the first skips compiling (the loader still notices an edited template file).
    """
    return make_env(kind, template_dir)


def render(kind: Kind, context: Mapping[str, Any], template_dir: Path | None = None) -> str:
    """Render the Markdown or HTML document template."""
    env = environment(kind, template_dir)
    with template_errors(env, TEMPLATES[kind]):
        return env.get_template(TEMPLATES[kind]).render(context)


@contextmanager
def template_errors(env: jinja2.Environment, name: str, path: Path | None = None) -> Iterator[None]:
    """Turn what a broken template raises into :class:`TemplateError` with file and line."""
    try:
        yield
    except Exception as exc:
        where, line = _template_frame(exc.__traceback__, _folders(env))
        if isinstance(exc, jinja2.TemplateSyntaxError):
            where, line = exc.filename or where, exc.lineno
        if isinstance(exc, jinja2.TemplateNotFound):
            message = f"template '{exc.name}' not found"
        elif isinstance(exc, jinja2.TemplateError):
            message = exc.message or type(exc).__name__
        elif where is not None and isinstance(
            exc, TypeError | ValueError | ArithmeticError | LookupError | AttributeError
        ):
            message = f"{type(exc).__name__}: {exc}"  # a filter or call the template got wrong
        else:
            raise  # not the template's fault: a bug that keeps its traceback
        context = getattr(exc, "docx_context", None)
        if context is not None:  # docxtpl: the paragraph text around the error
            near = " ".join(" ".join(context).split())[:120]
            message += f" (near: {near})" if near else ""
        shown = (
            display_path(where) if where and where != "<template>" else display_path(path or name)
        )
        raise TemplateError(Problem(message, shown, line)) from None


def _folders(env: jinja2.Environment) -> tuple[str, ...]:
    loader = env.loader
    paths = loader.searchpath if isinstance(loader, jinja2.FileSystemLoader) else []
    return tuple(str(Path(p).resolve()) + os.sep for p in paths)


def _template_frame(
    tb: TracebackType | None, folders: tuple[str, ...]
) -> tuple[str | None, int | None]:
    """The innermost frame running template code (Jinja names those after the template)."""
    found: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename == "<template>" or str(Path(filename).resolve()).startswith(folders):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def display_path(path: str | Path) -> str:
    """A path as errors show it: relative to the working folder when inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
