"""The document's plans: cadence, content mix, calendar, months, media, scorecard, prompts."""

import copy
import datetime as dt
import itertools
from typing import Any

import pytest

from recommender import api
from recommender.document import build_document
from recommender.document_model import StrategyDocument
from recommender.intake_file import validate_intake
from recommender.knowledge import KnowledgeBase


def document(kb: KnowledgeBase, data: dict[str, Any]) -> StrategyDocument:
    intake = validate_intake(data, "test.yaml", kb)
    return build_document(
        api.recommend(intake, kb),
        intake,
        kb,
        intake_file="test.yaml",
        intake_digest="0" * 64,
        date=dt.date(2026, 12, 1),
    )


def with_(data: dict[str, Any], **changes: Any) -> dict[str, Any]:
    out = copy.deepcopy(data)
    for path, value in changes.items():
        *parents, key = path.split("__")
        node = out
        for parent in parents:
            node = node.setdefault(parent, {})
        node[key] = value
    return out


@pytest.fixture
def mekong(kb: KnowledgeBase, example_data: dict[str, Any]) -> StrategyDocument:
    return document(kb, example_data)


def test_cadence_is_cut_to_the_teams_hours(kb: KnowledgeBase, example_data: dict[str, Any]) -> None:
    roomy = document(kb, with_(example_data, resources__team_hours_per_week=200))
    assert not roomy.posting.scaled
    assert all(p.posts_per_week == p.planned_per_week for p in roomy.posting.platforms)
    tight = document(kb, with_(example_data, resources__team_hours_per_week=12))
    assert tight.posting.scaled
    assert tight.posting.hours_available == pytest.approx(
        12 * kb.planning.posting.content_share_of_hours.value
    )
    assert any(p.posts_per_week < p.planned_per_week for p in tight.posting.platforms)
    minimum = kb.planning.posting.min_posts_per_week.value
    assert all(
        p.posts_per_week >= min(minimum, p.planned_per_week) for p in tight.posting.platforms
    )
    if tight.posting.over_capacity:
        assert any("drop a platform or add hours" in r.message for r in tight.risks)


def test_promotional_posts_stay_at_or_below_the_maximum(
    mekong: StrategyDocument, kb: KnowledgeBase
) -> None:
    maximum = kb.planning.promotional_share_max.value
    promo = [p.name for p in mekong.content_mix.pillars if p.promotional]
    assert mekong.content_mix.promotional_share <= maximum
    assert (
        sum(p.posts_per_month for p in mekong.content_mix.pillars)
        == mekong.content_mix.posts_per_month
    )
    posts = [
        pillar
        for week in mekong.calendar
        for cell in week.posts
        for pillar in cell.pillars
        if pillar in {p.name for p in mekong.content_mix.pillars}
    ]
    assert posts and sum(p in promo for p in posts) <= len(posts) * maximum / 100


def test_first_month_calendar_covers_month_1(mekong: StrategyDocument) -> None:
    weeks = mekong.calendar
    assert weeks[0].start == mekong.start == dt.date(2027, 1, 4)
    assert weeks[-1].end == dt.date(2027, 2, 3)
    assert all(b.start - a.end == dt.timedelta(days=1) for a, b in itertools.pairwise(weeks))
    assert weeks[0].milestones  # set-up work starts in week 1
    assert {c.name for c in weeks[0].posts} == {p.name for p in mekong.platforms}
    assert any("Job post" in c.pillars for w in weeks for c in w.posts)  # outside the mix


def test_month_plan_places_the_event(mekong: StrategyDocument) -> None:
    months = mekong.month_plan
    assert [(m.month, m.last) for m in months] == [(1, 1), (2, 2), (3, 5), (6, 6)]  # 3-5 alike
    assert months[2].phases == ["grow"] and months[2].end == dt.date(2027, 6, 3)
    assert months[0].phases[0] == "setup"
    launch = [m for m in months if m.event_date]
    assert [m.month for m in launch] == [2] and launch[0].event_date == dt.date(2027, 2, 15)
    assert "launch" in launch[0].phases and "build_up" in months[0].phases
    assert months[-1].phases == ["review"]
    placed = {t for m in months for t in m.tactics}
    assert placed == {t.name for t in mekong.tactics}  # every tactic runs some month


def test_no_event_no_launch(kb: KnowledgeBase, example_data: dict[str, Any]) -> None:
    data = with_(example_data, situations=["low_engagement"])
    del data["resources"]["event_date"]
    del data["resources"]["open_positions"]
    months = document(kb, data).month_plan
    assert not any({"launch", "build_up"} & set(m.phases) for m in months)


def test_media_plan_is_sized_to_the_budget(mekong: StrategyDocument, kb: KnowledgeBase) -> None:
    media = mekong.media
    assert media.total_budget == 15_000_000 * 6
    assert sum(media.by_month) == pytest.approx(media.total_budget)
    flight = kb.planning.media.flight_weight.value
    step = 100_000  # three significant figures of 90,000,000
    assert abs(media.by_month[1] - media.by_month[3] * flight) <= step  # launch month
    for amount in [*media.by_month[1:], *(p.total for p in media.by_platform[1:])]:
        assert amount % step == 0, amount  # round amounts, as a strategist writes them
    assert len({round(m) for m in media.by_month[2:]}) == 1  # equal months stay equal
    placed = media.total_budget * (1 - media.test_share / 100)
    assert sum(p.total for p in media.by_platform) == pytest.approx(placed)
    assert sum(t.total for t in media.by_tactic) == pytest.approx(placed)
    assert [line.media for line in media.lines] == ["paid", "owned", "earned"]


def test_paid_budget_goes_to_platforms_that_serve_a_goal(kb: KnowledgeBase) -> None:
    from recommender.cases import load_case
    from recommender.recommendation import PlatformRec

    from .conftest import REPO

    intake = load_case(REPO / "cases" / "iran-online-store-paid.yaml", kb).intake
    rec = api.recommend(intake, kb)
    # a platform in the plan that serves none of its goals (e.g. a market's leading network
    # kept for continuity) must not take a share of the paid budget
    idle = PlatformRec(id="rubika", name="Rubika", score=20, role="r", reasons=[], paid=True)
    rec = rec.model_copy(update={"platforms": [*rec.platforms, idle]})
    doc = build_document(
        rec, intake, kb, intake_file="x", intake_digest="0", date=dt.date(2026, 12, 1)
    )
    assert {p.id for p in doc.media.by_platform} == {
        p.id for p in rec.platforms if p.paid and p.goals
    }


def test_zero_budget_is_organic_only(kb: KnowledgeBase, example_data: dict[str, Any]) -> None:
    doc = document(kb, with_(example_data, resources__monthly_ad_budget=0))
    assert doc.media.organic_only and doc.media.total_budget == 0
    assert [line.media for line in doc.media.lines] == ["owned", "earned"]
    assert not doc.media.by_platform and not any(t.media == "paid" for t in doc.tactics)


def test_scorecard_weights_follow_the_program_type(
    mekong: StrategyDocument, kb: KnowledgeBase
) -> None:
    for program in mekong.scorecard:
        weights = {line.component: line.weight for line in program.lines}
        assert weights == kb.planning.scorecard.weights[program.program_type]  # type: ignore[index]
        if program.program_type == "awareness":
            assert weights["reach"] + weights["influence"] > weights["conversion"]
        if program.program_type == "direct_response":
            assert weights["conversion"] == max(weights.values())
        for line in program.lines:
            assert line.kpis or line.suggested  # every component is measured by something


def test_intake_text_fills_the_sections_else_a_prompt(
    kb: KnowledgeBase, example_data: dict[str, Any]
) -> None:
    bare = document(kb, example_data)
    assert all(part.prompt and not part.items for part in bare.brand)
    given = with_(
        example_data,
        audience__segments=["office workers who grab coffee on the way", "weekend cafe hoppers"],
        audience__insight="Good coffee is the one calm moment of a busy day.",
        brand__tone_of_voice="warm, knowledgeable, never pushy",
    )
    doc = document(kb, given)
    parts = {p.title: p for p in doc.audience + doc.brand}
    assert (
        parts["Audience segments"].items == given["audience"]["segments"]
        and parts["Audience segments"].prompt is None
    )
    assert parts["Consumer insight"].items == [given["audience"]["insight"]]
    assert parts["Tone of voice"].items == ["warm, knowledgeable, never pushy"]
    assert parts["Behaviour trends"].prompt  # the intake has nothing for it


def test_goals_are_smart_statements_with_a_number_and_a_date(mekong: StrategyDocument) -> None:
    for goal in mekong.goals:
        end = "15 Feb 2027" if goal.id == "event_promotion" else "3 Jul 2027"  # the launch
        assert end in goal.statement and any(ch.isdigit() for ch in goal.statement.replace(end, ""))
        assert [row.label for row in goal.smart] == [
            "Specific",
            "Measurable",
            "Attainable",
            "Relevant",
            "Time-bound",
        ]
    engagement = next(g for g in mekong.goals if g.id == "community_engagement")
    assert engagement.statement.startswith("Raise engagement rate by reach (ERR) from 1.4 % to")
    recruiting = next(g for g in mekong.goals if g.id == "recruiting")
    assert recruiting.statement.startswith(
        "Establish the qualified applications baseline in month 1"
    )
    assert "provisional" in recruiting.statement
    assert len({g.statement for g in mekong.goals}) == len(mekong.goals)


def test_a_stated_target_beyond_attainable_is_a_risk(
    kb: KnowledgeBase, example_data: dict[str, Any]
) -> None:
    doc = document(kb, with_(example_data, targets__monthly_reach=2_000_000))
    flagged = [r.message for r in doc.risks if "Post reach" in r.message]
    assert flagged and "attainable" in flagged[0]
    row = next(k for g in doc.goals for k in g.kpis if k.id == "reach")
    assert row.target == "2,000,000 a month" and row.note == "the client's target" and row.flag


def test_why_appendix_cites_sources_and_skips_noise(
    mekong: StrategyDocument, kb: KnowledgeBase
) -> None:
    assert mekong.why and all(w.source and w.source_title for w in mekong.why)
    assert not any(w.rule.startswith("regional.") for w in mekong.why)
    assert any(w.rule == "situation.hiring" and "situations: hiring" in w.facts for w in mekong.why)
    cited = {s.id for s in mekong.sources}
    assert {a.source.split(":")[0] for a in mekong.assumptions} <= cited | {"this document"}


def test_why_appendix_names_only_networks_that_could_bear_on_the_plan(kb: KnowledgeBase) -> None:
    from recommender.cases import load_case

    from .conftest import REPO

    path = REPO / "cases" / "iran-online-store-paid.yaml"
    intake = load_case(path, kb).intake
    rec = api.recommend(intake, kb)
    doc = build_document(
        rec, intake, kb, intake_file="x", intake_digest="0", date=dt.date(2026, 12, 1)
    )
    effects = [e for w in doc.why for e in w.effects]
    assert any("Rubika" in e for e in effects)  # Iran's own networks stay
    for elsewhere in ("Douyin", "Zalo", "WeChat", "TopCV"):  # other markets' networks go
        assert not any(elsewhere in e for e in effects), elsewhere
        assert any(elsewhere in e for t in rec.trace for e in t.effects)  # the trace keeps them
    assert all(w.effects for w in doc.why if kb.rule_index[w.rule].effects)


def test_a_goal_due_on_the_event_runs_to_the_event(
    mekong: StrategyDocument, kb: KnowledgeBase, example_data: dict[str, Any]
) -> None:
    # Mekong starts on 4 Jan 2027 and launches on 15 Feb 2027, in plan month 2
    assert kb.goals["event_promotion"].due == "event_date"
    event = next(g for g in mekong.goals if g.id == "event_promotion")
    assert "15 Feb 2027" in event.statement and "15 Feb 2027" in (event.due_note or "")
    assert all(len(t.path) == 3 for t in event.targets)  # months 0..2, not the whole horizon
    others = [g for g in mekong.goals if g.id != "event_promotion"]
    assert others and all(g.due_note is None and "15 Feb 2027" not in g.statement for g in others)
    assert all(len(t.path) == 7 for g in others for t in g.targets)
    # an event in month 1 leaves no time to measure and then improve: the usual horizon
    soon = document(kb, with_(example_data, resources__event_date="2027-01-20"))
    event = next(g for g in soon.goals if g.id == "event_promotion")
    assert event.due_note is None and all(len(t.path) == 7 for t in event.targets)


def test_no_goal_is_stated_as_a_kpi_the_plan_only_watches(kb: KnowledgeBase) -> None:
    # competitor mentions are reported, not targeted: "keep them at 0" is no SMART goal
    from recommender.cases import load_case

    from .conftest import REPO

    stated = 0
    for path in sorted((REPO / "cases").glob("*.yaml")):
        intake = load_case(path, kb).intake
        doc = api.strategy_document(intake, kb, path, dt.date(2026, 12, 1))
        for goal in doc.goals:
            watched = [t.change == "level" and not t.stated and not t.target for t in goal.targets]
            if all(watched):
                continue
            stated += 1
            assert "at 0 or better" not in goal.statement, (path.name, goal.statement)
    assert stated > 100
