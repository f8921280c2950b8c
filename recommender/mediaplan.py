"""The paid / owned / earned media plan, sized to the client's stated budget.

The paid budget (monthly budget x months) is split over the months (build-up and launch
months weigh more), over the paid-capable platforms (by their score) and over the paid
tactics in the plan (by the knowledge base's weights). Only platforms that serve one of the
plan's goals get paid budget. With a budget of 0 the plan is organic only: owned and earned
media.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from recommender.knowledge import KnowledgeBase
from recommender.planning import MonthPlan, PostingPlan
from recommender.recommendation import Recommendation


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PaidLine(_Out):
    """A share of the paid budget."""

    id: str
    name: str
    share: float
    total: float


class MediaLine(_Out):
    """One row of the paid / owned / earned plan: what runs there, where, at what cost."""

    media: str
    tactics: list[str]
    platforms: list[str]
    budget: float | None
    hours_per_week: float | None


class MediaPlan(_Out):
    """The whole media plan."""

    currency: str | None
    monthly_budget: float
    total_budget: float
    organic_only: bool
    unplaced: bool
    """There is a paid budget but no recommended platform sells ads to this client."""
    lines: list[MediaLine]
    by_month: list[float]
    by_platform: list[PaidLine]
    by_tactic: list[PaidLine]
    test_share: float


def _split(total: float, weights: Sequence[float]) -> list[float]:
    """``total`` shared by ``weights``, in round amounts that still add up to ``total``.

    A plan that allots 2,777,142,857 IRR reads as a machine's: each share is rounded to a
    step of three significant figures of the total (at least 1 unit). Equal weights keep
    equal shares; what rounding gained or lost is settled on the largest share, where it
    matters least.
    """
    whole = sum(weights)
    if not whole or total <= 0:
        return [0.0 for _w in weights]
    step = max(1.0, 10 ** (math.floor(math.log10(total)) - 2))
    shares = [round(total * w / whole / step) * step for w in weights]
    largest = max(range(len(weights)), key=lambda i: weights[i])
    shares[largest] += total - sum(shares)
    return shares


def media_plan(
    rec: Recommendation,
    kb: KnowledgeBase,
    monthly_budget: float,
    currency: str | None,
    months: Sequence[MonthPlan],
    posting: PostingPlan,
) -> MediaPlan:
    """Paid, owned and earned media over the timeframe."""
    total = monthly_budget * len(months)
    split = kb.planning.media
    sells_ads = [p for p in rec.platforms if p.paid]
    # budget goes where it serves a goal of the plan (a market's job board on a sales plan: no)
    paid_platforms = [p for p in sells_ads if p.goals] or sells_ads
    paid_tactics = [t for t in rec.tactics if t.media == "paid"]
    test_share = split.test_share.value if total else 0.0
    placed = total * (1 - test_share / 100)
    by_platform = [
        PaidLine(id=p.id, name=p.name, share=s / placed * 100 if placed else 0.0, total=s)
        for p, s in zip(
            paid_platforms, _split(placed, [p.score for p in paid_platforms]), strict=True
        )
    ]
    weights = [split.paid_tactics[t.id].value for t in paid_tactics]
    by_tactic = [
        PaidLine(id=t.id, name=t.name, share=s / placed * 100 if placed else 0.0, total=s)
        for t, s in zip(paid_tactics, _split(placed, weights), strict=True)
    ]
    owned = [t.name for t in rec.tactics if t.media == "owned"]
    earned = [t.name for t in rec.tactics if t.media == "earned"]
    lines = [
        MediaLine(
            media="paid",
            tactics=[t.name for t in paid_tactics],
            platforms=[p.name for p in paid_platforms],
            budget=total,
            hours_per_week=None,
        ),
        MediaLine(
            media="owned",
            tactics=owned,
            platforms=[p.name for p in rec.platforms],
            budget=None,
            hours_per_week=round(sum(p.hours_per_week for p in posting.platforms), 1),
        ),
        MediaLine(
            media="earned",
            tactics=earned,
            platforms=[p.name for p in rec.platforms] if earned else [],
            budget=None,
            hours_per_week=None,
        ),
    ]
    return MediaPlan(
        currency=currency,
        monthly_budget=monthly_budget,
        total_budget=total,
        organic_only=total == 0,
        unplaced=total > 0 and not paid_platforms,
        lines=lines if total else lines[1:],
        by_month=_split(total, [m.weight for m in months]),
        by_platform=by_platform,
        by_tactic=by_tactic,
        test_share=test_share,
    )
