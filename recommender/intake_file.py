"""Read an intake file (YAML or JSON) into a validated :class:`Intake`, or explain why not."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from recommender.errors import IntakeError, Problem, UserError
from recommender.i18n import _
from recommender.intake import Intake, contradictions
from recommender.knowledge import KnowledgeBase
from recommender.validation import dotted, problems_from
from recommender.yamlio import line_of, load_file

MAX_INTAKE_BYTES = 2 * 1024 * 1024


def validation_context(kb: KnowledgeBase) -> dict[str, Any]:
    """What intake validation needs to know from the knowledge base."""
    return {"platform_ids": set(kb.platforms), "currencies": set(kb.currencies.rates)}


def validate_intake(data: Any, where: str, kb: KnowledgeBase) -> Intake:
    """Validate parsed intake data; raise IntakeError naming every bad field."""
    if not isinstance(data, dict):
        raise IntakeError(
            Problem(_("an intake is a mapping with business, resources, ... at the top"), where, 1)
        )
    try:
        intake = Intake.model_validate(data, context=validation_context(kb))
    except ValidationError as exc:
        raise IntakeError(problems_from(exc, data, where, Intake)) from None
    found = contradictions(intake)
    if found:
        raise IntakeError(
            [
                Problem(message, where, line_of(data, list(loc)), dotted(list(loc)))
                for loc, message in found
            ]
        )
    return intake


def load_intake_data(path: Path) -> Any:
    """An intake file's data (line-aware), not yet validated."""
    return load_file(path, max_bytes=MAX_INTAKE_BYTES, error=IntakeError)


def read_intake(path: Path, kb: KnowledgeBase) -> Intake:
    """Load and validate one intake file."""
    return validate_intake(load_intake_data(path), str(path), kb)


INTAKE_SUFFIXES = (".yaml", ".yml", ".json")


def intake_files(folder: Path) -> list[Path]:
    """Every intake under ``folder`` (YAML or JSON), recursively, sorted."""
    return [folder.joinpath(*parts) for parts in intake_tree(folder)]


def intake_tree(folder: Path) -> list[tuple[str, ...]]:
    """Every intake under ``folder`` as the parts of its path inside it, sorted as paths.

    As ``folder.rglob`` finds them (symbolic links to folders are not followed, unreadable
    folders are passed over), from the directory entries alone: a batch of 10,000 intakes
    would otherwise spend a second here, before any worker starts.
    """
    if not folder.is_dir():
        raise UserError(Problem(_("not a folder of intakes"), str(folder)))
    found: list[tuple[str, ...]] = []
    pending: list[tuple[str, tuple[str, ...]]] = [(str(folder), ())]
    while pending:
        directory, parts = pending.pop()
        try:
            with os.scandir(directory) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        pending.append((entry.path, (*parts, entry.name)))
                    elif _suffix(entry.name) in INTAKE_SUFFIXES and entry.is_file():
                        found.append((*parts, entry.name))
        except OSError:
            continue
    return sorted(found)


def _suffix(name: str) -> str:
    """The name's suffix, as :attr:`pathlib.PurePath.suffix` has it."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""
