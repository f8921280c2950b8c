import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .conftest import EXAMPLE


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
    assert result.exit_code == 0
    assert "broken.yaml" in result.output and "YAML syntax error" in result.output
    assert "setting max_platforms: 5 -> 2" in result.output
