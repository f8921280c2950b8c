"""``goalrec rules coverage``: run the knowledge base over every situation and pair of them.

Each single situation and each pair is evaluated for B2B and B2C, with a zero and a paid
budget, in every market the platform catalogue treats specially (plus one ordinary
market). A combination is reported when its plan has no goal, more primary goals than the
settings allow, a goal without KPIs (or with vanity metrics only), a platform that is
restricted or unavailable in that market, paid options where they cannot be bought, or a
paid tactic without a budget.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, get_args

from recommender.api import recommend
from recommender.intake import Intake, Situation
from recommender.intake_file import validation_context
from recommender.knowledge import KnowledgeBase
from recommender.recommendation import Recommendation

ORDINARY_MARKET = "US"
PAID_BUDGET_USD = 2000


@dataclass(frozen=True)
class Combination:
    """One point of the grid."""

    situations: tuple[str, ...]
    model: str
    paid: bool
    market: str

    def __str__(self) -> str:
        budget = "paid" if self.paid else "zero budget"
        return f"{' + '.join(self.situations)} | {self.model} | {budget} | {self.market}"


@dataclass(frozen=True)
class Issue:
    """Something wrong with one combination's plan."""

    combination: Combination
    message: str


def special_markets(kb: KnowledgeBase) -> list[str]:
    """Markets where some platform leads, is restricted or is unavailable."""
    return sorted({m for p in kb.platforms.values() for m in p.markets})


def combinations(kb: KnowledgeBase) -> list[Combination]:
    """The whole grid, in a stable order."""
    situations = list(get_args(Situation))
    sets = [(s,) for s in situations] + list(itertools.combinations(situations, 2))
    markets = [*special_markets(kb), ORDINARY_MARKET]
    return [
        Combination(tuple(s), model, paid, market)
        for s in sets
        for model in ("b2b", "b2c")
        for paid in (False, True)
        for market in markets
    ]


def intake_for(combo: Combination, kb: KnowledgeBase) -> Intake:
    """A plain intake for one combination: only the situation, model, budget and market vary."""
    start = dt.date(2027, 1, 4)
    resources: dict[str, Any] = {
        "monthly_ad_budget": PAID_BUDGET_USD if combo.paid else 0,
        "currency": "USD",
        "team_hours_per_week": 20,
        "timeframe_months": 6,
        "start_date": start,
    }
    if set(combo.situations) & {"hosting_event", "new_product_launch"}:
        resources["event_date"] = start + dt.timedelta(days=90)
    if "hiring" in combo.situations:
        resources["open_positions"] = 2
    data = {
        "schema_version": 1,
        "business": {
            "name": "Coverage client",
            "industry": "coverage",
            "model": combo.model,
            "country": combo.market,
            "language": "en",
            "has_website": True,
        },
        "audience": {"age_ranges": ["25-34", "35-44"]},
        "situations": list(combo.situations),
        "baselines": {"monthly_reach": 10_000},
        "resources": resources,
    }
    return Intake.model_validate(data, context=validation_context(kb))


def problems_in(combo: Combination, rec: Recommendation, kb: KnowledgeBase) -> Iterator[str]:
    """What is wrong with one plan."""
    if not rec.goals:
        yield "no goal"
    primary = [g.id for g in rec.primary_goals]
    if len(primary) > kb.setting("max_primary_goals"):
        yield f"{len(primary)} primary goals: {', '.join(primary)}"
    for goal in rec.goals:
        if not goal.kpis:
            yield f"goal {goal.id} has no KPI"
        elif all(k.vanity for k in goal.kpis):
            yield f"goal {goal.id} has only vanity metrics"
    for platform in rec.platforms:
        note = kb.platforms[platform.id].markets.get(combo.market)
        if note and note.access in ("restricted", "unavailable"):
            yield f"platform {platform.id} is {note.access} in {combo.market}"
        if platform.paid and note and not note.ads:
            yield f"paid options on {platform.id} cannot be bought in {combo.market}"
        if platform.paid and not combo.paid:
            yield f"platform {platform.id} is marked paid with a zero budget"
    if not combo.paid:
        for tactic in rec.tactics:
            if tactic.paid:
                yield f"paid tactic {tactic.id} with a zero budget"


def run_coverage(
    kb: KnowledgeBase, progress: Callable[[int, int], None] | None = None
) -> tuple[int, list[Issue]]:
    """Evaluate the whole grid; return how many combinations ran and the issues found."""
    grid = combinations(kb)
    issues: list[Issue] = []
    for i, combo in enumerate(grid, 1):
        rec = recommend(intake_for(combo, kb), kb)
        issues.extend(Issue(combo, message) for message in problems_in(combo, rec, kb))
        if progress is not None:
            progress(i, len(grid))
    return len(grid), issues
