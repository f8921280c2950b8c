"""The content plan: posting cadence per platform, content mix, first-month calendar, month plan.

Every number comes from the knowledge base's ``planning`` section; this module only fits it
to the client: the recommended platforms, the team's hours, the timeframe and the event date.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from recommender.assumptions import PhaseId
from recommender.i18n import pick
from recommender.knowledge import KnowledgeBase
from recommender.recommendation import Recommendation, TacticRec
from recommender.timeframe import Timeframe


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PlatformCadence(_Out):
    """How often to post on one platform, and what it costs the team."""

    platform: str
    name: str
    posts_per_week: float
    planned_per_week: float
    """The knowledge base's cadence before fitting it to the team's hours."""
    hours_per_week: float
    formats: str
    post_label: str | None = None
    """Posts here are this (a job post, ...), outside the content mix."""


class PostingPlan(_Out):
    """The cadence on every recommended platform, fitted to the team's hours."""

    platforms: list[PlatformCadence]
    hours_needed: float
    """Hours a week the knowledge base's cadence would take."""
    hours_available: float
    """Team hours a week left for making posts."""
    scaled: bool
    over_capacity: bool
    """Even the minimum cadence needs more hours than the team has."""

    @property
    def posts_per_week(self) -> float:
        """Posts a week that follow the content mix, across all platforms."""
        return sum(p.posts_per_week for p in self.platforms if p.post_label is None)


class PillarShare(_Out):
    """One content pillar with its share of posts."""

    id: str
    name: str
    description: str
    share: float
    promotional: bool
    posts_per_month: int


class ContentMix(_Out):
    """The content mix and how many posts a month each pillar gets."""

    pillars: list[PillarShare]
    posts_per_month: int
    promotional_share: float
    promotional_max: float


class CalendarPost(_Out):
    """A week's posts on one platform, as content pillars."""

    platform: str
    name: str
    pillars: list[str]


class CalendarWeek(_Out):
    """One week of the first month's content calendar."""

    week: int
    start: dt.date
    end: dt.date
    posts: list[CalendarPost]
    milestones: list[str]
    event: bool


class MonthPlan(_Out):
    """One month of the plan (or, grouped, a run of identical months): phases, focus, tactics."""

    month: int
    last: int
    """The last month of a group of identical months (``month`` when on its own)."""
    start: dt.date
    end: dt.date
    phases: list[PhaseId]
    phase_names: list[str]
    focus: list[str]
    tactics: list[str]
    event_date: dt.date | None
    weight: float
    """The month's share of the paid budget relative to an ordinary month (media flights)."""


def posting_plan(rec: Recommendation, kb: KnowledgeBase, team_hours: float) -> PostingPlan:
    """Posts a week per platform, scaled down to the team's hours when they are short."""
    posting = kb.planning.posting
    rules = [(p, kb.planning.posting_rule(p.id, kb.platforms[p.id].kind)) for p in rec.platforms]
    needed = sum(r.posts_per_week * r.hours_per_post for _p, r in rules)
    available = team_hours * posting.content_share_of_hours.value
    factor = min(1.0, available / needed) if needed else 1.0
    minimum = posting.min_posts_per_week.value
    out = []
    for platform, rule in rules:
        posts = rule.posts_per_week
        if factor < 1:
            posts = max(min(minimum, posts), math.floor(posts * factor * 2 + 0.5) / 2)
        out.append(
            PlatformCadence(
                platform=platform.id,
                name=platform.name,
                posts_per_week=posts,
                planned_per_week=rule.posts_per_week,
                hours_per_week=round(posts * rule.hours_per_post, 1),
                formats=pick(rule.formats),
                post_label=pick(rule.post_label) if rule.post_label else None,
            )
        )
    return PostingPlan(
        platforms=out,
        hours_needed=round(needed, 1),
        hours_available=round(available, 1),
        scaled=factor < 1,
        over_capacity=sum(p.hours_per_week for p in out) > available + 0.05,
    )


def largest_remainder(total: int, shares: Sequence[float], capped: Sequence[bool]) -> list[int]:
    """Split ``total`` items by ``shares``; capped shares are never rounded up."""
    exact = [total * s / sum(shares) for s in shares] if sum(shares) else [0.0] * len(shares)
    counts = [math.floor(x) for x in exact]
    order = sorted(range(len(shares)), key=lambda i: (capped[i], -(exact[i] - counts[i]), i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def content_mix(kb: KnowledgeBase, posts_per_week: float) -> ContentMix:
    """The content pillars with their share of an average month's posts."""
    pillars = kb.planning.content_pillars
    per_month = round(posts_per_week * 52 / 12)
    counts = largest_remainder(
        per_month, [p.share for p in pillars], [p.promotional for p in pillars]
    )
    return ContentMix(
        pillars=[
            PillarShare(
                id=p.id,
                name=pick(p.name),
                description=pick(p.description),
                share=p.share,
                promotional=p.promotional,
                posts_per_month=n,
            )
            for p, n in zip(pillars, counts, strict=True)
        ],
        posts_per_month=per_month,
        promotional_share=sum(p.share for p in pillars if p.promotional),
        promotional_max=kb.planning.promotional_share_max.value,
    )


def _spread(counts: Sequence[int]) -> list[int]:
    """Indexes in an order that spreads each one evenly (smooth weighted round-robin)."""
    credit = [0] * len(counts)
    total = sum(counts)
    order = []
    for _slot in range(total):
        credit = [c + n for c, n in zip(credit, counts, strict=True)]
        best = max(range(len(counts)), key=lambda i: (credit[i], -i))
        credit[best] -= total
        order.append(best)
    return order


def first_month(
    posting: PostingPlan,
    mix: ContentMix,
    frame: Timeframe,
    milestones: Sequence[str],
    event_date: dt.date | None,
    closing: str | None,
) -> list[CalendarWeek]:
    """Week by week posts of month 1, the pillars spread evenly, with the month's milestones."""
    first, last = frame.month_start(1), frame.month_end(1)
    weeks: list[tuple[dt.date, dt.date]] = []
    day = first
    while day <= last:
        weeks.append((day, min(day + dt.timedelta(days=6), last)))
        day += dt.timedelta(days=7)
    per_platform: list[list[int]] = []
    for cadence in posting.platforms:
        done, counts = 0, []
        for _start, end in weeks:
            due = math.floor(cadence.posts_per_week * ((end - first).days + 1) / 7 + 0.5)
            counts.append(due - done)
            done = due
        per_platform.append(counts)
    total = sum(
        sum(c) for c, p in zip(per_platform, posting.platforms, strict=True) if not p.post_label
    )
    pillar_counts = largest_remainder(
        total, [p.share for p in mix.pillars], [p.promotional for p in mix.pillars]
    )
    sequence = iter(_spread(pillar_counts))
    out = []
    for w, (start, end) in enumerate(weeks):
        posts = [
            CalendarPost(
                platform=cadence.platform,
                name=cadence.name,
                pillars=[
                    cadence.post_label or mix.pillars[next(sequence)].name
                    for _post in range(counts[w])
                ],
            )
            for cadence, counts in zip(posting.platforms, per_platform, strict=True)
        ]
        notes = list(milestones) if w == 0 else []
        if closing and w == len(weeks) - 1:
            notes.append(closing)
        out.append(
            CalendarWeek(
                week=w + 1,
                start=start,
                end=end,
                posts=posts,
                milestones=notes,
                event=event_date is not None and start <= event_date <= end,
            )
        )
    return out


def month_phases(frame: Timeframe, event_month: int | None, build_up: int) -> list[list[PhaseId]]:
    """Each month's phases: set-up first, build-up and launch around the event, review last."""
    out: list[list[PhaseId]] = []
    for month in range(1, frame.months + 1):
        phases: list[PhaseId] = ["setup"] if month == 1 else []
        if event_month is not None and month == event_month:
            phases.append("launch")
        elif event_month is not None and event_month - build_up <= month < event_month:
            phases.append("build_up")
        if month == frame.months and frame.months >= 3 and not phases:
            phases.append("review")
        out.append(phases or ["grow"])
    return out


def month_plan(
    rec: Recommendation, kb: KnowledgeBase, frame: Timeframe, event_date: dt.date | None
) -> list[MonthPlan]:
    """The month-by-month plan: phases, focus, the recommended tactics each month leans on."""
    event_month = frame.month_of(event_date) if event_date else None
    phases = month_phases(frame, event_month, int(kb.planning.build_up_months.value))
    flight = kb.planning.media.flight_weight.value
    picked = [_month_tactics(rec.tactics, kb, p) for p in phases]
    unplaced = [t for t in rec.tactics if not any(t.name in names for names in picked)]
    if unplaced:  # a recommended tactic none of this plan's phases lists: run it in growth months
        growth = [i for i, p in enumerate(phases) if "grow" in p] or [len(phases) - 1]
        for i in growth:
            picked[i] += [t.name for t in unplaced]
    return [
        MonthPlan(
            month=m,
            last=m,
            start=frame.month_start(m),
            end=frame.month_end(m),
            phases=ph,
            phase_names=[pick(kb.planning.phase(p).name) for p in ph],
            focus=[pick(kb.planning.phase(p).focus) for p in ph],
            tactics=picked[m - 1],
            event_date=event_date if event_month == m else None,
            weight=flight if {"build_up", "launch"} & set(ph) else 1.0,
        )
        for m, ph in enumerate(phases, 1)
    ]


def _month_tactics(
    tactics: Sequence[TacticRec], kb: KnowledgeBase, phases: list[PhaseId]
) -> list[str]:
    wanted = {t for p in phases for t in kb.planning.phase(p).tactics}
    return [t.name for t in tactics if t.id in wanted]


def group_months(months: Sequence[MonthPlan]) -> list[MonthPlan]:
    """Runs of identical months as one row ("months 3-18: grow and test"), for reading."""
    out: list[MonthPlan] = []
    for m in months:
        prev = out[-1] if out else None
        same = prev is not None and (prev.phases, prev.tactics, prev.weight) == (
            m.phases,
            m.tactics,
            m.weight,
        )
        if prev is not None and same and prev.event_date is None and m.event_date is None:
            out[-1] = prev.model_copy(update={"last": m.last, "end": m.end})
        else:
            out.append(m)
    return out
