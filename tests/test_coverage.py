from collections.abc import Callable
from typing import Any

from recommender.api import recommend
from recommender.coverage import Combination, combinations, intake_for, problems_in, special_markets
from recommender.knowledge import KnowledgeBase
from recommender.recommendation import PlatformRec, TacticRec


def test_grid_covers_every_single_and_pair(kb: KnowledgeBase) -> None:
    grid = combinations(kb)
    markets = special_markets(kb)
    assert {"VN", "IR", "CN", "RU"} <= set(markets)
    assert len(grid) == (17 + 17 * 16 // 2) * 2 * 2 * (len(markets) + 1)


def test_shipped_knowledge_base_reports_no_problem(run: Callable[..., Any]) -> None:
    result = run("rules", "coverage", "--no-progress")
    assert result.exit_code == 0, result.output
    assert result.output.rstrip().endswith("0 problems")


def test_each_kind_of_problem_is_detected(kb: KnowledgeBase) -> None:
    combo = Combination(("hiring",), "b2c", False, "VN")
    rec = recommend(intake_for(combo, kb), kb)
    assert list(problems_in(combo, rec, kb)) == []
    telegram = PlatformRec(
        id="telegram", name="Telegram", score=50, role="r", reasons=[], paid=True
    )
    ads = TacticRec(
        id="boosted_posts", name="b", score=5, goals=["recruiting"], paid=True, media="paid", why=[]
    )
    broken = rec.model_copy(update={"platforms": [*rec.platforms, telegram], "tactics": [ads]})
    found = list(problems_in(combo, broken, kb))
    assert "platform telegram is restricted in VN" in found
    assert "paid options on telegram cannot be bought in VN" in found
    assert "platform telegram is marked paid with a zero budget" in found
    assert "paid tactic boosted_posts with a zero budget" in found
    empty = rec.model_copy(update={"goals": []})
    assert "no goal" in list(problems_in(combo, empty, kb))
    vanity_only = rec.goals[0].model_copy(
        update={"kpis": [k.model_copy(update={"vanity": True}) for k in rec.goals[0].kpis]}
    )
    assert any(
        "only vanity" in p
        for p in problems_in(combo, rec.model_copy(update={"goals": [vanity_only]}), kb)
    )
