"""SMART targets: paces come from rules/planning/targets.yaml, never from code."""

import pytest

from recommender.knowledge import KnowledgeBase
from recommender.targets import KpiTarget, kpi_target, round_target


def target(
    kb: KnowledgeBase,
    kpi: str,
    baseline: float | None,
    stated: float | None = None,
    months: int = 6,
    paid: bool = False,
) -> KpiTarget:
    return kpi_target(kb.kpis[kpi], kb.targets[kpi], baseline, stated, months, paid)


def test_target_follows_the_assumed_pace(kb: KnowledgeBase) -> None:
    a = kb.targets["reach"]
    t = target(kb, "reach", 40_000, months=6, paid=False)
    expected = 40_000 * (1 + a.monthly / 100) ** 6
    assert t.target == round_target(expected, "count")
    assert t.path[0] == 40_000 and len(t.path) == 7
    assert t.flag is None and not t.indexed
    paid = target(kb, "reach", 40_000, months=6, paid=True)
    assert a.monthly_paid is not None and a.monthly_paid > a.monthly
    assert paid.target is not None and t.target is not None and paid.target > t.target


def test_changing_the_data_changes_the_target(kb: KnowledgeBase) -> None:
    faster = kb.targets["reach"].model_copy(update={"monthly": 10.0})
    t = kpi_target(kb.kpis["reach"], faster, 1000, None, 3, False)
    assert t.target == 1300  # 1000 x 1.1^3 = 1331, two significant digits


@pytest.mark.parametrize(
    ("value", "unit", "rounded"),
    [
        (47_770, "count", 48_000),
        (1_139, "count", 1_100),
        (41.8, "count", 42),
        (1.674, "percent", 1.7),
        (11.3, "minutes", 11),
        (0.2, "minutes", 1),
    ],
)
def test_round_target(value: float, unit: str, rounded: float) -> None:
    assert round_target(value, unit) == rounded  # type: ignore[arg-type]


def test_lower_is_better_falls_and_stops_at_its_floor(kb: KnowledgeBase) -> None:
    t = target(kb, "response_time", 45, months=3)
    assert t.target is not None and t.target < 45
    floor = kb.targets["response_time"].floor
    deep = target(kb, "response_time", 3, months=12)
    assert floor is not None and deep.target == floor


def test_percent_targets_stop_at_their_ceiling(kb: KnowledgeBase) -> None:
    ceiling = kb.targets["csat"].ceiling
    assert ceiling is not None
    assert target(kb, "csat", 93, months=12).target == ceiling


def test_no_baseline_means_month_1_measures_and_the_target_is_provisional(
    kb: KnowledgeBase,
) -> None:
    t = target(kb, "ctr", None, months=6)
    assert t.indexed and t.target is None
    assert t.path[:2] == [100.0, 100.0]  # month 1 establishes the baseline
    pace = kb.targets["ctr"].monthly
    assert t.provisional == pytest.approx(((1 + pace / 100) ** 5 - 1) * 100, abs=0.05)
    zero = target(kb, "leads", 0, months=6)  # a relative pace cannot grow from zero
    assert zero.indexed


def test_points_without_baseline_count_points_from_month_1(kb: KnowledgeBase) -> None:
    t = target(kb, "social_conversion_share", None, months=6)
    assert t.path[0] == 0 and t.provisional == pytest.approx(
        kb.targets["social_conversion_share"].monthly * 5
    )


def test_the_seeds_smart_example_is_attainable(kb: KnowledgeBase) -> None:
    # seeds/001:39: cut the wait on Messenger from 10 to 2 minutes by next quarter
    t = target(kb, "response_time", 10, stated=2, months=3)
    assert t.stated and t.target == 2 and t.flag is None


def test_a_target_beyond_attainable_is_flagged(kb: KnowledgeBase) -> None:
    t = target(kb, "reach", 40_000, stated=400_000, months=6)
    assert t.flag == "beyond_attainable"
    assert t.pace > kb.targets["reach"].attainable
    assert t.path[-1] == 400_000


def test_a_target_behind_the_baseline_is_flagged(kb: KnowledgeBase) -> None:
    assert target(kb, "reach", 40_000, stated=30_000).flag == "behind_baseline"
    assert target(kb, "response_time", 10, stated=20, months=3).flag == "behind_baseline"


def test_a_stated_target_without_baseline_cannot_be_judged(kb: KnowledgeBase) -> None:
    t = target(kb, "leads", None, stated=50)
    assert t.flag == "stated_without_baseline" and t.target == 50


def test_level_targets_hold_a_level(kb: KnowledgeBase) -> None:
    a = kb.targets["audience_growth_rate"]
    t = target(kb, "audience_growth_rate", None)
    assert t.target == a.monthly and not t.indexed
    assert (
        target(kb, "audience_growth_rate", None, stated=a.attainable + 1).flag
        == "beyond_attainable"
    )
