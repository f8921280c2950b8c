"""The client intake: what the agency learned about the business at sign-up.

The keys are a contract: saved intakes and case files depend on them, so new keys are only
ever added as optional ones. Field descriptions double as help text in the questionnaire
and in ``goalrec schema``; they are marked with ``N_`` so the questionnaire's help can be
translated.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)

from recommender.codes import COUNTRIES, LANGUAGES
from recommender.errors import clip
from recommender.i18n import N_, _
from recommender.validation import allowed, suggest

SCHEMA_VERSION = 1

Situation = Literal[
    "new_product_launch",
    "entering_new_market",
    "confused_with_competitors",
    "low_brand_recognition",
    "reputation_problem",
    "low_website_traffic",
    "strong_social_presence_wants_sales",
    "needs_leads",
    "hosting_event",
    "high_support_load",
    "needs_market_insight",
    "hiring",
    "low_engagement",
    "wants_thought_leadership",
    "wants_loyal_community",
    "has_brand_advocates",
    "must_prove_roi",
]
AgeRange = Literal["13-17", "18-24", "25-34", "35-44", "45-54", "55+"]
BusinessModel = Literal["b2b", "b2c", "both"]


def _country(code: str) -> str:
    code = code.upper()
    if code not in COUNTRIES:
        raise ValueError(
            _(
                "'{code}' is not an ISO 3166-1 alpha-2 country code{hint} (for example VN, IR, US)"
            ).format(code=clip(code), hint=suggest(code, COUNTRIES))
        )
    return code


def _language(code: str) -> str:
    code = code.lower()
    if code not in LANGUAGES:
        raise ValueError(
            _("'{code}' is not an ISO 639-1 language code{hint} (for example vi, fa, en)").format(
                code=clip(code), hint=suggest(code, LANGUAGES)
            )
        )
    return code


CountryCode = Annotated[str, AfterValidator(_country)]
LanguageCode = Annotated[str, AfterValidator(_language)]
Percent = Annotated[float, Field(ge=0, le=100)]
Count = Annotated[int, Field(ge=0, le=10**12)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]


class _Strict(BaseModel):
    # defer_build: schemas are built on first use, so a command that never validates an
    # intake (or the rules, when they come from the cache) does not pay for them
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        allow_inf_nan=False,
        str_strip_whitespace=True,
        defer_build=True,
    )


def _unique(values: tuple[Any, ...], what: str) -> tuple[Any, ...]:
    seen: set[Any] = set()
    for value in values:
        if value in seen:
            raise ValueError(
                _("{what} '{value}' is listed twice").format(what=_(what), value=clip(value))
            )
        seen.add(value)
    return values


class Business(_Strict):
    """Who the client is and where it sells."""

    name: Annotated[str, Field(min_length=1, max_length=200)] = Field(
        description=N_("The client's business or brand name.")
    )
    industry: Annotated[str, Field(min_length=1, max_length=300)] = Field(
        description=N_("What the business sells, in a few words.")
    )
    model: BusinessModel = Field(
        description=N_("Who buys: b2b (other businesses), b2c (consumers) or both.")
    )
    country: CountryCode = Field(
        description=N_("Where the business is based (ISO 3166-1 alpha-2).")
    )
    markets: tuple[CountryCode, ...] = Field(
        default=(), description=N_("Countries where it sells; defaults to the home country.")
    )
    language: LanguageCode = Field(description=N_("The client's working language (ISO 639-1)."))
    competitors: tuple[Annotated[str, Field(min_length=1, max_length=200)], ...] = Field(
        default=(), max_length=50, description=N_("Competitors the audience compares it with.")
    )
    has_website: bool = Field(default=False, description=N_("Does the business have a website?"))
    has_online_store: bool = Field(default=False, description=N_("Does it sell online?"))
    commerce_platform: Annotated[str, Field(min_length=1, max_length=100)] | None = Field(
        default=None, description=N_("The online store's platform (e.g. shopify, haravan).")
    )
    has_crm: bool = Field(default=False, description=N_("Does it keep customer data in a CRM?"))

    @field_validator("markets")
    @classmethod
    def _markets_unique(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _unique(value, N_("market"))

    @property
    def all_markets(self) -> tuple[str, ...]:
        """The markets, defaulting to the home country."""
        return self.markets or (self.country,)


class Audience(_Strict):
    """Who the client wants to reach."""

    age_ranges: tuple[AgeRange, ...] = Field(
        default=(), description=N_("Age ranges of the target audience.")
    )
    description: Text | None = Field(default=None, description=N_("The audience in a sentence."))
    segments: tuple[Text, ...] = Field(
        default=(),
        max_length=20,
        description=N_("Groups within the audience, e.g. by need, job or age."),
    )
    drivers: tuple[Text, ...] = Field(
        default=(), max_length=20, description=N_("What makes the audience buy.")
    )
    barriers: tuple[Text, ...] = Field(
        default=(), max_length=20, description=N_("What stops the audience from buying.")
    )
    insight: Text | None = Field(
        default=None,
        description=N_(
            "The consumer insight: a deep need of the audience that the brand can answer,"
            " in one or two sentences."
        ),
    )

    @field_validator("age_ranges")
    @classmethod
    def _ages_unique(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _unique(value, N_("age range"))


class Brand(_Strict):
    """How the brand speaks and who answers (all optional)."""

    role: Text | None = Field(
        default=None,
        description=N_(
            "The part the brand plays when it talks with its audience, e.g. the patient expert"
            " or the friendly neighbour."
        ),
    )
    tone_of_voice: Text | None = Field(default=None, description=N_("How the brand sounds."))
    response_owner: Text | None = Field(
        default=None, description=N_("Who answers comments and messages.")
    )
    escalation_owner: Text | None = Field(
        default=None, description=N_("Which expert handles hard questions and conflicts.")
    )


class PlatformPresence(_Strict):
    """A network where the client is active today."""

    id: str = Field(description=N_("Platform id from the catalogue (e.g. facebook, zalo)."))
    followers: Count | None = Field(default=None, description=N_("Followers on this platform."))
    engagement_rate_pct: Percent | None = Field(
        default=None, description=N_("Engagement rate on this platform, in percent.")
    )
    monthly_reach: Count | None = Field(default=None, description=N_("People reached per month."))
    handle: Annotated[str, Field(min_length=1, max_length=200)] | None = Field(
        default=None, description=N_("The account's handle or address.")
    )

    @field_validator("id")
    @classmethod
    def _known_platform(cls, value: str, info: ValidationInfo) -> str:
        known = (info.context or {}).get("platform_ids")
        if known is not None and value not in known:
            raise ValueError(
                _("unknown platform '{value}'{hint}; known platforms: {known}").format(
                    value=clip(value), hint=suggest(value, known), known=allowed(sorted(known))
                )
            )
        return value


class Baselines(_Strict):
    """Where the numbers stand today; every one is optional."""

    followers: Count | None = Field(
        default=None, description=N_("Total followers across networks.")
    )
    monthly_reach: Count | None = Field(default=None, description=N_("People reached per month."))
    monthly_impressions: Count | None = Field(
        default=None, description=N_("Impressions per month.")
    )
    engagement_rate_pct: Percent | None = Field(
        default=None, description=N_("Average engagement rate, in percent.")
    )
    monthly_social_sessions: Count | None = Field(
        default=None, description=N_("Website sessions from social networks per month.")
    )
    monthly_conversions: Count | None = Field(
        default=None, description=N_("Sales or sign-ups per month.")
    )
    monthly_leads: Count | None = Field(default=None, description=N_("Leads collected per month."))
    avg_response_minutes: Annotated[float, Field(ge=0, le=100_000)] | None = Field(
        default=None, description=N_("Average minutes until a customer gets a first reply.")
    )
    csat_pct: Percent | None = Field(
        default=None, description=N_("Customer satisfaction, percent.")
    )
    share_of_voice_pct: Percent | None = Field(
        default=None, description=N_("Share of voice against competitors, percent.")
    )
    monthly_mentions: Count | None = Field(
        default=None, description=N_("Brand mentions per month.")
    )
    applications_per_opening: Annotated[float, Field(ge=0, le=1_000_000)] | None = Field(
        default=None, description=N_("Applications received per open position.")
    )
    monthly_event_registrations: Count | None = Field(
        default=None, description=N_("Event registrations per month.")
    )

    def given(self) -> dict[str, float]:
        """The baselines the client actually gave."""
        return {k: v for k, v in self.model_dump().items() if v is not None}


class Targets(Baselines):
    """Where the client wants the numbers at the end of the timeframe; every one is optional.

    The keys are the baselines' keys. goalrec proposes its own targets from the baselines; a
    target given here replaces the proposal and is checked against what is attainable.
    """


class Resources(_Strict):
    """Budget, time and dates."""

    monthly_ad_budget: Annotated[float, Field(ge=0, le=1e15)] = Field(
        description=N_("Monthly paid-media budget, in the currency below (0 for organic only).")
    )
    currency: Annotated[str, Field(min_length=3, max_length=3)] | None = Field(
        default=None, description=N_("ISO 4217 code of the budget's currency (e.g. VND, USD).")
    )
    team_hours_per_week: Annotated[float, Field(ge=0, le=1000)] = Field(
        description=N_("Hours per week the team can give to social media.")
    )
    timeframe_months: Annotated[int, Field(ge=1, le=36)] = Field(
        description=N_("How many months the plan covers.")
    )
    start_date: dt.date | None = Field(default=None, description=N_("When the plan starts."))
    event_date: dt.date | None = Field(
        default=None, description=N_("Launch or event date, when there is one.")
    )
    open_positions: Annotated[int, Field(ge=1, le=100_000)] | None = Field(
        default=None, description=N_("Open positions to fill, when hiring.")
    )

    @field_validator("currency")
    @classmethod
    def _known_currency(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        value = value.upper()
        known = (info.context or {}).get("currencies")
        if known is not None and value not in known:
            raise ValueError(
                _("unknown currency '{value}'{hint}; known currencies: {known}").format(
                    value=clip(value), hint=suggest(value, known), known=allowed(sorted(known))
                )
            )
        return value


class Intake(_Strict):
    """Everything goalrec knows about one client."""

    schema_version: Literal[1] = Field(description=N_("Version of the intake format (always 1)."))
    business: Business
    audience: Audience = Field(default_factory=Audience)
    brand: Brand = Field(default_factory=Brand)
    situations: tuple[Situation, ...] = Field(
        default=(), description=N_("Which situations apply to the business now.")
    )
    platforms: tuple[PlatformPresence, ...] = Field(
        default=(), max_length=50, description=N_("Networks where the client is active today.")
    )
    baselines: Baselines = Field(default_factory=Baselines)
    targets: Targets = Field(
        default_factory=Targets,
        description="Targets the client already has in mind, by baseline key (optional).",
    )
    resources: Resources

    @field_validator("situations")
    @classmethod
    def _situations_unique(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _unique(value, N_("situation"))

    @field_validator("platforms")
    @classmethod
    def _platforms_unique(cls, value: tuple[PlatformPresence, ...]) -> tuple[PlatformPresence, ...]:
        _unique(tuple(p.id for p in value), "platform")
        return value


def contradictions(intake: Intake) -> list[tuple[tuple[str, ...], str]]:
    """Answers that contradict each other, as (field path, message) pairs."""
    found: list[tuple[tuple[str, ...], str]] = []
    b, r, s = intake.business, intake.resources, set(intake.situations)
    if r.event_date and not s & {"hosting_event", "new_product_launch"}:
        found.append(
            (
                ("resources", "event_date"),
                _("an event date needs the situation 'hosting_event' or 'new_product_launch'"),
            )
        )
    if r.event_date and r.start_date and r.event_date < r.start_date:
        found.append(
            (
                ("resources", "event_date"),
                _("the event date {event} is before the plan's start date {start}").format(
                    event=r.event_date, start=r.start_date
                ),
            )
        )
    if b.has_online_store and not b.has_website:
        found.append(
            (("business", "has_online_store"), _("an online store needs has_website: true"))
        )
    if b.commerce_platform and not b.has_online_store:
        found.append(
            (
                ("business", "commerce_platform"),
                _("a commerce platform needs has_online_store: true"),
            )
        )
    if r.open_positions and "hiring" not in s:
        found.append(
            (("resources", "open_positions"), _("open positions need the situation 'hiring'"))
        )
    if r.monthly_ad_budget > 0 and not r.currency:
        found.append(
            (("resources", "currency"), _("a budget above 0 needs its currency (e.g. VND, USD)"))
        )
    return found
