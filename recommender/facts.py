"""Intake facts: the fields rules may test, and an intake flattened into them.

Rules never see the nested intake; they see flat facts named by dotted paths
(``business.model``, ``situations``, ``resources.monthly_ad_budget_usd``). This module is
the single list of those paths, their kinds and allowed values, so rule files can be
checked against it and the engine can be fed from it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args

from recommender.codes import COUNTRIES, LANGUAGES
from recommender.i18n import N_
from recommender.intake import AgeRange, BusinessModel, Intake, Situation

FieldKind = Literal["bool", "number", "choice", "set", "date", "text"]

INTAKE_KIND = "intake"


@dataclass(frozen=True)
class FactField:
    """One field rules may test."""

    path: str
    kind: FieldKind
    label: str
    choices: frozenset[str] | None = None

    @property
    def key(self) -> str:
        """The field's name inside the engine's fact."""
        return engine_key(self.path)


def engine_key(path: str) -> str:
    """The flat, engine-safe name of a dotted path."""
    return path.replace(".", "__")


def member_key(path: str, value: str) -> str:
    """The flag that says set field ``path`` contains ``value``."""
    safe = re.sub(r"[^A-Za-z0-9_]", lambda m: f"_{ord(m.group()):x}_", value)
    return f"{engine_key(path)}__has__{safe}"


def count_key(path: str) -> str:
    """The key holding how many members a set field has."""
    return f"{engine_key(path)}__count"


def derived_key(name: str) -> str:
    """The flag of a derived fact."""
    return f"derived__{name}"


_BASELINE_LABELS = {
    "followers": N_("followers"),
    "monthly_reach": N_("monthly reach"),
    "monthly_impressions": N_("monthly impressions"),
    "engagement_rate_pct": N_("engagement rate (%)"),
    "monthly_social_sessions": N_("monthly sessions from social"),
    "monthly_conversions": N_("monthly conversions"),
    "monthly_leads": N_("monthly leads"),
    "avg_response_minutes": N_("average response time (minutes)"),
    "csat_pct": N_("customer satisfaction (%)"),
    "share_of_voice_pct": N_("share of voice (%)"),
    "monthly_mentions": N_("monthly mentions"),
    "applications_per_opening": N_("applications per opening"),
    "monthly_event_registrations": N_("monthly event registrations"),
}


def fact_fields(platform_ids: Iterable[str]) -> dict[str, FactField]:
    """Every field a rule may test, by dotted path."""
    fields = [
        FactField(
            "business.model", "choice", N_("business model"), frozenset(get_args(BusinessModel))
        ),
        FactField("business.country", "choice", N_("home country"), COUNTRIES),
        FactField("business.markets", "set", N_("markets"), COUNTRIES),
        FactField("business.language", "choice", N_("working language"), LANGUAGES),
        FactField("business.has_website", "bool", N_("has a website")),
        FactField("business.has_online_store", "bool", N_("has an online store")),
        FactField("business.has_crm", "bool", N_("keeps customer data in a CRM")),
        FactField("business.commerce_platform", "text", N_("commerce platform")),
        FactField("business.competitor_count", "number", N_("number of named competitors")),
        FactField("business.sells_abroad", "bool", N_("sells outside the home country")),
        FactField(
            "audience.age_ranges", "set", N_("audience age ranges"), frozenset(get_args(AgeRange))
        ),
        FactField("situations", "set", N_("situations"), frozenset(get_args(Situation))),
        FactField("situation_count", "number", N_("number of situations named")),
        FactField(
            "platforms", "set", N_("platforms the client is active on"), frozenset(platform_ids)
        ),
        FactField("platform_count", "number", N_("number of active platforms")),
        FactField("baseline_count", "number", N_("number of baselines given")),
        FactField("resources.monthly_ad_budget", "number", N_("monthly ad budget")),
        FactField("resources.monthly_ad_budget_usd", "number", N_("monthly ad budget in USD")),
        FactField("resources.currency", "text", N_("budget currency")),
        FactField("resources.team_hours_per_week", "number", N_("team hours per week")),
        FactField("resources.timeframe_months", "number", N_("timeframe in months")),
        FactField("resources.start_date", "date", N_("start date")),
        FactField("resources.event_date", "date", N_("event or launch date")),
        FactField("resources.days_to_event", "number", N_("days from the start to the event")),
        FactField("resources.open_positions", "number", N_("open positions")),
    ]
    fields += [
        FactField(f"baselines.{name}", "number", label) for name, label in _BASELINE_LABELS.items()
    ]
    return {f.path: f for f in fields}


def intake_values(intake: Intake, usd_per_unit: Mapping[str, float]) -> dict[str, Any]:
    """The intake as {dotted path: value}; absent optional values are left out."""
    b, r = intake.business, intake.resources
    values: dict[str, Any] = {
        "business.model": b.model,
        "business.country": b.country,
        "business.markets": sorted(b.all_markets),
        "business.language": b.language,
        "business.has_website": b.has_website,
        "business.has_online_store": b.has_online_store,
        "business.has_crm": b.has_crm,
        "business.commerce_platform": b.commerce_platform,
        "business.competitor_count": len(b.competitors),
        "business.sells_abroad": any(m != b.country for m in b.all_markets),
        "audience.age_ranges": sorted(intake.audience.age_ranges),
        "situations": sorted(intake.situations),
        "situation_count": len(intake.situations),
        "platforms": sorted(p.id for p in intake.platforms),
        "platform_count": len(intake.platforms),
        "resources.monthly_ad_budget": r.monthly_ad_budget,
        "resources.currency": r.currency,
        "resources.team_hours_per_week": r.team_hours_per_week,
        "resources.timeframe_months": r.timeframe_months,
        "resources.start_date": r.start_date,
        "resources.event_date": r.event_date,
        "resources.open_positions": r.open_positions,
    }
    if r.monthly_ad_budget == 0:
        values["resources.monthly_ad_budget_usd"] = 0.0
    elif r.currency is not None and r.currency in usd_per_unit:
        values["resources.monthly_ad_budget_usd"] = round(
            r.monthly_ad_budget * usd_per_unit[r.currency], 2
        )
    if r.event_date and r.start_date:
        values["resources.days_to_event"] = (r.event_date - r.start_date).days
    baselines = intake.baselines.given()
    if "followers" not in baselines:
        counts = [p.followers for p in intake.platforms if p.followers is not None]
        if counts:
            baselines["followers"] = sum(counts)
    values.update({f"baselines.{k}": v for k, v in baselines.items()})
    values["baseline_count"] = len(intake.baselines.given())
    return {k: v for k, v in values.items() if v is not None}


def engine_fact(values: Mapping[str, Any], fields: Mapping[str, FactField]) -> dict[str, Any]:
    """The flat fact the rules engine matches: scalars by key, set members as flags."""
    fact: dict[str, Any] = {"kind": INTAKE_KIND}
    for path, value in values.items():
        kind = fields[path].kind
        if kind == "set":
            fact[count_key(path)] = len(value)
            for member in value:
                fact[member_key(path, member)] = 1
        elif kind == "date":
            fact[engine_key(path)] = value.isoformat()
        else:
            fact[engine_key(path)] = value
    return fact
