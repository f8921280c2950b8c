import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from recommender.errors import IntakeError
from recommender.intake_file import read_intake
from recommender.knowledge import KnowledgeBase

from .conftest import EXAMPLE


def test_example_loads_exactly_as_written(kb: KnowledgeBase) -> None:
    intake = read_intake(EXAMPLE, kb)
    assert intake.business.name == "Mekong Craft Coffee"
    assert intake.business.markets == ("VN",)
    assert intake.business.commerce_platform == "haravan"
    assert intake.situations == ("new_product_launch", "hiring", "low_engagement")
    assert [p.id for p in intake.platforms] == ["facebook", "instagram"]
    assert intake.platforms[1].engagement_rate_pct == 1.2
    assert intake.baselines.monthly_conversions == 35
    assert intake.resources.event_date == dt.date(2027, 2, 15)
    assert intake.resources.currency == "VND"


def test_markets_default_to_home_country(
    kb: KnowledgeBase, example_data: dict[str, Any], write_intake: Callable[..., Path]
) -> None:
    del example_data["business"]["markets"]
    intake = read_intake(write_intake(example_data), kb)
    assert intake.business.all_markets == ("VN",)


def problems(kb: KnowledgeBase, path: Path) -> list[str]:
    with pytest.raises(IntakeError) as info:
        read_intake(path, kb)
    return [str(p) for p in info.value.problems]


def test_json_intake_is_read_like_yaml(
    kb: KnowledgeBase, tmp_path: Path, example_data: dict[str, Any]
) -> None:
    import json

    path = tmp_path / "i.json"
    path.write_text(json.dumps(example_data, default=str, indent=2))
    assert read_intake(path, kb).business.name == "Mekong Craft Coffee"


def test_unknown_key_names_file_line_and_suggests(kb: KnowledgeBase, tmp_path: Path) -> None:
    text = EXAMPLE.read_text().replace("  has_crm: false", "  has_cmr: false")
    path = tmp_path / "typo.yaml"
    path.write_text(text)
    [message] = problems(kb, path)
    line = text.splitlines().index("  has_cmr: false") + 1
    assert message.startswith(
        f"{path}:{line}: business.has_cmr: unknown key 'has_cmr' (did you mean 'has_crm'?)"
    )
    assert "allowed keys: name, industry, model" in message


def test_closed_vocabularies_list_allowed_values(kb: KnowledgeBase, tmp_path: Path) -> None:
    text = (
        EXAMPLE.read_text()
        .replace("model: b2c ", "model: b2x ")
        .replace("situations: [new_product_launch", "situations: [new_product_lunch")
    )
    path = tmp_path / "vocab.yaml"
    path.write_text(text)
    found = problems(kb, path)
    assert any(
        "business.model: 'b2x' is not allowed (did you mean 'b2c'?); allowed values: b2b, b2c, both"
        in m
        for m in found
    )
    assert any(
        "situations[0]: 'new_product_lunch' is not allowed (did you mean 'new_product_launch'?)"
        in m
        for m in found
    )


def test_unknown_platform_gets_a_suggestion(kb: KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(EXAMPLE.read_text().replace("- id: instagram", "- id: instagramm"))
    [message] = problems(kb, path)
    assert "platforms[1].id: unknown platform 'instagramm' (did you mean 'instagram'?)" in message
    assert ":21:" in message


@pytest.mark.parametrize(
    ("change", "field", "fragment"),
    [
        (
            lambda d: d["situations"].remove("hiring"),
            "resources.open_positions",
            "open positions need",
        ),
        (
            lambda d: d.__setitem__("situations", ["hiring"]),
            "resources.event_date",
            "an event date needs",
        ),
        (
            lambda d: d["business"].__setitem__("has_website", False),
            "business.has_online_store",
            "needs has_website",
        ),
        (
            lambda d: d["business"].__setitem__("has_online_store", False),
            "business.commerce_platform",
            "needs has_online_store",
        ),
        (
            lambda d: d["resources"].__setitem__("event_date", dt.date(2026, 12, 1)),
            "resources.event_date",
            "before the plan's start date",
        ),
        (
            lambda d: d["resources"].__delitem__("currency"),
            "resources.currency",
            "needs its currency",
        ),
        (
            lambda d: d["baselines"].__setitem__("engagement_rate_pct", 140),
            "baselines.engagement_rate_pct",
            "out of range",
        ),
        (
            lambda d: d["resources"].__setitem__("team_hours_per_week", -3),
            "resources.team_hours_per_week",
            "out of range",
        ),
        (
            lambda d: d["resources"].__setitem__("monthly_ad_budget", "lots"),
            "resources.monthly_ad_budget",
            "'lots' is not a number",
        ),
        (lambda d: d["business"].__setitem__("country", "VNM"), "business.country", "ISO 3166-1"),
        (lambda d: d["business"].__setitem__("language", "vn"), "business.language", "ISO 639-1"),
        (
            lambda d: d["resources"].__setitem__("currency", "VDN"),
            "resources.currency",
            "did you mean 'VND'",
        ),
        (lambda d: d["situations"].append("hiring"), "situations", "listed twice"),
        (lambda d: d.__delitem__("resources"), "resources", "required"),
        (lambda d: d.__setitem__("schema_version", 2), "schema_version", "allowed values: 1"),
    ],
)
def test_each_bad_answer_names_its_field(
    kb: KnowledgeBase,
    example_data: dict[str, Any],
    write_intake: Callable[..., Path],
    change: Callable[[dict[str, Any]], None],
    field: str,
    fragment: str,
) -> None:
    change(example_data)
    found = problems(kb, write_intake(example_data))
    assert any(f": {field}: " in m and fragment in m for m in found), found


def test_top_level_must_be_a_mapping(kb: KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "list.yaml"
    path.write_text("- a\n- b\n")
    [message] = problems(kb, path)
    assert "an intake is a mapping" in message
