"""A per-user cache of compiled knowledge bases, so a cold command skips YAML and validation.

Entries are keyed by the hash of every knowledge-base file, the goalrec and Python
versions, the folder and the working directory (file names in messages are relative to
it). Anything wrong with the cache (unwritable, corrupt, from another version) only costs
a rebuild: the cache is never the reason a command fails.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from recommender import __version__

if TYPE_CHECKING:
    from recommender.knowledge import KnowledgeBase


def cache_dir() -> Path | None:
    """``$GOALREC_CACHE_DIR``, else the XDG cache folder; None when caching is off."""
    if os.environ.get("GOALREC_NO_CACHE"):
        return None
    explicit = os.environ.get("GOALREC_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "goalrec"


def _code_fingerprint() -> str:
    """Changes whenever goalrec's own code does (a cached KB holds its classes' data)."""
    package = Path(__file__).parent
    stamps = sorted(
        f"{p.relative_to(package)}:{p.stat().st_size}:{p.stat().st_mtime_ns}"
        for p in package.rglob("*.py")
    )
    return hashlib.sha256("\n".join(stamps).encode()).hexdigest()


def _path(root: Path, digest: str) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    parts = [__version__, sys.version, _code_fingerprint(), str(root), str(Path.cwd()), digest]
    key = "\0".join(parts)
    return folder / f"kb-{hashlib.sha256(key.encode()).hexdigest()[:40]}.pickle"


def load(root: Path, digest: str) -> KnowledgeBase | None:
    """The cached knowledge base for these files, or None."""
    path = _path(root, digest)
    if path is None or not path.is_file():
        return None
    try:
        with path.open("rb") as handle:
            kb: Any = pickle.load(handle)  # our own file, written by save() below
    except Exception:  # a corrupt or foreign cache entry is only a cache miss
        return None
    from recommender.knowledge import KnowledgeBase

    if not isinstance(kb, KnowledgeBase) or kb.digest != digest:
        return None
    return kb


def save(kb: KnowledgeBase) -> None:
    """Store a knowledge base; silently does nothing if the cache cannot be written."""
    path = _path(kb.root, kb.digest)
    if path is None:
        return
    with contextlib.suppress(OSError, pickle.PicklingError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".kb-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(kb, handle, protocol=pickle.HIGHEST_PROTOCOL)
            Path(tmp).replace(path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                Path(tmp).unlink()
