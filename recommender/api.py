"""The library's entry points: pure functions, no printing, no exiting."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from recommender.facts import engine_fact, intake_values
from recommender.intake import Intake
from recommender.intake_file import read_intake
from recommender.knowledge import KnowledgeBase, load_kb
from recommender.ranking import build
from recommender.recommendation import Recommendation

if TYPE_CHECKING:
    from recommender.document_model import StrategyDocument
    from recommender.explain import Explanation


@dataclass(frozen=True)
class Evaluation:
    """One intake run through the engine, with what is needed to explain it."""

    intake: Intake
    values: dict[str, Any]
    firings: list[tuple[int, int]]
    final_fact: dict[str, Any]


def evaluate(intake: Intake, kb: KnowledgeBase) -> Evaluation:
    """Match an intake against the knowledge base's rules."""
    values = intake_values(intake, kb.usd_rates)
    firings, final_fact = kb.engine.evaluate(engine_fact(values, kb.fields))
    return Evaluation(intake, values, firings, final_fact)


def recommend(intake: Intake, kb: KnowledgeBase) -> Recommendation:
    """Ranked, explained recommendations for one intake."""
    ev = evaluate(intake, kb)
    return build(kb, intake.business.name, ev.values, ev.firings, ev.final_fact)


def explain_intake(intake: Intake, kb: KnowledgeBase) -> tuple[Recommendation, Explanation]:
    """The recommendation and its explanation, near misses included."""
    ev = evaluate(intake, kb)
    rec = build(kb, intake.business.name, ev.values, ev.firings, ev.final_fact)
    from recommender.explain import explain  # only `goalrec explain` needs it

    return rec, explain(kb, rec, ev.values, ev.final_fact)


def recommend_file(path: Path, rules_dir: Path | None = None) -> Recommendation:
    """Load the knowledge base and an intake file, and recommend."""
    kb = load_kb(rules_dir)
    return recommend(read_intake(path, kb), kb)


def strategy_document(
    intake: Intake, kb: KnowledgeBase, intake_file: Path, date: dt.date
) -> StrategyDocument:
    """The strategy document's content for an intake read from ``intake_file``, dated ``date``."""
    from recommender.document import build_document  # only documents need the planning code

    return build_document(
        recommend(intake, kb),
        intake,
        kb,
        intake_file=intake_file.name,
        intake_digest=hashlib.sha256(intake_file.read_bytes()).hexdigest(),
        date=date,
    )
