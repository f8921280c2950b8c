"""Flip one answer: the plan moves in the expected direction and nowhere else."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, assume, given, settings

from recommender.api import recommend
from recommender.intake_file import validate_intake
from recommender.knowledge import KnowledgeBase, load_kb
from recommender.recommendation import Recommendation

from .strategies import intakes

KB = load_kb()
JOB_CHANNELS = {"linkedin", "topcv", "jobinja", "hh_ru", "boss_zhipin"}
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def plan(data: dict[str, Any], kb: KnowledgeBase = KB) -> Recommendation:
    return recommend(validate_intake(copy.deepcopy(data), "generated", kb), kb)


def goals(rec: Recommendation) -> set[str]:
    return {g.id for g in rec.goals}


@SETTINGS
@given(intakes())
def test_adding_hiring_brings_recruiting_and_a_job_channel(data: dict[str, Any]) -> None:
    # with no situation the plan is a generic placeholder that any named problem replaces
    assume(data["situations"] and "hiring" not in data["situations"])
    before = plan(data)
    assume(len(before.goals) < KB.setting("max_goals"))  # a full plan must drop one to add one
    data["situations"].append("hiring")
    after = plan(data)
    assert "recruiting" in goals(after)
    assert {p.id for p in after.platforms} & JOB_CHANNELS
    assert goals(before) <= goals(after)  # no other goal disappears


@SETTINGS
@given(intakes())
def test_zero_budget_removes_every_paid_tactic(data: dict[str, Any]) -> None:
    data["resources"]["monthly_ad_budget"] = 0
    rec = plan(data)
    assert not [t.id for t in rec.tactics if t.paid]
    assert not [p.id for p in rec.platforms if p.paid]
    assert goals(rec)  # still a plan


@SETTINGS
@given(intakes())
def test_a_market_where_a_platform_is_blocked_drops_it(data: dict[str, Any]) -> None:
    data["business"]["country"] = "US"
    data["business"]["markets"] = ["US"]
    in_us = {p.id for p in plan(data).platforms}
    for market in ("CN", "IR", "RU"):
        data["business"]["country"] = market
        data["business"]["markets"] = [market]
        there = {p.id for p in plan(data).platforms}
        for platform in in_us:
            note = KB.platforms[platform].markets.get(market)
            if note and note.access in ("restricted", "unavailable"):
                assert platform not in there


@SETTINGS
@given(intakes())
def test_reputation_problem_puts_listening_and_care_first(data: dict[str, Any]) -> None:
    assume("reputation_problem" not in data["situations"])
    data["situations"].append("reputation_problem")
    rec = plan(data)
    primary = {g.id for g in rec.primary_goals}
    assert "conversions_sales" not in primary and "lead_generation" not in primary
    assert "brand_reputation" in goals(rec)
    assert "promotion_calendar" not in {t.id for t in rec.tactics}


@SETTINGS
@given(intakes())
def test_team_time_caps_the_platforms(data: dict[str, Any]) -> None:
    def content_platforms(rec: Recommendation) -> int:
        # job boards need no regular content, and a goal that needs its own channel
        # (recruiting) may add one past the cap
        extra = sum(KB.goals[g.id].needs_channel for g in rec.goals)
        return sum(KB.platforms[p.id].content_channel for p in rec.platforms) - extra

    data["resources"]["team_hours_per_week"] = 4
    assert content_platforms(plan(data)) <= 2
    data["resources"]["team_hours_per_week"] = 8
    assert content_platforms(plan(data)) <= 3


@SETTINGS
@given(intakes())
def test_dropping_baselines_asks_for_them_first(data: dict[str, Any]) -> None:
    data["baselines"] = {}
    rec = plan(data)
    assert "no_baselines" in {w.id for w in rec.warnings}
    assert "baseline_audit" in {t.id for t in rec.tactics}


@SETTINGS
@given(intakes())
def test_every_goal_has_kpis_that_are_not_only_vanity(data: dict[str, Any]) -> None:
    rec = plan(data)
    assert len(rec.primary_goals) <= 3
    for goal in rec.goals:
        assert goal.kpis and not all(k.vanity for k in goal.kpis)
        for kpi in goal.kpis:
            assert goal.id in KB.kpis[kpi.id].proves


def test_b2b_moves_linkedin_up() -> None:
    base: dict[str, Any] = {
        "schema_version": 1,
        "business": {
            "name": "x",
            "industry": "y",
            "model": "b2c",
            "country": "DE",
            "language": "de",
        },
        "situations": ["needs_leads"],
        "resources": {
            "monthly_ad_budget": 1000,
            "currency": "EUR",
            "team_hours_per_week": 20,
            "timeframe_months": 6,
        },
    }
    b2c = [p.id for p in plan(base).platforms]
    base["business"]["model"] = "b2b"
    b2b = [p.id for p in plan(base).platforms]
    assert "linkedin" in b2b and b2b.index("linkedin") == 0
    assert "linkedin" not in b2c or b2c.index("linkedin") > 0
