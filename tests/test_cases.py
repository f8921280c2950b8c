"""Every case file under cases/ runs as its own test, named after the file."""

from pathlib import Path

import pytest

from recommender.cases import case_files, load_case, run_case
from recommender.knowledge import KnowledgeBase

from .conftest import REPO

CASES = case_files([REPO / "cases"])


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(path: Path, kb: KnowledgeBase) -> None:
    result = run_case(load_case(path, kb), kb)
    assert result.passed, "\n".join(
        f"{f.expectation}: expected {f.expected}; got {f.actual}" for f in result.failures
    )
