"""Writing results: whole files or nothing, never over an existing file without --force."""

from __future__ import annotations

import contextlib
import os
import tempfile
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
    check_writable(path, force)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes files private; outputs are shared
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if not force and path.exists():  # someone created it meanwhile: keep theirs
            raise OutputError(Problem(_("already exists; use --force to overwrite it"), str(path)))
        Path(tmp).replace(path)
    except OSError as exc:
        raise OutputError(
            Problem(_("cannot write: {reason}").format(reason=exc.strerror or exc), str(path))
        ) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            Path(tmp).unlink()
