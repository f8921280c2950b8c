import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from recommender import __version__
from recommender.cli import cli

from .conftest import EXAMPLE


def test_recommend_text_summary(run: Callable[..., Any]) -> None:
    result = run("recommend", EXAMPLE)
    assert result.exit_code == 0, result.output
    assert "Recommendations for Mekong Craft Coffee" in result.output
    assert "Community engagement" in result.output and "primary" in result.output
    assert "TopCV" in result.output


def test_recommend_json_is_the_model(run: Callable[..., Any]) -> None:
    result = run("recommend", EXAMPLE, "--format", "json")
    data = json.loads(result.output)
    assert {
        "meta",
        "goals",
        "platforms",
        "excluded_platforms",
        "tactics",
        "warnings",
        "trace",
    } <= set(data)
    assert data["goals"][0]["priority"] == "primary"
    assert all({"id", "priority", "score", "kpis", "why"} <= set(g) for g in data["goals"])
    assert sum(g["priority"] == "primary" for g in data["goals"]) <= 3
    assert all({"id", "score", "role", "reasons"} <= set(p) for p in data["platforms"])


def test_output_file_is_never_overwritten_without_force(
    run: Callable[..., Any], tmp_path: Path
) -> None:
    out = tmp_path / "rec.json"
    assert run("recommend", EXAMPLE, "-o", out).exit_code == 0
    assert (
        json.loads(out.read_text())["client"] == "Mekong Craft Coffee"
    )  # format from the extension
    out.write_text("keep me")
    result = run("recommend", EXAMPLE, "-o", out)
    assert result.exit_code == 2
    assert "already exists; use --force" in result.output
    assert out.read_text() == "keep me"
    assert run("recommend", EXAMPLE, "-o", out, "--force").exit_code == 0
    assert out.read_text().startswith("{")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_missing_intake_is_a_clear_error(run: Callable[..., Any]) -> None:
    result = run("recommend", "nope.yaml")
    assert result.exit_code == 2
    assert result.output == "error: nope.yaml: file not found\n"


def test_yaml_error_names_the_line(run: Callable[..., Any], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("business:\n  name: [unclosed\n")
    result = run("recommend", bad)
    assert result.exit_code == 2
    assert f"error: {bad}:" in result.output and "YAML syntax error" in result.output
    assert "Traceback" not in result.output


def test_broken_rules_folder(run: Callable[..., Any], rules_copy: Path) -> None:
    (rules_copy / "rulebook" / "20-situations.yaml").write_text(
        "rules:\n  - id: x\n    when: {situation: hiring}\n"
    )
    result = run("--rules", rules_copy, "recommend", EXAMPLE)
    assert result.exit_code == 2
    assert "20-situations.yaml:2: rules[0].description: this field is required" in result.output


def test_explain_shows_rules_facts_sources_and_near_misses(run: Callable[..., Any]) -> None:
    result = run("explain", EXAMPLE)
    assert result.exit_code == 0
    out = result.output
    assert "Recruiting - primary" in out
    assert "because: situations: hiring" in out
    assert "source: seeds/000_e69303ec3df2503f.txt:88-90" in out
    assert "near miss" in out and "needed:" in out
    data = json.loads(run("explain", EXAMPLE, "--format", "json").output)
    assert any(item["near_misses"] for item in data["goals"])


def test_schema_rules_list_and_version(run: Callable[..., Any]) -> None:
    schema = json.loads(run("schema").output)
    assert schema["title"] == "goalrec intake"
    assert "situations" in schema["properties"]
    listing = run("rules", "list").output
    assert "situation.hiring" in listing and "generated from the catalogue" in listing
    assert run("--version").output == f"goalrec {__version__}\n"


def test_python_dash_m_works() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "recommender", "--version"], capture_output=True, text=True
    )
    assert done.returncode == 0 and done.stdout.startswith("goalrec ")


def test_errors_go_to_stderr(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["recommend", str(tmp_path / "missing.yaml")])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "file not found" in result.stderr


def test_outputs_follow_the_umask(run: Callable[..., Any], tmp_path: Path) -> None:
    import os
    import stat

    out = tmp_path / "shared.json"
    assert run("recommend", EXAMPLE, "-o", out).exit_code == 0
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~mask


def test_explanation_wraps_under_its_indent(kb: Any) -> None:
    """Long facts wrap under the text they continue, never back at column 0."""
    from recommender import api
    from recommender.intake_file import read_intake
    from recommender.render_text import explanation_text, recommendation_text

    intake = read_intake(EXAMPLE, kb)
    rec, exp = api.explain_intake(intake, kb)
    text = explanation_text(exp, width=60)
    headings = {f"{i.name} - {i.status}" for i in [*exp.goals, *exp.platforms]}
    lines = text.splitlines()
    assert any(line.startswith("      ") and "needed" not in line for line in lines)
    for line in lines[1:]:
        assert len(line) <= 60 and line == line.rstrip(), line
        assert line.startswith("  ") or "─" in line or line.split(" (")[0] in headings, line
    summary = recommendation_text(rec, width=60).splitlines()
    assert all(len(line) <= 60 and line == line.rstrip() for line in summary)


def test_an_unknown_output_extension_is_refused_before_any_work(
    run: Callable[..., Any], tmp_path: Path
) -> None:
    out = tmp_path / "plan.odt"
    result = run("recommend", EXAMPLE, "-o", out)
    assert result.exit_code == 2
    assert "'.odt'" in result.output and ".docx" in result.output and "--format" in result.output
    assert not out.exists()
    assert run("recommend", EXAMPLE, "-o", out, "--format", "md").exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# ")
