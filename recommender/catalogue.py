"""The catalogue: goals, KPIs, platforms, tactics, warnings and settings, as data models.

One pydantic model per kind of entry; the YAML under ``rules/catalogue/`` is validated
against them on load, with unknown keys rejected.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from recommender.i18n import LANGUAGES
from recommender.intake import AgeRange, Situation

Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
MarketCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]


def _to_local(value: Any) -> Any:
    if isinstance(value, str):
        return {"en": value}
    return value


def _check_local(value: dict[str, str]) -> dict[str, str]:
    unknown = [k for k in value if k not in LANGUAGES]
    if unknown:
        raise ValueError(
            f"unknown language '{unknown[0]}'; text is given per language: {', '.join(LANGUAGES)}"
        )
    if not value.get("en", "").strip():
        raise ValueError("the English text ('en') is required")
    return value


LocalText = Annotated[
    dict[str, Annotated[str, Field(min_length=1)]],
    BeforeValidator(_to_local),
    AfterValidator(_check_local),
]
"""Text in several languages: a plain string is English; else ``{en: ..., vi: ..., fa: ...}``."""


class Entry(BaseModel):
    """Common base: unknown keys are errors, entries are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, defer_build=True)


class Named(Entry):
    """An entry with an id, a translated name and description, and a source."""

    id: Id
    name: LocalText
    description: LocalText
    source: str = Field(min_length=1)


ProgramType = Literal["awareness", "engagement", "direct_response", "care", "insight"]


class Goal(Named):
    """A goal type (DOMAIN.md §2)."""

    kpis: tuple[Id, ...] = Field(min_length=1, description="KPIs that prove the goal, always shown")
    program_type: ProgramType
    needs_channel: bool = Field(
        default=False,
        description="the plan always keeps a platform serving it, even past the team's focus",
    )
    smart_example: LocalText | None = None
    due: Literal["plan_end", "event_date"] = Field(
        default="plan_end",
        description="when its targets fall due: the end of the target horizon, or the "
        "intake's event date when it falls inside the horizon",
    )


KpiUnit = Literal["percent", "count", "minutes", "currency", "ratio"]
Cadence = Literal["weekly", "monthly", "quarterly"]


class Kpi(Named):
    """A key performance indicator with its definition and formula (DOMAIN.md §3)."""

    formula: LocalText
    unit: KpiUnit
    higher_is_better: bool
    proves: tuple[Id, ...] = Field(min_length=1)
    vanity: bool = False
    baseline: str | None = Field(default=None, description="intake baselines key holding it")
    data_source: LocalText
    cadence: Cadence = "monthly"


Access = Literal["leads", "available", "restricted", "unavailable"]


class MarketNote(Entry):
    """How a platform stands in one market, with the source for the claim."""

    access: Access = "available"
    ads: bool = True
    note: LocalText
    source: str = Field(min_length=1)


PlatformKind = Literal[
    "social", "video", "messaging", "professional", "visual", "audio", "job_board", "community"
]


class Features(Entry):
    """What a platform can do."""

    commerce: bool = False
    lead_forms: bool = False
    messaging: bool = False
    live: bool = False
    ads: bool = True


class Platform(Named):
    """A network, its strengths and where it matters or is blocked."""

    kind: PlatformKind
    strengths: tuple[LocalText, ...] = ()
    audience: LocalText
    ages: tuple[AgeRange, ...] = ()
    features: Features = Field(default_factory=Features)
    roles: dict[Id, LocalText] = Field(default_factory=dict)
    role: LocalText
    markets: dict[MarketCode, MarketNote] = Field(default_factory=dict)
    regional: bool = Field(
        default=False, description="used only in the markets listed (e.g. Zalo in VN)"
    )
    content_channel: bool = Field(
        default=True,
        description="needs regular content, so it counts toward a small team's platform focus",
    )
    only_with: tuple[Situation, ...] = Field(
        default=(), description="belongs in a plan only when one of these situations applies"
    )


class Tactic(Named):
    """Something the agency does, serving one or more goals."""

    goals: tuple[Id, ...] = Field(min_length=1)
    paid: bool = False
    media: Literal["paid", "owned", "earned"]


Severity = Literal["info", "warning", "caution"]


class WarningDef(Entry):
    """A warning a rule can raise; the message may quote intake facts as {field.path}."""

    id: Id
    severity: Severity = "warning"
    message: LocalText
    source: str = Field(min_length=1)


class Setting(Entry):
    """A number that shapes advice, with where it comes from."""

    value: float
    why: LocalText
    source: str = Field(min_length=1)


class Currency(Entry):
    """Exchange rate used to compare budgets across currencies."""

    usd_per_unit: float = Field(gt=0)


class Currencies(Entry):
    """The exchange-rate table."""

    as_of: str
    source: str
    rates: dict[Annotated[str, Field(pattern=r"^[A-Z]{3}$")], Currency]


class Source(Entry):
    """A document rules may cite."""

    id: str = Field(min_length=1)
    title: str
    lines: int | None = Field(default=None, ge=1, description="line count, to check citations")
    language: str | None = None
    url: str | None = None
    note: str | None = None
