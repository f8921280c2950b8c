"""Hypothesis strategies for valid intakes."""

from __future__ import annotations

import datetime as dt
from typing import Any, get_args

from hypothesis import strategies as st

from recommender.intake import AgeRange, Situation

SITUATIONS = list(get_args(Situation))
MARKETS = ["VN", "IR", "CN", "RU", "JP", "TH", "TW", "KR", "US", "DE"]
PLATFORMS = [
    "facebook",
    "instagram",
    "tiktok",
    "youtube",
    "linkedin",
    "x",
    "zalo",
    "telegram",
    "whatsapp",
]


@st.composite
def intakes(draw: st.DrawFn, max_situations: int = 3) -> dict[str, Any]:
    """Plain data for a valid intake (before any metamorphic change)."""
    country = draw(st.sampled_from(MARKETS))
    situations = draw(st.lists(st.sampled_from(SITUATIONS), max_size=max_situations, unique=True))
    store: bool = draw(st.booleans())
    start = dt.date(2027, 1, 4)
    resources: dict[str, Any] = {
        "monthly_ad_budget": draw(st.sampled_from([0, 300, 5000])),
        "currency": "USD",
        "team_hours_per_week": draw(st.sampled_from([3, 8, 15, 40])),
        "timeframe_months": draw(st.sampled_from([2, 6, 12])),
        "start_date": start,
    }
    has_event = bool(set(situations) & {"hosting_event", "new_product_launch"})
    if has_event and draw(st.booleans()):
        resources["event_date"] = start + dt.timedelta(days=draw(st.integers(7, 200)))
    if "hiring" in situations:
        resources["open_positions"] = draw(st.integers(1, 10))
    baselines = draw(
        st.dictionaries(
            st.sampled_from(
                ["monthly_reach", "monthly_conversions", "monthly_leads", "avg_response_minutes"]
            ),
            st.integers(0, 100_000),
            max_size=3,
        )
    )
    return {
        "schema_version": 1,
        "business": {
            "name": "Hypothesis client",
            "industry": "testing",
            "model": draw(st.sampled_from(["b2b", "b2c", "both"])),
            "country": country,
            "language": "en",
            "has_website": store or draw(st.booleans()),
            "has_online_store": store,
            "has_crm": draw(st.booleans()),
        },
        "audience": {
            "age_ranges": draw(
                st.lists(st.sampled_from(list(get_args(AgeRange))), max_size=3, unique=True)
            )
        },
        "situations": situations,
        "platforms": [
            {"id": p} for p in draw(st.lists(st.sampled_from(PLATFORMS), max_size=3, unique=True))
        ],
        "baselines": baselines,
        "resources": resources,
    }
