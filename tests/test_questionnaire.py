import copy
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from recommender.errors import UserError
from recommender.i18n import language
from recommender.intake_file import read_intake
from recommender.knowledge import KnowledgeBase
from recommender.questionnaire import Prompt, Questionnaire, ReviewItem, Step
from recommender.yamlio import load_file, loads

from .conftest import EXAMPLE

# A client of our own: every typed answer, by question key ("" = Enter).
LOTUS: dict[str, Any] = {
    "business.name": "Lotus Yoga Studio",
    "business.industry": "yoga classes and retreats",
    "business.model": "b2c",
    "business.country": "vn",
    "business.markets": "",
    "business.language": "vi",
    "business.competitors": "Zen Yoga, Saigon Fit",
    "business.has_website": True,
    "business.has_online_store": False,
    "business.has_crm": False,
    "audience.age_ranges": ["25-34", "35-44"],
    "audience.description": "women after work who want calm",
    "audience.segments": "office workers; new mothers",
    "situations": ["new_product_launch", "hiring"],
    "platforms": ["facebook", "tiktok"],
    "platforms.facebook.followers": "2,400",
    "platforms.facebook.engagement_rate_pct": "3.5%",
    "baselines.monthly_reach": "40000",
    "baselines.applications_per_opening": "12",
    "resources.monthly_ad_budget": "15,000,000",
    "resources.currency": "VND",
    "resources.team_hours_per_week": "12",
    "resources.timeframe_months": "6",
    "resources.start_date": "2027-01-04",
    "resources.event_date": "2027-02-15",
    "resources.open_positions": "3",
}


def fill(q: Questionnaire, answers: dict[str, Any]) -> list[str]:
    """Answer every question that comes, from ``answers`` (blank when absent); the keys asked."""
    asked = []
    while (step := q.next_step()) is not None:
        asked.append(step.key)
        raw = answers.get(step.key, "")
        assert q.problem(step, raw) is None, (step.key, q.problem(step, raw))
        q.give(step, raw)
    return asked


def step(q: Questionnaire, key: str) -> Step:
    found = [s for s, _applies in q._walk(q.answers) if s.key == key]
    assert found, f"{key} is not in the questionnaire now"
    return found[0]


def test_a_whole_intake_from_typed_answers(kb: KnowledgeBase) -> None:
    q = Questionnaire(kb)
    asked = fill(q, LOTUS)
    intake = q.finish()
    assert intake.business.country == "VN"
    assert intake.business.markets == ()
    assert intake.audience.segments == ("office workers", "new mothers")
    assert [p.id for p in intake.platforms] == ["facebook", "tiktok"]
    assert intake.platforms[0].followers == 2400
    assert intake.platforms[0].engagement_rate_pct == 3.5
    assert intake.resources.monthly_ad_budget == 15_000_000
    assert intake.resources.event_date == dt.date(2027, 2, 15)
    assert intake.resources.open_positions == 3
    # per-platform questions follow the platform they are about
    assert asked[asked.index("platforms") + 1 : asked.index("platforms") + 5] == [
        "platforms.facebook.followers",
        "platforms.facebook.engagement_rate_pct",
        "platforms.facebook.monthly_reach",
        "platforms.facebook.handle",
    ]


def test_conditional_questions(kb: KnowledgeBase) -> None:
    asked = fill(Questionnaire(kb), LOTUS)
    assert "business.commerce_platform" not in asked  # no online store
    assert {"resources.event_date", "resources.open_positions", "resources.currency"} <= set(asked)
    # only the baselines that matter for a launch and hiring
    assert [k for k in asked if k.startswith("baselines.")] == [
        "baselines.monthly_reach",
        "baselines.engagement_rate_pct",
        "baselines.monthly_mentions",
        "baselines.applications_per_opening",
        "baselines.monthly_event_registrations",
    ]

    other = {
        **LOTUS,
        "business.has_online_store": True,
        "business.commerce_platform": "haravan",
        "situations": ["low_website_traffic"],
        "resources.monthly_ad_budget": "0",
    }
    asked = fill(Questionnaire(kb), other)
    assert "business.commerce_platform" in asked
    assert [k for k in asked if k.startswith("baselines.")] == ["baselines.monthly_social_sessions"]
    for key in ("resources.event_date", "resources.open_positions", "resources.currency"):
        assert key not in asked

    no_site = {**LOTUS, "business.has_website": False}
    asked = fill(Questionnaire(kb), no_site)
    assert "business.has_online_store" not in asked
    assert "business.commerce_platform" not in asked


@pytest.mark.parametrize(
    ("key", "raw", "reason"),
    [
        ("business.name", "  ", "an answer is required"),
        ("business.model", "b2x", "'b2x' is not allowed (did you mean 'b2c'?); allowed values:"),
        ("business.country", "VNN", "'VNN' is not an ISO 3166-1 alpha-2 country code"),
        ("business.markets", "VN, XX", "'XX' is not an ISO 3166-1 alpha-2 country code"),
        ("situations", ["hirng"], "'hirng' is not allowed (did you mean 'hiring'?)"),
        ("platforms", ["facebok"], "unknown platform 'facebok' (did you mean 'facebook'?)"),
        ("resources.timeframe_months", "40", "'40' is out of range: must be less than or equal"),
        ("resources.team_hours_per_week", "a lot", "'a lot' is not a number"),
        ("resources.timeframe_months", "6.5", "'6.5' is not a whole number"),
        ("resources.start_date", "1", "'1' is not a date; write it as YYYY-MM-DD"),
        ("resources.start_date", "2027-02-30", "there is no day '2027-02-30' in the calendar"),
        ("resources.currency", "VDN", "unknown currency 'VDN' (did you mean 'VND'?)"),
    ],
)
def test_a_bad_answer_is_refused_with_the_models_reason(
    kb: KnowledgeBase, key: str, raw: Any, reason: str
) -> None:
    q = Questionnaire(kb)
    fill(q, LOTUS)
    problem = q.problem(step(q, key), raw)
    assert problem is not None and problem.startswith(reason), problem


def test_contradictions_are_refused_once_the_answers_they_read_are_known(
    kb: KnowledgeBase,
) -> None:
    q = Questionnaire(kb)
    fill(q, LOTUS)
    assert q.problem(step(q, "resources.event_date"), "2026-12-01") == (
        "the event date 2026-12-01 is before the plan's start date 2027-01-04"
    )
    # changing the start date at the review is refused for the same reason
    assert q.problem(step(q, "resources.start_date"), "2027-03-01") == (
        "the event date 2027-02-15 is before the plan's start date 2027-03-01"
    )
    # a budget needs its currency: refusing "don't know" for the currency
    assert q.problem(step(q, "resources.currency"), "") == (
        "a budget above 0 needs its currency (e.g. VND, USD)"
    )

    early = Questionnaire(kb)
    fill_until = {k: v for k, v in LOTUS.items() if k.startswith("business.")}
    for key, raw in fill_until.items():
        early.give(step(early, key), raw)
    # nothing can be said about resources yet: the check waits for the answers it reads
    assert early._contradictions(early.answers) == []


def test_changing_an_answer_drops_what_no_longer_applies_and_asks_what_now_does(
    kb: KnowledgeBase,
) -> None:
    q = Questionnaire(kb)
    fill(q, LOTUS)
    q.change("situations")
    assert q.next_step() == step(q, "situations")
    q.give(step(q, "situations"), ["needs_leads"])
    asked = fill(q, {"baselines.monthly_leads": "30"})
    assert asked == ["baselines.monthly_leads"]
    data = q.intake_data()
    assert "event_date" not in data["resources"] and "open_positions" not in data["resources"]
    # baselines given earlier are kept although they are no longer asked
    assert data["baselines"]["monthly_reach"] == 40000
    assert q.finish().situations == ("needs_leads",)


def test_prefill_checks_file_answers_like_typed_ones(kb: KnowledgeBase, tmp_path: Path) -> None:
    text = EXAMPLE.read_text()
    text = text.replace("country: VN ", "country: VNN").replace("has_crm: false", "has_cmr: false")
    text = text.replace("situations: [new_product_launch, hiring,", "situations: [hiring,")
    path = tmp_path / "mixed.yaml"
    path.write_text(text)
    lines = text.splitlines()

    def line(start: str) -> int:
        return next(i for i, ln in enumerate(lines, 1) if ln.strip().startswith(start))

    q = Questionnaire(kb)
    problems = [str(p) for p in q.prefill(load_file(path), str(path))]
    assert problems == [
        f"{path}:{line('has_cmr')}: business.has_cmr: unknown key 'has_cmr' (did you mean "
        "'has_crm'?); allowed keys: name, industry, model, country, markets, language, "
        "competitors, has_website, has_online_store, commerce_platform, has_crm",
        f"{path}:{line('country')}: business.country: 'VNN' is not an ISO 3166-1 alpha-2 "
        "country code (did you mean 'VN'?) (for example VN, IR, US)",
        f"{path}:{line('event_date')}: resources.event_date: not used: asked only when "
        "situations includes hosting_event or new_product_launch",
    ]
    # the refused answer is asked (first), with its reason; the rest is kept
    first = q.next_step()
    assert first is not None and first.key == "business.country"
    assert "'VNN' is not an ISO 3166-1" in str(q.prompt(first).error)
    assert q.answers["business.name"] == "Mekong Craft Coffee"
    assert q.answers["baselines.monthly_conversions"] == 35  # kept, though not asked for these
    assert fill(q, {"business.country": "VN"})[0] == "business.country"


def test_prefill_of_a_complete_intake_needs_no_question(kb: KnowledgeBase) -> None:
    q = Questionnaire(kb)
    assert q.prefill(load_file(EXAMPLE), str(EXAMPLE)) == []
    assert q.missing() == []
    # asked: only the optional questions the example leaves out
    asked = fill(q, {})
    assert "business.name" not in asked and "audience.segments" in asked
    assert q.finish() == read_intake(EXAMPLE, kb).model_copy(
        update={"audience": q.finish().audience, "brand": q.finish().brand}
    )


def test_missing_lists_required_answers(kb: KnowledgeBase) -> None:
    q = Questionnaire(kb)
    q.prefill(loads("business: {name: X}\n", "x.yaml"), "x.yaml")
    assert [str(p) for p in q.missing()] == [
        "business.industry: no answer yet (What the business sells)",
        "business.model: no answer yet (Who buys)",
        "business.country: no answer yet (Home country (ISO code, e.g. VN, IR, US))",
        "business.language: no answer yet (Client's working language (ISO code, e.g. vi, fa, en))",
        "resources.monthly_ad_budget: no answer yet (Monthly paid-media budget)",
        "resources.team_hours_per_week: no answer yet (Team time for social media)",
        "resources.timeframe_months: no answer yet (How long the plan runs)",
    ]


def test_ask_again_by_field_or_section(kb: KnowledgeBase) -> None:
    q = Questionnaire(kb, ask=["resources.timeframe_months", "platforms.facebook"])
    q.prefill(load_file(EXAMPLE), str(EXAMPLE))
    given = set(q.answers)
    asked = fill(q, {"resources.timeframe_months": "9", "platforms.facebook.followers": "13000"})
    # asked again: the chosen ones (facebook's unanswered ones count as missing anyway)
    assert [k for k in asked if k in given or k.startswith("platforms.facebook")] == [
        "platforms.facebook.followers",
        "platforms.facebook.engagement_rate_pct",
        "platforms.facebook.monthly_reach",
        "platforms.facebook.handle",
        "resources.timeframe_months",
    ]
    assert q.finish().resources.timeframe_months == 9
    # the asked question shows the current answer as its default
    q2 = Questionnaire(kb, ask=["resources.timeframe_months"])
    q2.prefill(load_file(EXAMPLE), str(EXAMPLE))
    assert q2.prompt(step(q2, "resources.timeframe_months")).default_text == "6"

    with pytest.raises(UserError) as info:
        Questionnaire(kb, ask=["resources.timeframe"])
    assert str(info.value).startswith(
        "resources.timeframe: no such question (did you mean 'resources.timeframe_months'?)"
    )


def test_prompts_carry_units_ranges_defaults_and_choices(kb: KnowledgeBase) -> None:
    q = Questionnaire(kb)
    fill(q, LOTUS)
    prompt = q.prompt(step(q, "resources.team_hours_per_week"))
    assert prompt.text == "Team time for social media (hours a week, 0–1000)"
    assert prompt.help == "Hours per week the team can give to social media."
    assert q.prompt(step(q, "baselines.monthly_reach")).text == (
        "People reached (per month, 0 or more)"
    )
    assert q.prompt(step(q, "platforms.facebook.engagement_rate_pct")).text == (
        "Facebook: engagement rate (%, 0–100)"
    )
    assert q.prompt(step(q, "resources.start_date")).text == "Plan start date (YYYY-MM-DD)"
    model = q.prompt(step(q, "business.model"))
    assert model.choices[1] == ("b2c", "b2c: consumers") and model.default == "b2c"
    assert ("zalo", "Zalo") in q.prompt(step(q, "platforms")).choices
    assert ("VND", "VND") in q.prompt(step(q, "resources.currency")).choices

    fresh = Questionnaire(kb)
    fill(fresh, {"business.name": "x"} | {k: v for k, v in LOTUS.items() if k != "business.name"})
    fresh.answers.pop("business.language")
    assert fresh.prompt(step(fresh, "business.language")).default == "vi"  # from the country
    assert fresh.prompt(step(fresh, "business.has_crm")).default is False


def test_the_currency_suggested_is_the_home_countrys(kb: KnowledgeBase) -> None:
    q = Questionnaire(kb)
    fill(q, LOTUS)
    q.answers.pop("resources.currency")
    assert q.prompt(step(q, "resources.currency")).default == "VND"  # business.country VN


# What a Vietnamese and a Persian account manager type, and what the intake gets.
TYPED_IN = {
    "vi": {
        "platforms.facebook.followers": ("1.200", 1200),
        "platforms.facebook.engagement_rate_pct": ("4,5", 4.5),
        "resources.monthly_ad_budget": ("15.000.000", 15_000_000),
        "resources.start_date": ("2027/01/04", dt.date(2027, 1, 4)),
        "business.has_crm": ("có", True),
        "business.competitors": ("Zen Yoga, Saigon Fit", ("Zen Yoga", "Saigon Fit")),
    },
    "fa": {
        "platforms.facebook.followers": ("۱۲٬۵۰۰", 12_500),
        "platforms.facebook.engagement_rate_pct": ("۴٫۵٪", 4.5),
        "resources.monthly_ad_budget": ("۵۰۰٬۰۰۰٬۰۰۰", 500_000_000),
        "resources.start_date": ("1405/10/14", dt.date(2027, 1, 4)),  # Solar Hijri
        "resources.event_date": ("۱۴۰۵-۱۱-۲۶", dt.date(2027, 2, 15)),
        "business.has_crm": ("بله", True),
        "business.competitors": ("Zen Yoga، Saigon Fit", ("Zen Yoga", "Saigon Fit")),
    },
}


@pytest.mark.parametrize("lang", ["vi", "fa"])
def test_answers_typed_as_the_language_writes_them(kb: KnowledgeBase, lang: str) -> None:
    typed = {key: raw for key, (raw, _value) in TYPED_IN[lang].items()}
    with language(lang):
        q = Questionnaire(kb)
        fill(q, LOTUS | typed)
    for key, (_raw, value) in TYPED_IN[lang].items():
        assert q.answers[key] == value, key


def test_refusals_and_the_review_speak_the_language(kb: KnowledgeBase) -> None:
    with language("vi"):
        q = Questionnaire(kb)
        fill(q, LOTUS)
        hours = step(q, "resources.team_hours_per_week")
        assert q.problem(hours, "nhiều") == "'nhiều' không phải là một số"
        months = step(q, "resources.timeframe_months")
        assert q.problem(months, "6,5") == "'6.5' không phải là số nguyên"
        vi = {item.key: item.shown for item in q.review_items()}
    assert vi["resources.monthly_ad_budget"] == "15.000.000"
    assert vi["platforms.facebook.engagement_rate_pct"] == "3,5%"
    assert vi["resources.team_hours_per_week"] == "12 giờ mỗi tuần"
    with language("fa"):
        q = Questionnaire(kb)
        fill(q, LOTUS)
        percent = step(q, "platforms.facebook.engagement_rate_pct")
        assert q.prompt(percent).text == "فیسبوک: نرخ تعامل (٪، ۰–۱۰۰)"
        assert q.problem(percent, "۱۵۰") == "'150' خارج از محدوده مجاز است: باید حداکثر ۱۰۰ باشد"
        fa = {item.key: item.shown for item in q.review_items()}
    assert fa["platforms.facebook.followers"] == "۲٬۴۰۰"
    assert fa["resources.timeframe_months"] == "۶ ماه"
    assert fa["resources.event_date"] == "2027-02-15 (۲۶ بهمن ۱۴۰۵)"  # and the day in Solar Hijri
    assert fa["business.competitors"] == "Zen Yoga، Saigon Fit"


class ScriptedAsker:
    """An asker that answers from a dict, changes answers at the review, then saves."""

    def __init__(self, answers: dict[str, Any], changes: Sequence[tuple[str, Any]] = ()) -> None:
        self.answers = dict(answers)
        self.changes = list(changes)
        self.prompts: list[Prompt] = []
        self.reviews: list[list[ReviewItem]] = []

    def ask(self, prompt: Prompt, check: Any) -> Any:
        self.prompts.append(prompt)
        raw = self.answers.get(prompt.key, "")
        assert check(raw) is None
        return raw

    def review(self, items: Sequence[ReviewItem], error: str | None) -> str | None:
        self.reviews.append(list(items))
        if not self.changes:
            return None
        key, raw = self.changes.pop(0)
        self.answers[key] = raw
        return key


def test_run_saves_after_every_answer_and_reviews_before_saving(kb: KnowledgeBase) -> None:
    q = Questionnaire(kb)
    saved: list[dict[str, Any]] = []
    asker = ScriptedAsker(LOTUS, changes=[("resources.team_hours_per_week", "20")])
    intake = q.run(asker, lambda q: saved.append(copy.deepcopy(q.intake_data())))
    assert len(saved) == len(asker.prompts)
    assert saved[0]["business"] == {"name": "Lotus Yoga Studio"}
    assert intake.resources.team_hours_per_week == 20
    assert len(asker.reviews) == 2
    first_review = {item.key: item.shown for item in asker.reviews[0]}
    assert first_review["resources.team_hours_per_week"] == "12 hours a week"  # with its unit
    assert first_review["resources.monthly_ad_budget"] == "15,000,000"
    assert first_review["platforms.facebook.engagement_rate_pct"] == "3.5 %"
    assert first_review["business.model"] == "b2c: consumers"
    assert first_review["situations"] == "Launching a new product, Hiring"
    assert first_review["baselines.monthly_mentions"] == "—"
    assert first_review["business.has_website"] == "yes"
