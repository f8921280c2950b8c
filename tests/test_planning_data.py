"""The planning assumptions are data: mistakes in them are reported with file and line."""

import re
from pathlib import Path

import pytest

from recommender.errors import RuleFileError
from recommender.knowledge import load_kb


def errors(rules: Path) -> list[str]:
    with pytest.raises(RuleFileError) as info:
        load_kb(rules)
    return [str(p) for p in info.value.problems]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, fragment: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if fragment in line)


def test_content_mix_must_add_up_and_keep_promotions_in_bounds(rules_copy: Path) -> None:
    planning = rules_copy / "planning" / "planning.yaml"
    edit(
        planning,
        "      share: 20\n      promotional: true",
        "      share: 30\n      promotional: true",
    )
    found = errors(rules_copy)
    where = f"planning.yaml:{line_of(planning, 'content_pillars:')}: "
    assert any(where in m and "add up to 110, not 100" in m for m in found), found
    assert any(
        where in m and "promotional pillars take 30 % of posts; the most is 20 %" in m
        for m in found
    ), found


def test_every_kpi_needs_a_target_assumption(rules_copy: Path) -> None:
    targets = rules_copy / "planning" / "targets.yaml"
    text = targets.read_text()
    targets.write_text(re.sub(r"  - id: watch_time\n(    .*\n)+", "", text))
    kpis = rules_copy / "catalogue" / "kpis.yaml"
    [message] = errors(rules_copy)
    assert message.endswith(
        f"kpis.yaml:{line_of(kpis, 'id: watch_time')}: KPI 'watch_time' has no target assumption; add it to the 'targets' section"
    )


def test_a_target_must_go_the_kpis_way(rules_copy: Path) -> None:
    targets = rules_copy / "planning" / "targets.yaml"
    edit(targets, "monthly: -20\n    attainable: -42", "monthly: 20\n    attainable: 42")
    [message] = errors(rules_copy)
    assert (
        f"targets.yaml:{line_of(targets, 'id: response_time')}: target 'response_time': this KPI should fall"
        in message
    )


def test_attainable_must_reach_at_least_as_far_as_the_plan(rules_copy: Path) -> None:
    targets = rules_copy / "planning" / "targets.yaml"
    edit(
        targets,
        "    monthly_paid: 6\n    attainable: 10\n    per: month\n    why:\n      en: Reach",
        "    monthly_paid: 16\n    attainable: 10\n    per: month\n    why:\n      en: Reach",
    )
    found = errors(rules_copy)
    assert any("targets.yaml:" in m and "attainable must go the same way" in m for m in found), (
        found
    )


def test_unknown_planning_keys_are_named_with_a_suggestion(rules_copy: Path) -> None:
    planning = rules_copy / "planning" / "planning.yaml"
    edit(planning, "  build_up_months:", "  build_up_monhts:")
    found = errors(rules_copy)
    line = line_of(planning, "build_up_monhts")
    assert any(
        f"planning.yaml:{line}: planning.build_up_monhts: unknown key" in m for m in found
    ), found
    assert any("(did you mean 'build_up_months'?)" in m for m in found)


def test_scorecard_places_each_kpi_once(rules_copy: Path) -> None:
    planning = rules_copy / "planning" / "planning.yaml"
    edit(planning, "kpis: [engagement_rate, mentions,", "kpis: [engagement_rate, reach, mentions,")
    found = errors(rules_copy)
    assert any("KPI 'reach' is in both 'reach' and 'influence'" in m for m in found), found


def test_phases_name_real_tactics(rules_copy: Path) -> None:
    planning = rules_copy / "planning" / "planning.yaml"
    edit(
        planning,
        "tactics: [event_countdown, live_streams,",
        "tactics: [event_countdwn, live_streams,",
    )
    found = errors(rules_copy)
    assert any(
        "unknown tactic 'event_countdwn' (did you mean 'event_countdown'?)" in m for m in found
    ), found
