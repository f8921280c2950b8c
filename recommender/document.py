"""The strategy document's content: everything the templates lay out, ready to read.

:func:`build_document` turns a recommendation, its intake and the knowledge base into a
:class:`StrategyDocument`. Sentences are composed here (through the i18n layer) so that the
Markdown, HTML, PDF and DOCX drafts say the same thing; templates add headings and layout.
"""

from __future__ import annotations

import datetime as dt

from recommender import document_text as text
from recommender.document_model import Provenance, Row, StrategyDocument
from recommender.formatting import as_typed, semicolon
from recommender.intake import Intake
from recommender.knowledge import KnowledgeBase
from recommender.measurement import reviews, scorecard
from recommender.mediaplan import media_plan
from recommender.planning import (
    content_mix,
    first_month,
    group_months,
    month_plan,
    posting_plan,
)
from recommender.recommendation import Recommendation
from recommender.smart import kpi_row, smart_goal
from recommender.targets import kpi_target
from recommender.timeframe import Timeframe


def build_document(
    rec: Recommendation,
    intake: Intake,
    kb: KnowledgeBase,
    *,
    intake_file: str,
    intake_digest: str,
    date: dt.date,
) -> StrategyDocument:
    """The strategy document for one recommendation."""
    r = intake.resources
    frame = Timeframe(r.start_date or date, r.timeframe_months)
    # targets look at most target_horizon_months ahead; the reviews set the next ones
    horizon = Timeframe(
        frame.start, min(frame.months, int(kb.planning.target_horizon_months.value))
    )
    paid = r.monthly_ad_budget > 0
    goals = []
    taken: set[str] = set()
    for goal in rec.goals:
        goal_frame, due = _goal_horizon(kb.goals[goal.id].due, horizon, r.event_date)
        targets = [
            kpi_target(
                kb.kpis[k.id],
                kb.targets[k.id],
                k.baseline,
                _stated(intake, kb, k.id),
                goal_frame.months,
                paid,
            )
            for k in goal.kpis
        ]
        rows = [kpi_row(kb, k, t, r.currency) for k, t in zip(goal.kpis, targets, strict=True)]
        serving = [p.name for p in rec.platforms if goal.id in p.goals]
        goals.append(
            smart_goal(kb, goal, targets, rows, goal_frame, r.currency, serving, taken, due)
        )
    posting = posting_plan(rec, kb, r.team_hours_per_week)
    mix = content_mix(kb, posting.posts_per_week)
    months = month_plan(rec, kb, frame, r.event_date)
    media = media_plan(rec, kb, r.monthly_ad_budget, r.currency, months, posting)
    setup = [t.name for t in rec.tactics if t.id in kb.planning.phase("setup").tactics]
    needs_baseline = any(t.indexed for g in goals for t in g.targets)
    calendar = first_month(
        posting,
        mix,
        frame,
        setup,
        r.event_date,
        text.baseline_milestone() if needs_baseline else None,
    )
    language = rec.meta.language
    why = text.why_entries(rec, kb)
    assumptions = text.assumptions(kb, rec, goals, posting, frame, r.start_date is None)
    return StrategyDocument(
        title=text.title(as_typed(rec.client)),
        client=as_typed(rec.client),
        provenance=Provenance(
            goalrec_version=rec.meta.goalrec_version,
            knowledge_base=rec.meta.knowledge_base,
            knowledge_base_version=rec.meta.knowledge_base_version,
            knowledge_base_digest=rec.meta.knowledge_base_digest,
            intake_file=intake_file,
            intake_digest=intake_digest,
            date=date,
            language=language,
            direction="rtl" if language == "fa" else "ltr",
            command=text.command(intake_file, date, language),
        ),
        summary=text.summary(rec, goals, frame, media, months),
        situation=text.situation_rows(intake, kb),
        start=frame.start,
        end=frame.end,
        months=frame.months,
        target_date=horizon.end,
        goals=goals,
        platforms=text.platform_rows(rec),
        excluded_platforms=[
            Row(label=p.name, value=semicolon().join(x.text for x in p.reasons))
            for p in rec.excluded_platforms
        ],
        tactics=text.tactic_rows(rec, kb),
        posting=posting,
        content_mix=mix,
        calendar=calendar,
        month_plan=group_months(months),
        event_date=r.event_date,
        media=media,
        audience=text.audience_sections(intake, rec),
        brand=text.brand_sections(intake),
        scorecard=scorecard(rec, kb),
        risks=text.risks(
            rec, goals, posting, media, frame, horizon, r.event_date, r.start_date is None
        ),
        reviews=reviews(rec, kb),
        why=why,
        assumptions=assumptions,
        sources=text.sources(kb, [w.source for w in why] + [a.source for a in assumptions]),
    )


def _stated(intake: Intake, kb: KnowledgeBase, kpi_id: str) -> float | None:
    key = kb.kpis[kpi_id].baseline
    value = getattr(intake.targets, key) if key else None
    return float(value) if value is not None else None


def _goal_horizon(
    due: str, horizon: Timeframe, event_date: dt.date | None
) -> tuple[Timeframe, dt.date | None]:
    """The months a goal's targets run over, and its due day when that is not their end.

    A goal due on the event (registrations count until the doors open) runs to the event's
    month. An event in month 1 leaves no month to measure a baseline and then improve on
    it, so such a goal keeps the usual horizon; the risks already flag the short run-up.
    """
    if due != "event_date" or event_date is None:
        return horizon, None
    month = horizon.month_of(event_date)
    if month is None or month < 2 or month > horizon.months:
        return horizon, None
    return Timeframe(horizon.start, month), event_date
