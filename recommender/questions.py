"""The intake questions, as data: one entry per intake field the questionnaire asks about.

A question names the intake field it fills with a dotted key (``business.name``;
``platforms.*.followers`` for a question asked once per chosen platform). Everything the
intake model already says about that field is read from the model, never written again
here: the kind of answer (text, yes/no, one or several of a closed set, a whole or a
decimal number, a date), whether it is required, its allowed range, its default and its
help text (the field's description). What only a questionnaire needs is written here: the
plain-language prompt, the unit, labels for closed sets, defaults that help in a meeting,
and when the question applies.

The questions are in the intake's key order, and a condition only looks at earlier answers.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from recommender.i18n import N_, _
from recommender.intake import Intake
from recommender.validation import literal_choices, model_at

Kind = Literal["text", "texts", "yes_no", "choice", "choices", "integer", "number", "date"]
Answers = Mapping[str, Any]

# Which baselines matter for which situation: the starting values of the KPIs that prove the
# goals the situation calls for (tests check each pair against the knowledge base's rules).
# A baseline is asked when one of its situations is chosen; one given anyway is kept.
BASELINES_BY_SITUATION: dict[str, tuple[str, ...]] = {
    "new_product_launch": (
        "monthly_reach",
        "engagement_rate_pct",
        "monthly_event_registrations",
        "monthly_mentions",
    ),
    "entering_new_market": ("monthly_reach", "monthly_mentions", "share_of_voice_pct"),
    "confused_with_competitors": ("share_of_voice_pct", "monthly_mentions"),
    "low_brand_recognition": ("monthly_reach", "share_of_voice_pct"),
    "reputation_problem": ("monthly_mentions", "csat_pct", "avg_response_minutes"),
    "low_website_traffic": ("monthly_social_sessions",),
    "strong_social_presence_wants_sales": (
        "monthly_conversions",
        "engagement_rate_pct",
        "monthly_reach",
    ),
    "needs_leads": ("monthly_leads",),
    "hosting_event": ("monthly_event_registrations", "engagement_rate_pct"),
    "high_support_load": ("avg_response_minutes", "csat_pct"),
    "needs_market_insight": ("monthly_mentions", "share_of_voice_pct"),
    "hiring": ("applications_per_opening",),
    "low_engagement": ("engagement_rate_pct",),
    "wants_thought_leadership": ("share_of_voice_pct", "engagement_rate_pct"),
    "wants_loyal_community": ("engagement_rate_pct",),
    "has_brand_advocates": ("engagement_rate_pct", "monthly_reach"),
    "must_prove_roi": ("monthly_conversions", "monthly_leads"),
}

SITUATION_LABELS = {
    "new_product_launch": N_("Launching a new product"),
    "entering_new_market": N_("Entering a new market"),
    "confused_with_competitors": N_("People confuse it with competitors"),
    "low_brand_recognition": N_("People do not recognise the brand"),
    "reputation_problem": N_("Reputation problem or negative talk"),
    "low_website_traffic": N_("The website needs more visitors"),
    "strong_social_presence_wants_sales": N_("Strong social presence, wants sales from it"),
    "needs_leads": N_("Needs leads to follow up"),
    "hosting_event": N_("Hosting an event or webinar"),
    "high_support_load": N_("Support is swamped or replies are slow"),
    "needs_market_insight": N_("Needs to learn what the market says"),
    "hiring": N_("Hiring"),
    "low_engagement": N_("Low engagement"),
    "wants_thought_leadership": N_("Wants to be seen as the expert"),
    "wants_loyal_community": N_("Wants a loyal community"),
    "has_brand_advocates": N_("Has customers who recommend it"),
    "must_prove_roi": N_("Must prove what social media brings"),
}

MODEL_LABELS = {
    "b2b": N_("b2b: other businesses"),
    "b2c": N_("b2c: consumers"),
    "both": N_("both businesses and consumers"),
}

# Headings over the intake's sections of several questions, so that "People reached" after
# the per-network questions reads as the total it is
SECTION_TITLES = {
    "business": N_("The business"),
    "audience": N_("The audience"),
    "brand": N_("How the brand speaks (all optional)"),
    "baselines": N_("Today's numbers, across all networks (empty if you don't know)"),
    "resources": N_("Budget, time and dates"),
}

# Only a suggestion for the prompt; any ISO 639-1 code is accepted.
_LANGUAGE_BY_COUNTRY = {"VN": "vi", "IR": "fa"}


@dataclass(frozen=True)
class When:
    """Ask a question only when an earlier answer fits.

    Exactly one test is given: ``equals`` (a yes/no or single answer), ``includes`` (a
    multi-select answer contains one of these) or ``above`` (a number is greater).
    With ``only_ask`` the condition only decides whether to *ask*: an answer given anyway
    (from a file, or before another answer changed) is kept.
    """

    key: str
    equals: Any = None
    includes: tuple[str, ...] | None = None
    above: float | None = None
    only_ask: bool = False

    def holds(self, answers: Answers) -> bool:
        """Whether the condition is met by the answers given so far."""
        value = answers.get(self.key)
        if self.includes is not None:
            return isinstance(value, tuple) and any(v in self.includes for v in value)
        if self.above is not None:
            return isinstance(value, int | float) and value > self.above
        return value is not None and value == self.equals

    def describe(self) -> str:
        """The condition in words, e.g. "situations includes hosting_event or hiring"."""
        if self.includes is not None:
            if not self.includes:
                return _("a file gives it (goalrec does not ask it)")
            return _("{key} includes {values}").format(
                key=self.key, values=_(" or ").join(self.includes)
            )
        if self.above is not None:
            return _("{key} is above {value:g}").format(key=self.key, value=self.above)
        value = self.equals
        shown = (_("yes") if value else _("no")) if isinstance(value, bool) else str(value)
        return _("{key} is {value}").format(key=self.key, value=shown)


ChoiceSource = Literal["platforms", "currencies"]


@dataclass(frozen=True)
class Question:
    """One question, filling the intake field named by ``key``."""

    key: str
    prompt: str  # marked with N_; "{platform}" is replaced in per-platform questions
    unit: str | None = None  # marked with N_
    labels: Mapping[str, str] = field(default_factory=dict)  # value -> label (N_)
    choices_from: ChoiceSource | None = None  # a closed set from the knowledge base
    default: Any = None  # a value, or a function of the answers so far
    when: When | None = None
    separator: str = ","  # between the items of a list typed on one line
    per_item: tuple[Question, ...] = ()  # asked once for each item chosen here

    @cached_property
    def model(self) -> type[BaseModel]:
        """The intake (sub)model that holds the field."""
        parts = self.key.split(".")[:-1]
        found = model_at(Intake, [p for p in parts if p != "*"])
        if found is None:
            raise LookupError(f"question '{self.key}' names no intake field")
        return found

    @property
    def name(self) -> str:
        """The field's name inside its model."""
        return self.key.rsplit(".", 1)[-1]

    @cached_property
    def info(self) -> FieldInfo:
        """The intake field's definition."""
        try:
            return self.model.model_fields[self.name]
        except KeyError:
            raise LookupError(f"question '{self.key}' names no intake field") from None

    @cached_property
    def kind(self) -> Kind:
        """What kind of answer the field takes, read from its type."""
        base = _bare(self.info.annotation)
        if get_origin(base) is tuple:
            return "choices" if self.choices_from or _closed(_bare(get_args(base)[0])) else "texts"
        if get_origin(base) is Literal or self.choices_from:
            return "choice"
        kinds: dict[Any, Kind] = {bool: "yes_no", int: "integer", float: "number", dt.date: "date"}
        return kinds.get(base, "text")

    @property
    def required(self) -> bool:
        """Whether the intake needs an answer."""
        return self.info.is_required()

    @property
    def blank(self) -> Any:
        """The model's value when no answer is given (for optional fields)."""
        return self.info.get_default(call_default_factory=True)

    @property
    def help(self) -> str:
        """The field's description, translated."""
        return _(self.info.description) if self.info.description else ""

    @cached_property
    def bounds(self) -> tuple[float | None, float | None]:
        """The smallest and largest numbers allowed (from the field's constraints)."""
        found: dict[str, float] = {}
        for item in _constraint_items(self.info):
            for name in ("ge", "gt", "le", "lt"):
                value = getattr(item, name, None)
                if isinstance(value, int | float) and not isinstance(value, bool):
                    found.setdefault(name, value)
        return found.get("ge", found.get("gt")), found.get("le", found.get("lt"))

    def literal_values(self) -> list[str]:
        """The closed set of values the field itself allows (empty when it is open)."""
        return literal_choices(self.model, [self.name])

    def default_for(self, answers: Answers) -> Any:
        """The suggested answer, given the answers so far."""
        if callable(self.default):
            return self.default(answers)
        return self.default


def _bare(annotation: Any) -> Any:
    """The type inside ``X | None`` and ``Annotated[X, ...]``."""
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        return _bare(get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        rest = [a for a in get_args(annotation) if a is not type(None)]
        return _bare(rest[0]) if len(rest) == 1 else annotation
    return annotation


def _closed(item: Any) -> bool:
    return get_origin(item) is Literal or (isinstance(item, type) and issubclass(item, BaseModel))


def _constraint_items(info: FieldInfo) -> list[Any]:
    """Every constraint object on the field, including those inside ``X | None``."""
    items: list[Any] = list(info.metadata)

    def walk(annotation: Any) -> None:
        origin = get_origin(annotation)
        if origin is typing.Annotated:
            args = get_args(annotation)
            for extra in args[1:]:
                items.extend(extra.metadata if isinstance(extra, FieldInfo) else [extra])
            walk(args[0])
        elif origin in (typing.Union, types.UnionType):
            for arg in get_args(annotation):
                walk(arg)

    walk(info.annotation)
    return items


def _language_default(answers: Answers) -> str:
    return _LANGUAGE_BY_COUNTRY.get(str(answers.get("business.country")), "en")


def _currency_default(answers: Answers) -> str | None:
    from babel.numbers import get_territory_currencies  # Babel's data loads on first use

    found = get_territory_currencies(str(answers.get("business.country")), dt.date.today())
    return found[0] if found else None


def _next_month_start(_answers: Answers) -> dt.date:
    today = dt.date.today()
    return dt.date(today.year + today.month // 12, today.month % 12 + 1, 1)


def _baseline(name: str, prompt: str, unit: str | None = None) -> Question:
    situations = tuple(s for s, names in BASELINES_BY_SITUATION.items() if name in names)
    return Question(
        f"baselines.{name}",
        prompt,
        unit=unit,
        when=When("situations", includes=situations, only_ask=True),
    )


_STORE = When("business.has_online_store", equals=True)
PERCENT = N_("%")
_PER_MONTH = N_("per month")

PLATFORM_QUESTIONS = (
    Question("platforms.*.followers", N_("{platform}: followers")),
    Question("platforms.*.engagement_rate_pct", N_("{platform}: engagement rate"), PERCENT),
    Question("platforms.*.monthly_reach", N_("{platform}: people reached"), _PER_MONTH),
    Question("platforms.*.handle", N_("{platform}: account handle or address")),
)

QUESTIONS: tuple[Question, ...] = (
    Question("business.name", N_("Business or brand name")),
    Question("business.industry", N_("What the business sells")),
    Question("business.model", N_("Who buys"), labels=MODEL_LABELS),
    Question("business.country", N_("Home country (ISO code, e.g. VN, IR, US)")),
    Question("business.markets", N_("Countries where it sells")),
    Question(
        "business.language",
        N_("Client's working language (ISO code, e.g. vi, fa, en)"),
        default=_language_default,
    ),
    Question("business.competitors", N_("Competitors")),
    Question("business.has_website", N_("Does it have a website?"), default=True),
    Question(
        "business.has_online_store",
        N_("Does it sell online?"),
        when=When("business.has_website", equals=True),
    ),
    Question("business.commerce_platform", N_("Online store platform"), when=_STORE),
    Question("business.has_crm", N_("Does it keep customer data in a CRM?")),
    Question("audience.age_ranges", N_("Age ranges of the audience")),
    Question("audience.description", N_("The audience in a sentence")),
    Question("audience.segments", N_("Audience segments"), separator=";"),
    Question("audience.drivers", N_("What makes them buy"), separator=";"),
    Question("audience.barriers", N_("What stops them from buying"), separator=";"),
    Question("audience.insight", N_("Consumer insight")),
    Question("brand.role", N_("The brand's role in the conversation")),
    Question("brand.tone_of_voice", N_("Tone of voice")),
    Question("brand.response_owner", N_("Who answers comments and messages")),
    Question("brand.escalation_owner", N_("Who handles hard questions and conflicts")),
    Question("situations", N_("Situations that apply now"), labels=SITUATION_LABELS),
    Question(
        "platforms",
        N_("Networks where the client is active today"),
        choices_from="platforms",
        per_item=PLATFORM_QUESTIONS,
    ),
    _baseline("followers", N_("Followers across all networks")),
    _baseline("monthly_reach", N_("People reached"), _PER_MONTH),
    _baseline("monthly_impressions", N_("Impressions"), _PER_MONTH),
    _baseline("engagement_rate_pct", N_("Average engagement rate"), PERCENT),
    _baseline("monthly_social_sessions", N_("Website sessions from social networks"), _PER_MONTH),
    _baseline("monthly_conversions", N_("Sales or sign-ups"), _PER_MONTH),
    _baseline("monthly_leads", N_("Leads collected"), _PER_MONTH),
    _baseline("avg_response_minutes", N_("Average time to a first reply"), N_("minutes")),
    _baseline("csat_pct", N_("Customer satisfaction (CSAT)"), PERCENT),
    _baseline("share_of_voice_pct", N_("Share of voice against competitors"), PERCENT),
    _baseline("monthly_mentions", N_("Brand mentions"), _PER_MONTH),
    _baseline("applications_per_opening", N_("Applications per open position")),
    _baseline("monthly_event_registrations", N_("Event registrations"), _PER_MONTH),
    Question("resources.monthly_ad_budget", N_("Monthly paid-media budget")),
    Question(
        "resources.currency",
        N_("Currency of the budget"),
        choices_from="currencies",
        default=_currency_default,  # the home country's (among the knowledge base's)
        when=When("resources.monthly_ad_budget", above=0),
    ),
    Question("resources.team_hours_per_week", N_("Team time for social media"), N_("hours a week")),
    Question("resources.timeframe_months", N_("How long the plan runs"), N_("months"), default=6),
    Question("resources.start_date", N_("Plan start date"), default=_next_month_start),
    Question(
        "resources.event_date",
        N_("Launch or event date"),
        when=When("situations", includes=("hosting_event", "new_product_launch")),
    ),
    Question(
        "resources.open_positions",
        N_("Open positions to fill"),
        when=When("situations", includes=("hiring",)),
    ),
)


def all_questions() -> list[Question]:
    """Every question, per-item ones included, in order."""
    out: list[Question] = []
    for question in QUESTIONS:
        out.append(question)
        out.extend(question.per_item)
    return out
