import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .conftest import EXAMPLE, REPO


def intakes(tmp_path: Path) -> Path:
    folder = tmp_path / "clients" / "vn"
    folder.mkdir(parents=True)
    shutil.copy(EXAMPLE, folder / "mekong.yaml")
    (folder.parent / "ir.yaml").write_text(
        EXAMPLE.read_text()
        .replace("country: VN", "country: IR")
        .replace("markets: [VN]", "markets: [IR]")
        .replace("currency: VND", "currency: IRR")
    )
    return folder.parent


def test_identical_knowledge_bases_say_so_in_one_line(
    run: Callable[..., Any], tmp_path: Path, rules_copy: Path
) -> None:
    result = run("diff", "--rules", rules_copy, intakes(tmp_path), "-j", "1")
    assert result.exit_code == 0
    assert result.output == "No client's plan changes (2 intakes compared).\n"


def test_a_rule_change_is_traced_to_the_clients_it_affects(
    run: Callable[..., Any], tmp_path: Path, rules_copy: Path
) -> None:
    path = rules_copy / "rulebook" / "20-situations.yaml"
    path.write_text(
        path.read_text().replace(
            "      - {goal: recruiting, weight: 50}",
            "      - {goal: recruiting, weight: 50}\n      - {goal: thought_leadership, weight: 45}",
        )
    )
    folder = intakes(tmp_path)
    result = run(
        "--rules", rules_copy, "diff", "--rules", Path(__file__).parent.parent / "rules", folder
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "rule situation.hiring (edited)" in out
    assert "2 of 2 clients' plans change." in out
    assert (
        "goal **thought_leadership** added (– → secondary) — caused by: situation.hiring (edited)"
        in out
    )
    data = json.loads(
        run(
            "--rules",
            rules_copy,
            "diff",
            "--rules",
            Path(__file__).parent.parent / "rules",
            folder,
            "--format",
            "json",
            "-j",
            "2",
        ).output
    )
    assert data["clients_compared"] == 2 and data["clients_changed"] == 2
    change = next(c for c in data["clients"][0]["changes"] if c["item"] == "thought_leadership")
    assert change == {
        "kind": "goal",
        "item": "thought_leadership",
        "change": "added",
        "before": None,
        "after": "secondary",
        "caused_by": ["situation.hiring (edited)"],
    }


def test_bad_intake_is_reported_not_fatal(
    run: Callable[..., Any], tmp_path: Path, rules_copy: Path
) -> None:
    folder = intakes(tmp_path)
    (folder / "broken.yaml").write_text("business: [\n")
    path = rules_copy / "knowledge_base.yaml"
    path.write_text(
        path.read_text().replace("max_platforms:\n    value: 5", "max_platforms:\n    value: 2")
    )
    result = run(
        "--rules", rules_copy, "diff", "--rules", Path(__file__).parent.parent / "rules", folder
    )
    assert result.exit_code == 1  # the report is complete, but one client is missing from it
    out = result.output
    assert "setting max_platforms: 5 -> 2" in out
    assert "2 of 2 clients' plans change." in out  # the unreadable intake is not counted
    failures = out[out.index("## Intakes that could not be compared (1)") :]
    assert f"- {folder / 'broken.yaml'}: line 2: YAML syntax error" in failures


def test_an_item_an_edit_takes_out_of_a_rule_is_traced_to_that_rule(
    run: Callable[..., Any], tmp_path: Path, rules_copy: Path
) -> None:
    path = rules_copy / "rulebook" / "20-situations.yaml"
    launch = "      - {kpis: [video_views, watch_time], goal: brand_awareness}"
    assert launch in path.read_text()
    path.write_text(path.read_text().replace(launch, launch.replace(", watch_time", "")))
    result = run("diff", "--rules", REPO / "rules", "--rules-new", rules_copy, intakes(tmp_path))
    assert result.exit_code == 0, result.output
    assert (
        "- kpi **brand_awareness/watch_time** removed — caused by: situation.launch (edited)"
        in result.output
    )


def test_no_intakes_and_no_changes(
    run: Callable[..., Any], tmp_path: Path, rules_copy: Path
) -> None:
    (tmp_path / "empty").mkdir()
    result = run("diff", "--rules", rules_copy, tmp_path / "empty")
    assert result.exit_code == 0 and result.output == f"no intakes found in {tmp_path / 'empty'}\n"
    folder = intakes(tmp_path)
    (folder / "broken.yaml").write_text("")
    result = run("diff", "--rules", rules_copy, folder, "--format", "json", "-j", "1")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert (data["clients_compared"], data["clients_changed"], data["intakes_failed"]) == (2, 0, 1)
    assert data["clients"] == [
        {
            "intake": str(folder / "broken.yaml"),
            "client": "",
            "error": "line 1: the file is empty",
            "changes": [],
        }
    ]


def test_a_bug_with_one_intake_does_not_stop_the_others(
    run: Callable[..., Any], tmp_path: Path, rules_copy: Path, monkeypatch: Any
) -> None:
    from recommender import impact

    real = impact.diff_client

    def flaky(intake: str, *args: Any) -> Any:
        if intake.endswith("ir.yaml"):
            raise KeyError("surprise")
        return real(intake, *args)

    monkeypatch.setattr(impact, "diff_client", flaky)
    folder = intakes(tmp_path)
    result = run("diff", "--rules", rules_copy, folder, "-j", "1")
    assert result.exit_code == 1
    assert f"- {folder / 'ir.yaml'}: KeyError: 'surprise'" in result.output
    assert "1 of these failures are goalrec bugs" in result.output
    assert "No client's plan changes (1 intakes compared)." in result.output
