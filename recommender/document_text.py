"""The strategy document's sentences and rows, composed once for every format.

Interface wording goes through :func:`recommender.i18n._`; knowledge-base text through
:func:`recommender.i18n.pick`. Intake text is passed through as typed: escaping belongs to
each format's renderer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from recommender.document_model import (
    Assumption,
    PlatformRow,
    Prompted,
    Risk,
    Row,
    SmartGoal,
    SourceRow,
    TacticRow,
    WhyEntry,
)
from recommender.explain import fact_line
from recommender.formatting import (
    as_typed,
    date,
    join_and,
    listing,
    localized_digits,
    money,
    number,
    percent,
    semicolon,
)
from recommender.formatting import months as months_text
from recommender.i18n import N_, _, get_calendar, ngettext, pick
from recommender.intake import Intake
from recommender.knowledge import KnowledgeBase
from recommender.localize import country, language_name
from recommender.mediaplan import MediaPlan
from recommender.planning import MonthPlan, PostingPlan
from recommender.recommendation import Recommendation
from recommender.rulebook import ExcludePlatformEffect, PlatformEffect
from recommender.smart import in_sentence, pace_text, sentence
from recommender.timeframe import Timeframe
from recommender.wording import MODELS, SITUATIONS

SEVERITY_ORDER = {"caution": 0, "warning": 1, "info": 2}
SEVERITY = {"caution": N_("caution"), "warning": N_("warning"), "info": N_("info")}
MEDIA = {"paid": N_("paid"), "owned": N_("owned"), "earned": N_("earned")}
# the platform kinds of the catalogue, as the document names them
PLATFORM_KINDS = {
    "social": N_("social"),
    "video": N_("video"),
    "messaging": N_("messaging"),
    "professional": N_("professional"),
    "visual": N_("visual"),
    "audio": N_("audio"),
    "job_board": N_("job board"),
    "community": N_("community"),
}


def title(client: str) -> str:
    """The document's title."""
    return _("Social media strategy for {client}").format(client=client)


def command(intake_file: str, day: dt.date, language: str) -> str:
    """The command that regenerates this draft.

    It names the language even when it is English: without ``--lang`` goalrec would follow
    the intake's working language, which need not be the one this draft is in.
    """
    options = f" --lang {language}"
    if language == "fa" and get_calendar() == "gregorian":
        options += " --calendar gregorian"
    return f"goalrec{options} recommend {intake_file} --date {day.isoformat()}"


def baseline_milestone() -> str:
    """The end-of-month-1 note when some KPIs had no baseline."""
    return _("Record the month-1 baselines and turn the provisional targets into numbers.")


def _posts(posts: float, hours: float) -> str:
    return ngettext(
        "{posts} post a week, {hours} h each",
        "{posts} posts a week, {hours} h each",
        1 if posts == 1 else 2,
    ).format(posts=number(posts), hours=number(hours))


def _yes(value: bool) -> str:
    return _("yes") if value else _("no")


def _list(items: Sequence[str]) -> str:
    return listing(items) if items else _("none given")


def situation_rows(intake: Intake, kb: KnowledgeBase) -> list[Row]:
    """The client's situation exactly as the intake gives it."""
    b, a, r = intake.business, intake.audience, intake.resources
    platform = f" ({as_typed(b.commerce_platform)})" if b.commerce_platform else ""
    store = _yes(b.has_online_store) + platform
    rows = [
        Row(label=_("Business"), value=as_typed(b.name)),
        Row(label=_("Industry"), value=as_typed(b.industry)),
        Row(label=_("Sells to"), value=_(MODELS[b.model])),
        Row(label=_("Based in"), value=country(b.country)),
        Row(label=_("Markets"), value=listing(country(m) for m in b.all_markets)),
        Row(label=_("Working language"), value=language_name(b.language)),
        Row(label=_("Competitors"), value=_list([as_typed(c) for c in b.competitors])),
        Row(label=_("Website"), value=_yes(b.has_website)),
        Row(label=_("Online store"), value=store),
        Row(label=_("Customer data in a CRM"), value=_yes(b.has_crm)),
        Row(label=_("Audience"), value=as_typed(a.description or "") or _("not described")),
        Row(label=_("Audience ages"), value=_list([localized_digits(r) for r in a.age_ranges])),
        Row(
            label=_("Situations"),
            value=_list([_(SITUATIONS[s]) for s in intake.situations]),
        ),
    ]
    for p in intake.platforms:
        numbers = []
        if p.followers is not None:
            numbers.append(_("{n} followers").format(n=number(p.followers)))
        if p.engagement_rate_pct is not None:
            numbers.append(_("engagement {rate}").format(rate=percent(p.engagement_rate_pct)))
        if p.monthly_reach is not None:
            numbers.append(_("reach {n} a month").format(n=number(p.monthly_reach)))
        if p.handle:
            numbers.append(as_typed(p.handle))
        name = pick(kb.platforms[p.id].name)
        rows.append(
            Row(label=_("Active on {platform}").format(platform=name), value=_list(numbers))
        )
    for key, value in intake.baselines.given().items():
        label = _(kb.fields[f"baselines.{key}"].label)
        rows.append(Row(label=_("Baseline: {what}").format(what=label), value=number(value)))
    for key, value in intake.targets.given().items():
        label = _(kb.fields[f"baselines.{key}"].label)
        rows.append(Row(label=_("Client's target: {what}").format(what=label), value=number(value)))
    budget = (
        money(r.monthly_ad_budget, r.currency) if r.monthly_ad_budget else _("none (organic only)")
    )
    rows += [
        Row(label=_("Ad budget a month"), value=budget),
        Row(label=_("Team hours a week"), value=number(r.team_hours_per_week)),
        Row(label=_("Timeframe"), value=months_text(r.timeframe_months)),
        Row(label=_("Start date"), value=date(r.start_date) if r.start_date else _("not given")),
    ]
    if r.event_date:
        rows.append(Row(label=_("Event or launch date"), value=date(r.event_date)))
    if r.open_positions:
        rows.append(Row(label=_("Open positions"), value=number(r.open_positions)))
    return rows


def summary(
    rec: Recommendation,
    goals: Sequence[SmartGoal],
    frame: Timeframe,
    media: MediaPlan,
    months: Sequence[MonthPlan],
) -> list[str]:
    """The executive summary, a few paragraphs a client reads first."""
    primary = [in_sentence(g.name) for g in goals if g.primary]
    out = [
        _(
            "This draft plans {months} months of social media for {client}, from {start} to "
            "{end}. It puts {goals} first."
        ).format(
            months=frame.months,
            client=as_typed(rec.client),
            start=date(frame.start),
            end=date(frame.end),
            goals=join_and(primary) if primary else _("no single goal"),
        )
    ]
    if goals:
        out.append(_("The headline target: {statement}").format(statement=goals[0].statement))
    if rec.platforms:
        lead = [f"{p.name}: {p.role}" for p in rec.platforms[:3]]
        out.append(_("Lead platforms: {platforms}.").format(platforms=semicolon().join(lead)))
    if media.organic_only:
        out.append(_("There is no ad budget, so the plan is organic only: owned and earned media."))
    else:
        out.append(
            _("Paid media: {monthly} a month, {total} over the plan.").format(
                monthly=money(media.monthly_budget, media.currency),
                total=money(media.total_budget, media.currency),
            )
        )
    event = next((m for m in months if m.event_date), None)
    if event and event.event_date:
        out.append(
            _(
                "The event or launch on {date} falls in month {month}; promotion builds up to it."
            ).format(date=date(event.event_date), month=event.month)
        )
    provisional = sum(1 for g in goals for t in g.targets if t.indexed and not t.stated)
    if provisional:
        out.append(
            _(
                "{n} KPIs have no baseline yet: month 1 measures them, and their targets stay "
                "provisional until then."
            ).format(n=provisional)
        )
    serious = [w for w in rec.warnings if w.severity in ("caution", "warning")]
    if serious:
        out.append(
            _(
                "{n} points need the strategist's attention before this goes to the client "
                "(see Risks)."
            ).format(n=len(serious))
        )
    return out


def platform_rows(rec: Recommendation) -> list[PlatformRow]:
    """The ranked platforms."""
    names = {g.id: g.name for g in rec.goals}
    rows = []
    for i, p in enumerate(rec.platforms, 1):
        if p.paid:
            paid = _("yes")
        elif p.paid_note:
            paid = _("no: {why}").format(why=semicolon().join(r.text for r in p.paid_note))
        else:
            paid = _("no")
        rows.append(
            PlatformRow(
                rank=i,
                id=p.id,
                name=p.name,
                score=p.score,
                role=p.role,
                reasons=[sentence(r.text) for r in p.reasons],
                paid=paid,
                active=p.active,
                goals=[names[g] for g in p.goals if g in names],
            )
        )
    return rows


def tactic_rows(rec: Recommendation, kb: KnowledgeBase) -> list[TacticRow]:
    """The recommended tactics with what they are and what they serve."""
    names = {g.id: g.name for g in rec.goals}
    return [
        TacticRow(
            name=t.name,
            media=_(MEDIA[t.media]),
            description=pick(kb.tactics[t.id].description),
            goals=[names[g] for g in t.goals],
        )
        for t in rec.tactics
    ]


def _prompted(title: str, given: Sequence[str] | str | None, prompt: str) -> Prompted:
    items = [as_typed(x) for x in ([given] if isinstance(given, str) else list(given or []))]
    return Prompted(title=title, items=items, prompt=None if items else prompt)


def audience_sections(intake: Intake, rec: Recommendation) -> list[Prompted]:
    """Segments, trends, media, drivers, barriers and insight: from the intake or a prompt."""
    a = intake.audience
    platforms = listing(p.name for p in rec.platforms) or _("the recommended platforms")
    split = _(
        "Split the audience into 2-4 segments and profile each: who they are, what they "
        "need, what they care about."
    )
    if a.description:  # the strategist starts from what the client said
        ages = _list([localized_digits(r) for r in a.age_ranges])
        given = _("The intake describes the audience as “{description}” (ages {ages}).")
        split = f"{given.format(description=as_typed(a.description), ages=ages)} {split}"
    return [
        _prompted(_("Audience segments"), a.segments, split),
        _prompted(
            _("Behaviour trends"),
            None,
            _("Describe the trends in how each segment discovers, compares and buys."),
        ),
        _prompted(
            _("Media consumption"),
            None,
            _(
                "Confirm which networks, sites and times each segment uses; this draft assumes "
                "{platforms}."
            ).format(platforms=platforms),
        ),
        _prompted(
            _("Drivers"),
            a.drivers,
            _("List what makes the audience choose the product."),
        ),
        _prompted(
            _("Barriers"),
            a.barriers,
            _("List what stops the audience from buying, and how content can answer it."),
        ),
        _prompted(
            _("Consumer insight"),
            a.insight,
            _(
                "Write the consumer insight in one or two sentences: a deep need the brand "
                "can meet."
            ),
        ),
    ]


def brand_sections(intake: Intake) -> list[Prompted]:
    """The brand's role, tone of voice and who answers what: from the intake or a prompt."""
    b = intake.brand
    return [
        _prompted(
            _("The brand's role"),
            b.role,
            _("Name the role the brand plays in the conversation (a guide, a friend, an expert)."),
        ),
        _prompted(
            _("Tone of voice"),
            b.tone_of_voice,
            _("Describe how the brand sounds, with three words it is and three it is not."),
        ),
        _prompted(
            _("Who answers comments and messages"),
            b.response_owner,
            _("Name who answers comments and messages, and by when."),
        ),
        _prompted(
            _("Who handles hard questions and conflicts"),
            b.escalation_owner,
            _("Name the expert who answers the hardest questions and handles conflicts."),
        ),
    ]


def risks(
    rec: Recommendation,
    goals: Sequence[SmartGoal],
    posting: PostingPlan,
    media: MediaPlan,
    frame: Timeframe,
    horizon: Timeframe,
    event_date: dt.date | None,
    start_assumed: bool,
) -> list[Risk]:
    """The recommendation's warnings and the plan's own risks, most serious first."""
    found = [(w.severity, w.message) for w in rec.warnings]
    found += [("warning", row.flag) for g in goals for row in g.kpis if row.flag]
    if posting.over_capacity:
        found.append(
            (
                "warning",
                _(
                    "Even one post a week per platform needs more than the {hours} hours a week "
                    "the team has for content: drop a platform or add hours."
                ).format(hours=number(posting.hours_available)),
            )
        )
    elif posting.scaled:
        found.append(
            (
                "info",
                _(
                    "The usual cadence would take {needed} hours a week; it is cut to fit the "
                    "{available} hours the team has for content."
                ).format(
                    needed=number(posting.hours_needed), available=number(posting.hours_available)
                ),
            )
        )
    if media.unplaced:
        found.append(
            (
                "caution",
                _(
                    "None of the recommended platforms sells ads to this client: the paid budget "
                    "needs another home (local networks, influencers) before the plan is final."
                ),
            )
        )
    if event_date and frame.month_of(event_date) not in range(1, frame.months + 1):
        found.append(
            (
                "warning",
                _("The event or launch on {date} is outside the plan's months.").format(
                    date=date(event_date)
                ),
            )
        )
    if horizon.months < frame.months:
        found.append(
            (
                "info",
                _(
                    "Targets run to {date}, the end of month {months}; the quarterly reviews set "
                    "the targets for the rest of the plan."
                ).format(date=date(horizon.end), months=horizon.months),
            )
        )
    if start_assumed:
        found.append(
            (
                "info",
                _(
                    "The intake gives no start date: the plan starts on the document's date, "
                    "{date}."
                ).format(date=date(frame.start)),
            )
        )
    found.sort(key=lambda f: SEVERITY_ORDER.get(f[0], 3))
    return [Risk(severity=s, label=_(SEVERITY.get(s, s)), message=m) for s, m in found]


def _source_title(kb: KnowledgeBase, source: str) -> str:
    ident = source.split(":", 1)[0]
    entry = kb.sources.get(ident)
    return entry.title if entry else ident


def _quiet(kb: KnowledgeBase, rule_id: str, shown: set[str]) -> bool:
    """A rule whose only effect keeps a platform the client never considered out of the plan."""
    effects = kb.rule_index[rule_id].effects
    return all(
        isinstance(e, ExcludePlatformEffect) and not e.listed and e.exclude_platform not in shown
        for e in effects
    )


def why_entries(rec: Recommendation, kb: KnowledgeBase) -> list[WhyEntry]:
    """Every rule that fired, in plain language, citing its source.

    Left out: rules that only keep regional networks out of markets they do not serve (a
    dozen lines on every plan that tell the client nothing), and, in the other rules, the
    effects on those networks (an Iranian shop's plan need not say Douyin +20): they had
    no bearing on this plan. ``goalrec explain`` and the JSON trace keep everything.
    """
    shown = {p.id for p in rec.excluded_platforms}
    quiet = {t.rule for t in rec.trace if _quiet(kb, t.rule, shown)}
    unserved = {
        e.exclude_platform
        for rule in quiet
        for e in kb.rule_index[rule].effects
        if isinstance(e, ExcludePlatformEffect)
    }

    def bearing(rule_id: str, texts: list[str]) -> list[str]:
        effects = kb.rule_index[rule_id].effects
        return [
            text
            for effect, text in zip(effects, texts, strict=True)
            if not (isinstance(effect, PlatformEffect) and effect.platform in unserved)
        ]

    entries = []
    for t in rec.trace:
        if t.rule in quiet:
            continue
        effects = bearing(t.rule, t.effects)
        if t.effects and not effects:
            continue
        entries.append(
            WhyEntry(
                rule=t.rule,
                description=t.description,
                facts=[fact_line(kb, k, v) for k, v in t.facts.items()],
                effects=effects,
                source=t.source,
                source_title=_source_title(kb, t.source),
            )
        )
    return entries


def assumptions(
    kb: KnowledgeBase,
    rec: Recommendation,
    goals: Sequence[SmartGoal],
    posting: PostingPlan,
    frame: Timeframe,
    start_assumed: bool,
) -> list[Assumption]:
    """The numbers this draft rests on, each with why and where from."""
    plan = kb.planning
    out = []
    if start_assumed:
        out.append(
            Assumption(
                what=_("Start date"),
                value=date(frame.start),
                why=_("The intake gives none; the document's date is used."),
                source=_("this document"),
            )
        )
    seen: set[str] = set()
    for goal in goals:
        for t in goal.targets:
            if t.kpi in seen:
                continue
            seen.add(t.kpi)
            a = kb.targets[t.kpi]
            out.append(
                Assumption(
                    what=_("Pace of {kpi}").format(kpi=pick(kb.kpis[t.kpi].name)),
                    value=_("{pace} a month (attainable: {attainable})").format(
                        pace=pace_text(t, t.pace if not t.stated else a.expected(False), None),
                        attainable=pace_text(t, a.attainable, None),
                    ),
                    why=pick(a.why),
                    source=a.source,
                )
            )
    kinds = {kb.platforms[p.platform].kind for p in posting.platforms}
    for kind in sorted(kinds):
        rule = plan.posting.kinds[kind]
        out.append(
            Assumption(
                what=_("Posting cadence: {kind} platforms").format(kind=_(PLATFORM_KINDS[kind])),
                value=_posts(rule.posts_per_week, rule.hours_per_post),
                why=pick(rule.why),
                source=rule.source,
            )
        )
    for pid, rule in plan.posting.platforms.items():
        if any(p.platform == pid for p in posting.platforms):
            out.append(
                Assumption(
                    what=_("Posting cadence: {platform}").format(
                        platform=pick(kb.platforms[pid].name)
                    ),
                    value=_posts(rule.posts_per_week, rule.hours_per_post),
                    why=pick(rule.why),
                    source=rule.source,
                )
            )
    settings = [
        (
            _("Team hours for content"),
            percent(plan.posting.content_share_of_hours.value * 100),
            plan.posting.content_share_of_hours,
        ),
        (
            _("Fewest posts a week per platform"),
            number(plan.posting.min_posts_per_week.value),
            plan.posting.min_posts_per_week,
        ),
        (
            _("Promotional posts at most"),
            percent(plan.promotional_share_max.value),
            plan.promotional_share_max,
        ),
        (
            _("Targets look ahead at most"),
            months_text(int(plan.target_horizon_months.value)),
            plan.target_horizon_months,
        ),
        (
            _("Build-up before an event"),
            months_text(int(plan.build_up_months.value)),
            plan.build_up_months,
        ),
    ]
    if any(p.paid for p in rec.platforms) or any(t.media == "paid" for t in rec.tactics):
        settings += [
            (
                _("Paid budget kept for tests"),
                percent(plan.media.test_share.value),
                plan.media.test_share,
            ),
            (
                _("Budget weight of build-up and launch months"),
                "× " + number(plan.media.flight_weight.value, 1),
                plan.media.flight_weight,
            ),
        ]
    out += [Assumption(what=w, value=v, why=pick(s.why), source=s.source) for w, v, s in settings]
    out.append(
        Assumption(
            what=_("Scorecard weights"),
            value=_("by program type"),
            why=pick(plan.scorecard.why),
            source=plan.scorecard.source,
        )
    )
    return out


def sources(kb: KnowledgeBase, cited: Sequence[str]) -> list[SourceRow]:
    """Every source cited in the draft, once, in the order first cited."""
    out: dict[str, SourceRow] = {}
    for source in cited:
        ident = source.split(":", 1)[0]
        entry = kb.sources.get(ident)
        if entry and ident not in out:
            out[ident] = SourceRow(id=ident, title=entry.title, url=entry.url)
    return list(out.values())
