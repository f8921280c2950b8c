"""The interface catalogs: every string in the code translated into vi and fa, compiled."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from .conftest import REPO

LOCALE = REPO / "recommender" / "locale"
LANGUAGES = ("vi", "fa")
_PLACEHOLDER = re.compile(r"\{[a-z_][a-z0-9_]*(?:[:!][^}]*)?\}")


def extracted() -> set[str]:
    method_map = [
        ("recommender/**.py", "python"),
        ("templates/**.j2", "jinja2"),
        ("templates/**.docx", "recommender.i18n_extract:extract_docx"),
    ]
    options = {"templates/**.j2": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}
    keywords = {"_": None, "N_": None, "ngettext": (1, 2)}
    found: set[str] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(REPO), method_map, options, keywords=keywords
    ):
        # a plural message is catalogued under its singular form
        found.add(message if isinstance(message, str) else message[0])
    return found


@pytest.fixture(scope="module")
def messages() -> set[str]:
    return extracted()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_interface_string_is_translated(lang: str, messages: set[str]) -> None:
    with (LOCALE / lang / "LC_MESSAGES" / "goalrec.po").open("rb") as handle:
        catalog = read_po(handle)
    missing = []
    for msgid in sorted(messages):
        entry = catalog.get(msgid)
        raw = None if entry is None else entry.string
        strings = [str(x) for x in raw] if isinstance(raw, tuple) else [str(raw or "")]
        if entry is None or entry.fuzzy or not all(strings):
            missing.append(msgid)
    assert not missing, f"{len(missing)} strings without a {lang} translation, e.g. {missing[:5]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_their_placeholders(lang: str) -> None:
    with (LOCALE / lang / "LC_MESSAGES" / "goalrec.po").open("rb") as handle:
        catalog = read_po(handle)
    wrong = []
    for entry in catalog:
        if not entry.id or not entry.string:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        wanted = set(_PLACEHOLDER.findall(str(ids[-1]))) | set(_PLACEHOLDER.findall(str(ids[0])))
        for text in strings:
            if text and set(_PLACEHOLDER.findall(str(text))) - wanted:
                wrong.append((ids[0], text))
            if text and wanted - set(_PLACEHOLDER.findall(str(text))) and len(ids) == 1:
                wrong.append((ids[0], text))
    assert not wrong, wrong[:5]


def _key(value: Any) -> Any:
    return tuple(value) if isinstance(value, (list, tuple)) else value


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compiled_catalogs_are_up_to_date(lang: str) -> None:
    folder = LOCALE / lang / "LC_MESSAGES"
    with (folder / "goalrec.po").open("rb") as handle:
        catalog = read_po(handle)
    with (folder / "goalrec.mo").open("rb") as handle:
        compiled = read_mo(handle)

    # the messages, not the bytes: the header names the Babel version that compiled it
    def messages(messages: Any) -> dict[Any, Any]:
        return {_key(m.id): _key(m.string) for m in messages if m.id and m.string}

    wanted = messages(m for m in catalog if not m.fuzzy)
    found = messages(compiled)
    assert found == wanted, "run: pybabel compile -D goalrec -d recommender/locale"


def test_a_missing_translation_falls_back_to_english() -> None:
    from recommender.i18n import _, language

    with language("fa"):
        assert _("a message no catalog has") == "a message no catalog has"


def test_the_word_template_strings_are_extracted(messages: set[str]) -> None:
    assert "Social media strategy · first draft" in messages
    assert Path(REPO / "templates" / "strategy.docx").exists()
