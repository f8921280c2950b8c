"""Writing results: whole files or nothing, never over an existing file without --force."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from recommender.errors import OutputError, Problem
from recommender.i18n import _


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_writable(path: Path, force: bool) -> None:
    """Fail early (before any work) if ``path`` cannot or may not be written."""
    if path.is_dir():
        raise OutputError(Problem(_("is a folder; give a file name"), str(path)))
    if path.exists() and not force:
        raise OutputError(Problem(_("already exists; use --force to overwrite it"), str(path)))
    if not path.parent.exists():
        raise OutputError(
            Problem(_("the folder {folder} does not exist").format(folder=path.parent), str(path))
        )


def write_atomic(path: Path, data: bytes | str, force: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file and an atomic rename."""
    error = write_atomic_all([(path, data)], force)[0]
    if error is not None:
        raise error


@dataclass
class _Staged:
    """One file written to its temporary name, not yet synced or renamed."""

    index: int
    path: Path
    tmp: Path
    fd: int
    renamed: bool = False


def write_atomic_all(
    files: Sequence[tuple[Path, bytes | str]], force: bool = False
) -> list[OutputError | None]:
    """Write each file as :func:`write_atomic` does; return each one's error, if any.

    Every file is whole on disk before it takes its name, as with one file at a time, but
    all are written before any is synced, so the file system can flush them in fewer
    journal commits than one each (about half the time per file for small files on ext4).
    """
    errors: list[OutputError | None] = [None] * len(files)
    staged: list[_Staged] = []
    mode = 0o666 & ~_umask()  # mkstemp makes files private; outputs are shared

    def fail(index: int, path: Path, exc: OSError) -> None:
        errors[index] = OutputError(
            Problem(_("cannot write: {reason}").format(reason=exc.strerror or exc), str(path))
        )

    try:
        for index, (path, data) in enumerate(files):
            try:
                check_writable(path, force)
                fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
                staged.append(_Staged(index, path, Path(tmp), fd))
                os.fchmod(fd, mode)
                with open(fd, "wb", closefd=False) as handle:
                    handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            except OutputError as exc:
                errors[index] = exc
            except OSError as exc:
                fail(index, path, exc)
        for item in staged:
            if errors[item.index] is None:
                try:
                    os.fsync(item.fd)
                except OSError as exc:
                    fail(item.index, item.path, exc)
        for item in staged:
            if errors[item.index] is not None:
                continue
            if not force and item.path.exists():  # someone created it meanwhile: keep theirs
                errors[item.index] = OutputError(
                    Problem(_("already exists; use --force to overwrite it"), str(item.path))
                )
                continue
            try:
                item.tmp.replace(item.path)
                item.renamed = True
            except OSError as exc:
                fail(item.index, item.path, exc)
    finally:
        for item in staged:
            os.close(item.fd)
            if not item.renamed:
                with contextlib.suppress(FileNotFoundError):
                    item.tmp.unlink()
    return errors
