"""Shared fixtures: the bundled knowledge base, a CLI runner, throwaway file trees."""

from __future__ import annotations

import copy
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from recommender.cli import cli
from recommender.knowledge import KnowledgeBase, default_rules_dir, load_kb

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "mekong-coffee.yaml"
DOC_DATE = "2026-12-01"  # every rendered document in the tests carries this date


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite tests/golden/ from the current output (after an intended change).",
    )


@pytest.fixture(autouse=True)
def _isolate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never write into the repository or the user's home."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("GOALREC_RULES", raising=False)
    # English unless a test is about languages (the example intake's language is vi)
    monkeypatch.setenv("GOALREC_LANG", "en")


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_kb()


@pytest.fixture(scope="session")
def rules_dir() -> Path:
    return default_rules_dir()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def run(runner: CliRunner) -> Callable[..., Any]:
    def invoke(*args: str, input: str | None = None) -> Any:
        return runner.invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)

    return invoke


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write {relative path: text} under root (text is dedented)."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def example_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    return data


@pytest.fixture
def write_intake(tmp_path: Path) -> Callable[[dict[str, Any]], Path]:
    counter = iter(range(10_000))

    def write(data: dict[str, Any]) -> Path:
        path = tmp_path / f"intake-{next(counter)}.yaml"
        path.write_text(yaml.safe_dump(copy.deepcopy(data), allow_unicode=True), encoding="utf-8")
        return path

    return write


@pytest.fixture
def rules_copy(tmp_path: Path, rules_dir: Path) -> Iterator[Path]:
    """A writable copy of the bundled knowledge base."""
    import shutil

    target = tmp_path / "rules"
    shutil.copytree(rules_dir, target)
    yield target
