"""Every intake of a folder rendered to a file of its own, on all cores.

:func:`plan_batch` walks the folder and maps each intake to its output file under the
output folder (same sub-folders, the format's extension), refusing outputs that two
intakes would share or that would land on an intake. :func:`run_batch` renders the rest
in worker processes (:mod:`recommender.parallel`): each worker loads the knowledge base,
builds its engine and compiles its templates once, then sends back one small
:class:`Outcome` per intake, never the document. One bad intake is one failed outcome;
the others go on. Files are written atomically, so a failed intake leaves none.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
from collections import defaultdict
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeGuard

from recommender.errors import OutputError, Problem, UserError
from recommender.formats import DOCUMENT_FORMATS, extension, is_document_format
from recommender.formatting import listing
from recommender.i18n import DEFAULT_LANGUAGE, _, language, resolve_language
from recommender.intake_file import intake_tree, read_intake
from recommender.knowledge import KnowledgeBase, load_kb
from recommender.output import check_writable, write_atomic_all
from recommender.parallel import chunk_size, run_all, uninterrupted

BatchFormat = Literal["json", "text", "md", "html", "pdf", "docx"]
BATCH_FORMATS: tuple[BatchFormat, ...] = ("json", "text", *DOCUMENT_FORMATS)


def is_batch_format(fmt: str) -> TypeGuard[BatchFormat]:
    """Whether ``fmt`` is a format a batch can write."""
    return fmt in BATCH_FORMATS


# What rendering each format imports: loaded before the workers fork, so they share it
# instead of each importing it again.
_MODULES: dict[BatchFormat, tuple[str, ...]] = {
    "json": (),
    "text": ("recommender.render_text",),
    "md": ("recommender.document", "recommender.render"),
    "html": ("recommender.document", "recommender.render", "recommender.charts"),
    "pdf": (
        "recommender.document",
        "recommender.render",
        "recommender.charts",
        "recommender.formats.pdf",
        "weasyprint",
    ),
    "docx": ("recommender.document", "recommender.charts", "recommender.formats.docx", "docxtpl"),
}


# Intakes rendered before their files are written together: fast formats share the cost of
# flushing files to disk; slow ones show their progress file by file.
_GROUP: dict[BatchFormat, int] = {"json": 16, "text": 16, "md": 16, "html": 1, "pdf": 1, "docx": 1}


@dataclass(frozen=True)
class Settings:
    """What every intake of a batch is rendered with."""

    fmt: BatchFormat
    date: dt.date
    language: str | None = None  # None: each intake's own language, as `goalrec recommend`
    rules_dir: Path | None = None
    template_dir: Path | None = None
    force: bool = False


@dataclass(frozen=True)
class Task:
    """One intake and the file it is rendered to."""

    intake: Path
    output: Path


@dataclass(frozen=True)
class Outcome:
    """What became of one intake: written, or why not."""

    intake: str
    output: str
    error: str | None = None
    bug: bool = False  # the failure is goalrec's fault, not the intake's

    @property
    def ok(self) -> bool:
        """Whether the output file was written."""
        return self.error is None


@dataclass(frozen=True)
class Plan:
    """The intakes to render, and those refused before any rendering."""

    tasks: list[Task]
    refused: list[Outcome]

    @property
    def total(self) -> int:
        """Every intake found."""
        return len(self.tasks) + len(self.refused)


def prepare_output_dir(out_dir: Path) -> None:
    """Make the output folder (and its parents) unless it exists; refuse a file."""
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(Problem(_("is a file; give a folder to write into"), str(out_dir)))
    _make_folder(out_dir)


def plan_batch(intake_dir: Path, out_dir: Path, fmt: BatchFormat) -> Plan:
    """Every intake under ``intake_dir`` with its output file under ``out_dir``.

    ``clients/vn/a.yaml`` becomes ``OUT/vn/a.<ext>``. An output folder inside the intake
    folder is not searched for intakes (its JSON would be read back as intakes). Intakes
    that would share an output file, or whose output would replace an intake, are refused.
    """
    tree = intake_tree(intake_dir)
    in_root, out_root = intake_dir.resolve(), out_dir.resolve()
    if out_root != in_root and out_root.is_relative_to(in_root):
        skip = out_root.relative_to(in_root).parts
        tree = [parts for parts in tree if parts[: len(skip)] != skip]
    # plain strings, not Paths: ten thousand intakes would cost a second of path objects
    ext = extension(fmt)
    outputs = [(*parts[:-1], _suffix_swapped(parts[-1], ext)) for parts in tree]
    claims: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
    for parts, relative in zip(tree, outputs, strict=True):
        claims[relative].append(parts)
    intakes = {os.path.join(in_root, *parts) for parts in tree}  # noqa: PTH118 (strings)
    tasks, refused = [], []
    for parts, relative in zip(tree, outputs, strict=True):
        path, output = intake_dir.joinpath(*parts), out_dir.joinpath(*relative)
        sharing = claims[relative]
        if len(sharing) > 1:
            others = listing([str(intake_dir.joinpath(*p)) for p in sharing if p != parts])
            reason = _("{others} would be written to the same file {output}; rename one of them")
            reason = reason.format(others=others, output=output)
            refused.append(Outcome(str(path), str(output), reason))
        elif os.path.join(out_root, *relative) in intakes:  # noqa: PTH118
            reason = _("the output {output} is an intake itself; write to another folder")
            reason = reason.format(output=output)
            refused.append(Outcome(str(path), str(output), reason))
        else:
            tasks.append(Task(path, output))
    return Plan(tasks, refused)


def _suffix_swapped(name: str, ext: str) -> str:
    """``name`` with ``ext`` for its suffix (it has one: it is an intake's)."""
    return name[: name.rfind(".")] + ext


def run_batch(
    plan: Plan, settings: Settings, jobs: int, started: Callable[[], None] | None = None
) -> Generator[Outcome, None, None]:
    """The refused intakes' outcomes, then each rendered intake's as it is done.

    ``started`` is called once the workers exist (see :func:`recommender.parallel.run_all`).
    """
    yield from plan.refused
    if not plan.tasks:
        return
    for module in _MODULES[settings.fmt]:
        importlib.import_module(module)
    size = chunk_size(len(plan.tasks), jobs, most=_GROUP[settings.fmt], per_worker=4)
    yield from run_all(_render_group, plan.tasks, _init_worker, (settings,), jobs, started, size)


_WORKER: dict[str, Any] = {}


def _init_worker(settings: Settings) -> None:
    _WORKER.update(kb=load_kb(settings.rules_dir), settings=settings, folders=set())


def _render_group(tasks: Sequence[Task]) -> list[Outcome]:
    """Render a few intakes, then write their files together (synced to disk together)."""
    settings: Settings = _WORKER["settings"]
    made: set[Path] = _WORKER["folders"]  # output folders known to exist, made by this run
    errors: dict[Task, str] = {}
    bugs: set[Task] = set()
    files: list[tuple[Task, str | bytes]] = []
    for task in tasks:
        try:
            # messages in the batch's language; the document in the intake's (render_intake)
            with language(settings.language or DEFAULT_LANGUAGE):
                folder = task.output.parent
                if folder in made or folder.is_dir():  # fail before the work, not after it
                    check_writable(task.output, settings.force)
                data = render_intake(task.intake, _WORKER["kb"], settings)
                if folder not in made:
                    _make_folder(folder)
                    made.add(folder)
            files.append((task, data))
        except UserError as exc:
            errors[task] = exc.about(str(task.intake))
        except Exception as exc:  # a bug one intake triggers must not stop the others
            errors[task] = f"{type(exc).__name__}: {exc}"
            bugs.add(task)
    with uninterrupted():  # Ctrl-C while writing: the files are finished, then it stops
        written = write_atomic_all([(t.output, data) for t, data in files], settings.force)
    for (task, _data), error in zip(files, written, strict=True):
        if error is not None:
            errors[task] = error.about(str(task.intake))
    return [Outcome(str(t.intake), str(t.output), errors.get(t), t in bugs) for t in tasks]


def render_intake(path: Path, kb: KnowledgeBase, settings: Settings) -> str | bytes:
    """One intake file in the batch's format, as ``goalrec recommend`` writes it.

    In the batch's language if it has one, else in the intake's (English if goalrec does
    not speak it).
    """
    from recommender import api

    intake = read_intake(path, kb)
    with language(resolve_language(settings.language, intake.business.language)):
        fmt = settings.fmt
        if is_document_format(fmt):
            from recommender.formats import render_document

            doc = api.strategy_document(intake, kb, path, settings.date)
            return render_document(doc, fmt, settings.template_dir)
        rec = api.recommend(intake, kb)
        if fmt == "json":
            return rec.to_json()
        from recommender.render_text import recommendation_text

        return recommendation_text(rec)


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            Problem(
                _("cannot create the folder: {reason}").format(reason=exc.strerror or exc),
                str(folder),
            )
        ) from None
