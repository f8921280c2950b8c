from collections.abc import Callable
from pathlib import Path
from typing import Any

from .conftest import EXAMPLE, REPO, write_tree

CASE = """\
name: A case
why: pins one thing
intake_file: {intake}
expect:
  goals: [{goal}]
"""


def test_check_runs_the_shipped_cases(run: Callable[..., Any]) -> None:
    result = run("check", REPO / "cases")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].endswith("passed, 0 failed")
    assert all(line.startswith("PASS") for line in result.output.splitlines()[:-1])


def test_failure_shows_a_readable_diff(run: Callable[..., Any], tmp_path: Path) -> None:
    write_tree(
        tmp_path / "cases",
        {
            "good.yaml": CASE.format(intake=EXAMPLE, goal="recruiting"),
            "bad.yaml": CASE.format(intake=EXAMPLE, goal="thought_leadership"),
        },
    )
    result = run("check", tmp_path / "cases")
    assert result.exit_code == 1
    out = result.output
    assert "PASS  good" in out and "FAIL  bad " in out
    assert "x goals: expected thought_leadership" in out
    assert "got      community_engagement (primary), recruiting (primary)" in out
    assert "rules fired: fact.b2c-buyer" in out
    assert out.splitlines()[-1] == "1 passed, 1 failed"
    only = run("check", tmp_path / "cases", "--only", "goo*")
    assert only.exit_code == 0 and only.output.splitlines()[-1] == "1 passed, 0 failed"


def test_default_folder_and_broken_case(run: Callable[..., Any], tmp_path: Path) -> None:
    write_tree(
        tmp_path / "cases",
        {"broken.yaml": "name: x\nwhy: y\nintake_file: nope.yaml\nexpect:\n  goals: [recruting]\n"},
    )
    result = run("check")  # cwd is tmp_path: cases/ by default
    assert result.exit_code == 2
    assert "ERROR broken" in result.output
    assert (
        "expect.goals: unknown id 'recruting' (did you mean 'recruiting'?)" in result.output
        or "file not found" in result.output
    )
