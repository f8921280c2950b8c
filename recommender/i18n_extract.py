"""A Babel extractor for the Word template: its Jinja tags live inside the .docx XML.

Registered in ``babel.cfg``, so ``pybabel extract`` finds ``{{ _("...") }}`` in
``templates/*.docx`` as it does in the Jinja and Python files.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from typing import IO, Any

_CALL = re.compile(r"""_\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*\)""")
_TAG = re.compile(r"<[^>]+>")


def extract_docx(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str, str, list[str]]]:
    """Yield ``(lineno, funcname, message, comments)`` for each ``_("...")`` in the document."""
    with zipfile.ZipFile(fileobj) as archive:
        parts = sorted(
            n
            for n in archive.namelist()
            if re.match(r"word/(document|header\d*|footer\d*)\.xml$", n)
        )
        for part in parts:
            text = _TAG.sub("", archive.read(part).decode("utf-8"))
            text = text.replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&")
            for match in _CALL.finditer(text):
                yield 1, "_", match.group(1) or match.group(2), [f"in {part}"]
