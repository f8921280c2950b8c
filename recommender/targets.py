"""SMART targets: each KPI's target and monthly path, from the client's baseline and timeframe.

The pace comes from the knowledge base's ``targets`` assumptions; nothing here knows how fast
any KPI should move. A KPI without a baseline gets a provisional target relative to the
baseline measured in month 1; a target the client states is kept, and flagged when it needs
more per month than the assumptions call attainable.
"""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from recommender.assumptions import Change, Per, TargetAssumption
from recommender.catalogue import Kpi, KpiUnit

Flag = Literal["beyond_attainable", "behind_baseline", "stated_without_baseline"]


class KpiTarget(BaseModel):
    """One KPI's target: where it starts, where it should be by the end, and month by month."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kpi: str
    unit: KpiUnit
    higher_is_better: bool
    change: Change
    per: Per
    baseline: float | None
    target: float | None
    provisional: float | None
    """Without a baseline: the change on the month-1 baseline (percent, or points)."""
    path: list[float]
    """Months 0..N: absolute values; ``indexed``: 100 = the month-1 baseline (relative
    change) or the points gained on it (points)."""
    indexed: bool
    stated: bool
    pace: float
    """The monthly change planned on (the assumption's unit), or what a stated target needs."""
    attainable: float
    flag: Flag | None = None

    @property
    def relative_change(self) -> float | None:
        """Target against baseline, in percent (None without a usable baseline)."""
        if self.baseline and self.target is not None:
            return (self.target / self.baseline - 1) * 100
        return None


def round_target(value: float, unit: KpiUnit) -> float:
    """A target a strategist would write: 47,770 -> 48,000; 1.674 % -> 1.7 %; 11.3 min -> 11."""
    if unit in ("percent", "ratio"):
        return round(value, 1)
    if unit == "minutes":
        return float(max(1, round(value)))
    if abs(value) < 100:
        return float(round(value)) if unit == "count" else round(value, 2)
    digits = math.floor(math.log10(abs(value))) - 1  # two significant digits
    return float(round(value, -digits))


def _bounded(value: float, a: TargetAssumption) -> float:
    if a.floor is not None:
        value = max(value, a.floor)
    if a.ceiling is not None:
        value = min(value, a.ceiling)
    return value


def _step(value: float, change: Change, pace: float) -> float:
    return value * (1 + pace / 100) if change == "relative" else value + pace


def _project(start: float, a: TargetAssumption, pace: float, months: int) -> list[float]:
    path = [start]
    for _month in range(months):
        path.append(_bounded(_step(path[-1], a.change, pace), a))
    return path


def _needed(baseline: float, target: float, change: Change, months: int) -> float:
    if change == "relative":
        return float((target / baseline) ** (1 / months) - 1) * 100
    return (target - baseline) / months


def kpi_target(
    kpi: Kpi,
    a: TargetAssumption,
    baseline: float | None,
    stated: float | None,
    months: int,
    paid: bool,
) -> KpiTarget:
    """The target and path of one KPI over ``months`` plan months."""
    pace = a.expected(paid)
    common = {
        "kpi": kpi.id,
        "unit": kpi.unit,
        "higher_is_better": kpi.higher_is_better,
        "change": a.change,
        "per": a.per,
        "attainable": a.attainable,
        "baseline": baseline,
        "stated": stated is not None,
    }
    if a.change == "level":
        target = stated if stated is not None else round_target(pace, kpi.unit)
        start = baseline if baseline is not None else target
        beyond = stated is not None and _beyond(stated, a.attainable, kpi.higher_is_better)
        return KpiTarget(
            **common,
            target=target,
            provisional=None,
            path=[start + (target - start) * m / months for m in range(months + 1)],
            indexed=False,
            pace=pace,
            flag="beyond_attainable" if beyond else None,
        )
    if baseline is None or (a.change == "relative" and baseline <= 0):
        later = max(months - 1, 1)  # month 1 measures; the change comes after it
        origin = 100.0 if a.change == "relative" else 0.0
        index = _project(origin, a.model_copy(update={"floor": None, "ceiling": None}), pace, later)
        return KpiTarget(
            **common,
            target=stated,
            provisional=round(index[-1] - origin, 1),
            path=[origin, *index] if months > 1 else index,
            indexed=True,
            pace=pace,
            flag="stated_without_baseline" if stated is not None else None,
        )
    if stated is None:
        path = _project(baseline, a, pace, months)
        path[-1] = round_target(path[-1], kpi.unit)
        return KpiTarget(
            **common, target=path[-1], provisional=None, path=path, indexed=False, pace=pace
        )
    return _stated(common, a, baseline, stated, months, kpi.higher_is_better)


def _stated(
    common: dict[str, Any],
    a: TargetAssumption,
    baseline: float,
    stated: float,
    months: int,
    higher_is_better: bool,
) -> KpiTarget:
    """A target the client gave: kept as it is, with the pace it needs, flagged if unrealistic."""
    change: Change = a.change if stated > 0 else "points"  # a relative pace cannot reach 0
    needed = _needed(baseline, stated, change, months)
    flag: Flag | None = None
    if needed != 0 and (needed < 0) == higher_is_better:
        flag = "behind_baseline"
    elif change != a.change or _beyond(needed, a.attainable, higher_is_better):
        flag = "beyond_attainable"
    path = [baseline]
    for _month in range(months):
        path.append(_step(path[-1], change, needed))
    path[-1] = stated
    return KpiTarget(
        **common, target=stated, provisional=None, path=path, indexed=False, pace=needed, flag=flag
    )


def _beyond(value: float, attainable: float, higher_is_better: bool) -> bool:
    return value > attainable if higher_is_better else value < attainable
