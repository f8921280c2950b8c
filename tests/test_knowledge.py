from pathlib import Path

import pytest

from recommender.errors import RuleFileError
from recommender.knowledge import KnowledgeBase, build_kb, load_kb

from .conftest import write_tree


def test_bundled_knowledge_base_loads(kb: KnowledgeBase) -> None:
    assert len(kb.goals) == 11
    assert {
        "reach",
        "impressions",
        "audience_growth_rate",
        "share_of_voice",
        "video_views",
        "watch_time",
        "mentions",
        "sentiment",
        "engagement_rate",
        "social_sessions",
        "ctr",
        "bounce_rate",
        "conversion_rate",
        "social_conversion_share",
        "leads",
        "cost_per_lead",
        "event_registrations",
        "response_time",
        "csat",
        "applications",
        "source_of_hire",
    } <= set(kb.kpis)
    assert {
        "facebook",
        "instagram",
        "tiktok",
        "youtube",
        "linkedin",
        "x",
        "pinterest",
        "threads",
        "whatsapp",
        "telegram",
        "zalo",
        "aparat",
    } <= set(kb.platforms)
    assert all(rule.source for rule in kb.rules)
    assert any(rule.generated for rule in kb.rules)


def test_every_goal_is_reachable_by_some_rule(kb: KnowledgeBase) -> None:
    from recommender.rulebook import GoalEffect

    reached = {
        e.goal for r in kb.rules for e in r.effects if isinstance(e, GoalEffect) and e.weight > 0
    }
    assert reached == set(kb.goals)


def load_errors(rules: Path) -> list[str]:
    with pytest.raises(RuleFileError) as info:
        load_kb(rules)
    return [str(p) for p in info.value.problems]


def add_rules(rules: Path, text: str) -> Path:
    write_tree(rules, {"rulebook/99-new.yaml": text})
    return (rules / "rulebook" / "99-new.yaml").relative_to(Path.cwd())


@pytest.mark.parametrize(
    ("body", "line", "fragment"),
    [
        (
            "    then: [{goal: brand_awarness, weight: 10}]\n",
            5,
            "unknown goal 'brand_awarness' (did you mean 'brand_awareness'?)",
        ),
        (
            "    then: [{gaol: brand_awareness, weight: 10}]\n",
            5,
            "unknown effect 'gaol' (did you mean 'goal'?)",
        ),
        (
            "    then: [{platform: tiktok, weight: 10}]\n",
            5,
            "reason: this field is required",
        ),
        (
            "    then: [{warning: no_such_warning}]\n",
            5,
            "unknown warning 'no_such_warning'",
        ),
    ],
)
def test_effect_errors_name_file_line_and_field(
    rules_copy: Path, body: str, line: int, fragment: str
) -> None:
    path = add_rules(
        rules_copy,
        "rules:\n  - id: my.rule\n    description: d\n    when: {situation: hiring}\n"
        + body
        + "    source: seeds/000_e69303ec3df2503f.txt\n",
    )
    found = load_errors(rules_copy)
    assert any(m.startswith(f"{path}:{line}: ") and fragment in m for m in found), found


@pytest.mark.parametrize(
    ("when", "fragment"),
    [
        ("{situation: hirng}", "'hirng' is not a value of 'situations' (did you mean 'hiring'?)"),
        (
            "{field: business.modle, equals: b2b}",
            "unknown intake field 'business.modle' (did you mean 'business.model'?)",
        ),
        ("{field: business.model, equals: b2x}", "allowed values: b2b, b2c, both"),
        ("{field: business.model, gt: 3}", "'gt' does not apply to choice field"),
        ("{field: resources.team_hours_per_week, lt: few}", "takes a number"),
        (
            "{fact: yung_audience}",
            "no rule derives the fact 'yung_audience' (did you mean 'young_audience'?)",
        ),
        ("{situaton: hiring}", "unknown condition 'situaton' (did you mean 'situation'?)"),
        (
            "{field: situations, contain: hiring}",
            "unexpected key 'contain' next to 'field' (did you mean 'contains'?)",
        ),
        ("{any: []}", "'any' needs a non-empty list"),
    ],
)
def test_condition_errors_are_clear(rules_copy: Path, when: str, fragment: str) -> None:
    path = add_rules(
        rules_copy,
        f"rules:\n  - id: my.rule\n    description: d\n    when: {when}\n"
        "    then: [{goal: recruiting, weight: 10}]\n    source: s\n",
    )
    found = load_errors(rules_copy)
    assert any(m.startswith(f"{path}:4: ") and fragment in m for m in found), found


def test_duplicate_ids_point_at_both_places(rules_copy: Path) -> None:
    path = add_rules(
        rules_copy,
        "rules:\n  - id: situation.hiring\n    description: d\n    when: {situation: hiring}\n"
        "    then: [{goal: recruiting, weight: 10}]\n    source: s\n",
    )
    [message] = load_errors(rules_copy)
    assert message.startswith(f"{path}:2: rule id 'situation.hiring' is defined twice (first at ")
    assert "20-situations.yaml:" in message


def test_cycles_in_derived_facts_are_reported(rules_copy: Path) -> None:
    add_rules(
        rules_copy,
        """\
        rules:
          - id: a
            description: d
            when: {fact: fact_b}
            then: [{derive: fact_a}]
            source: s
          - id: b
            description: d
            when: {fact: fact_a}
            then: [{derive: fact_b}]
            source: s
        """,
    )
    with pytest.raises(ValueError, match="depend on themselves"):
        _ = load_kb(rules_copy).program


def test_unknown_section_and_keys(rules_copy: Path) -> None:
    write_tree(rules_copy, {"catalogue/extra.yaml": "platfroms: []\n"})
    found = load_errors(rules_copy)
    assert any("unknown section 'platfroms' (did you mean 'platforms'?)" in m for m in found)


def test_catalogue_entry_errors(rules_copy: Path) -> None:
    write_tree(
        rules_copy,
        {
            "catalogue/more.yaml": """\
            kpis:
              - id: new_kpi
                name: New
                description: d
                formula: a / b
                unit: percentage
                higher_is_better: true
                proves: [brand_awarenes]
                data_source: x
                source: s
            """
        },
    )
    found = load_errors(rules_copy)
    assert any(
        ":6: kpis[0].unit: 'percentage' is not allowed (did you mean 'percent'?)" in m
        for m in found
    ), found


def test_a_broken_file_does_not_flood_with_follow_up_errors(rules_copy: Path) -> None:
    (rules_copy / "catalogue" / "platforms.yaml").write_text("platforms:\n  - id: [\n")
    found = load_errors(rules_copy)
    assert len(found) == 1 and "YAML syntax error" in found[0]


def test_build_kb_reports_everything_at_once(rules_copy: Path) -> None:
    add_rules(
        rules_copy,
        "rules:\n  - id: x1\n    description: d\n    when: {situation: hirng}\n"
        "    then: [{goal: recruting, weight: 10}]\n    source: s\n",
    )
    kb, problems = build_kb(rules_copy)
    assert kb is not None
    assert len(problems) == 2


def test_missing_folder() -> None:
    with pytest.raises(RuleFileError, match="knowledge-base folder not found"):
        load_kb(Path("/nonexistent/rules"))
