"""Seeded generator of realistic, valid intakes for benchmarks (and for batch tests)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any, get_args

from recommender.intake import AgeRange, Situation
from recommender.knowledge import KnowledgeBase

MARKETS = ["VN", "VN", "VN", "IR", "IR", "US", "GB", "CN", "RU", "JP", "TH", "KR", "DE", "SG"]
CURRENCY = {
    "VN": "VND",
    "IR": "IRR",
    "US": "USD",
    "GB": "GBP",
    "CN": "CNY",
    "RU": "RUB",
    "JP": "JPY",
    "TH": "THB",
    "KR": "KRW",
    "DE": "EUR",
    "SG": "SGD",
}
LANGUAGE = {
    "VN": "vi",
    "IR": "fa",
    "CN": "zh",
    "RU": "ru",
    "JP": "ja",
    "TH": "th",
    "KR": "ko",
    "DE": "de",
}
BASELINES = [
    "monthly_reach",
    "monthly_impressions",
    "monthly_social_sessions",
    "monthly_conversions",
    "monthly_leads",
    "monthly_mentions",
    "monthly_event_registrations",
]


def intake_data(rng: random.Random, kb: KnowledgeBase, index: int) -> dict[str, Any]:
    """One valid intake as plain data."""
    country = rng.choice(MARKETS)
    situations = rng.sample(list(get_args(Situation)), rng.randint(0, 4))
    store = rng.random() < 0.4
    start = dt.date(2027, 1, 4) + dt.timedelta(days=rng.randint(0, 300))
    resources: dict[str, Any] = {
        "monthly_ad_budget": rng.choice([0, 0, 200, 1500, 10_000])
        / kb.currencies.rates[CURRENCY[country]].usd_per_unit,
        "currency": CURRENCY[country],
        "team_hours_per_week": rng.choice([3, 8, 12, 20, 40]),
        "timeframe_months": rng.choice([2, 3, 6, 12]),
        "start_date": start.isoformat(),
    }
    if set(situations) & {"hosting_event", "new_product_launch"} and rng.random() < 0.8:
        resources["event_date"] = (start + dt.timedelta(days=rng.randint(10, 120))).isoformat()
    if "hiring" in situations:
        resources["open_positions"] = rng.randint(1, 12)
    platforms = rng.sample(
        ["facebook", "instagram", "tiktok", "youtube", "linkedin", "zalo", "telegram"],
        rng.randint(0, 3),
    )
    return {
        "schema_version": 1,
        "business": {
            "name": f"Client {index}",
            "industry": rng.choice(
                ["coffee", "software", "fashion", "logistics", "clinic", "hotel"]
            ),
            "model": rng.choice(["b2b", "b2c", "both"]),
            "country": country,
            "markets": sorted({country} | ({rng.choice(MARKETS)} if rng.random() < 0.2 else set())),
            "language": LANGUAGE.get(country, "en"),
            "has_website": True if store else rng.random() < 0.7,
            "has_online_store": store,
            "has_crm": rng.random() < 0.3,
        },
        "audience": {"age_ranges": sorted(rng.sample(list(get_args(AgeRange)), rng.randint(0, 3)))},
        "situations": situations,
        "platforms": [{"id": p, "followers": rng.randint(0, 100_000)} for p in platforms],
        "baselines": {b: rng.randint(0, 50_000) for b in rng.sample(BASELINES, rng.randint(0, 4))},
        "resources": resources,
    }
