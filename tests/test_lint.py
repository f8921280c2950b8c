from collections.abc import Callable
from pathlib import Path
from typing import Any

from recommender.lint import lint

from .conftest import write_tree


def test_shipped_knowledge_base_lints_clean(rules_dir: Path) -> None:
    report = lint(rules_dir)
    assert report.errors == [] and report.warnings == [], [str(f) for f in report.findings]
    assert report.rules > 100


def add(rules: Path, name: str, text: str) -> str:
    write_tree(rules, {name: text})
    return str((rules / name).relative_to(Path.cwd()))


def messages(rules: Path, severity: str) -> list[str]:
    return [str(f) for f in lint(rules).findings if f.severity == severity]


def test_rule_that_can_never_fire(rules_copy: Path) -> None:
    path = add(
        rules_copy,
        "rulebook/99.yaml",
        """\
        rules:
          - id: never
            description: d
            when:
              all:
                - {field: resources.team_hours_per_week, lt: 5}
                - {field: resources.team_hours_per_week, gt: 10}
            then: [{goal: recruiting, weight: 10}]
            source: seeds/000_e69303ec3df2503f.txt:88
        """,
    )
    assert (
        f"{path}:2: rule 'never' can never fire: its conditions contradict each other"
        in messages(rules_copy, "error")
    )


def test_kpi_attached_to_a_goal_it_does_not_prove(rules_copy: Path) -> None:
    path = add(
        rules_copy,
        "rulebook/99.yaml",
        """\
        rules:
          - id: wrong-kpi
            description: d
            when: {situation: hiring}
            then:
              - {goal: recruiting, weight: 10}
              - {kpis: [bounce_rate], goal: recruiting}
            source: seeds/000_e69303ec3df2503f.txt:88
        """,
    )
    found = messages(rules_copy, "error")
    assert any(
        m.startswith(f"{path}:7: rule 'wrong-kpi' attaches KPI 'bounce_rate' to goal 'recruiting'")
        for m in found
    ), found


def test_sources_must_be_looked_up(rules_copy: Path) -> None:
    path = add(
        rules_copy,
        "rulebook/99.yaml",
        """\
        rules:
          - id: unsourced
            description: d
            when: {situation: hiring}
            then: [{goal: recruiting, weight: 10}]
            source: my experience
          - id: too-far
            description: d
            when: {situation: hiring}
            then: [{goal: recruiting, weight: 10}]
            source: seeds/000_e69303ec3df2503f.txt:900
          - id: url-is-fine
            description: d
            when: {situation: hiring}
            then: [{goal: recruiting, weight: 10}]
            source: https://example.org/guide
        """,
    )
    found = messages(rules_copy, "error")
    assert f"{path}:2: rule 'unsourced': source 'my experience' is not in the sources list" in found
    assert any(
        m.startswith(f"{path}:7: rule 'too-far'") and "line 900 does not exist" in m for m in found
    )
    assert not any("url-is-fine" in m for m in found)


def test_unreachable_entries_are_warnings(rules_copy: Path) -> None:
    add(
        rules_copy,
        "catalogue/more.yaml",
        """\
        warnings:
          - id: never_raised
            message: {en: Nobody raises this., vi: Không ai nêu cảnh báo này., fa: هیچ قاعده‌ای این هشدار را نمی‌دهد.}
            source: seeds/000_e69303ec3df2503f.txt:1
        """,
    )
    report = lint(rules_copy)
    assert report.errors == [], [str(f) for f in report.errors]
    assert [str(f) for f in report.warnings] == [
        "rules/catalogue/more.yaml:2: warning 'never_raised' is never recommended: no rule reaches it"
    ]


def test_load_problems_are_lint_errors_all_at_once(rules_copy: Path) -> None:
    add(
        rules_copy,
        "rulebook/99.yaml",
        """\
        rules:
          - id: situation.hiring
            description: d
            when: {situation: hirng}
            then: [{goal: recruting, weight: 10}]
            source: s
        """,
    )
    found = messages(rules_copy, "error")
    assert any("defined twice" in m for m in found)


def test_lint_command_exit_codes(run: Callable[..., Any], rules_copy: Path) -> None:
    ok = run("--rules", rules_copy, "rules", "lint")
    assert ok.exit_code == 0 and "0 errors, 0 warnings" in ok.output
    add(
        rules_copy,
        "catalogue/more.yaml",
        "warnings:\n  - {id: unused, message: m, source: 'seeds/000_e69303ec3df2503f.txt:1'}\n",
    )
    warned = run("--rules", rules_copy, "rules", "lint")
    assert warned.exit_code == 0 and "Warnings:" in warned.output and "Errors:" not in warned.output
    add(
        rules_copy,
        "rulebook/99.yaml",
        "rules:\n  - id: x\n    description: d\n    when: {situation: hiring}\n    then: [{goal: recruiting, weight: 1}]\n    source: nowhere\n",
    )
    failed = run("--rules", rules_copy, "rules", "lint")
    assert (
        failed.exit_code == 1 and "Errors:" in failed.output and "source 'nowhere'" in failed.output
    )


def test_missing_translations_are_reported(rules_copy: Path) -> None:
    path = add(
        rules_copy,
        "catalogue/more.yaml",
        """\
        warnings:
          - id: english_only
            message: Only in English.
            source: seeds/000_e69303ec3df2503f.txt:1
        """,
    )
    report = lint(rules_copy)
    assert f"{path}:2: warning 'english_only': missing translations: message (vi, fa)" in [
        str(f) for f in report.warnings
    ]
