from typing import Any, get_args, get_origin

from pydantic import BaseModel

from recommender.conditions import Leaf, atoms
from recommender.intake import Baselines, Intake, Situation
from recommender.knowledge import KnowledgeBase
from recommender.questions import (
    BASELINES_BY_SITUATION,
    QUESTIONS,
    SITUATION_LABELS,
    _bare,
    all_questions,
)
from recommender.rulebook import GoalEffect, KpisEffect
from recommender.validation import model_at


def intake_fields(model: type[BaseModel] = Intake, prefix: str = "") -> list[str]:
    """Every leaf field of the intake, in key order (items of lists of models as '*')."""
    out: list[str] = []
    for name in model.model_fields:
        sub = model_at(model, [name])
        if sub is None:
            out.append(prefix + name)
        elif get_origin(_bare(model.model_fields[name].annotation)) is tuple:
            out.append(prefix + name)
            out.extend(intake_fields(sub, f"{prefix}{name}.*."))
        else:
            out.extend(intake_fields(sub, f"{prefix}{name}."))
    return out


def test_every_question_maps_to_an_intake_field_in_key_order() -> None:
    fields = intake_fields()
    keys = [q.key for q in all_questions()]
    assert all(q.info is not None for q in all_questions())
    assert keys == [f for f in fields if f in keys], "questions must follow the intake's key order"
    # not asked: the format version, the platform id (the selection), and the client's own
    # targets (a strategist adds those to the file; goalrec proposes targets itself)
    unasked = {f for f in set(fields) - set(keys) if not f.startswith("targets.")}
    assert unasked == {"schema_version", "platforms.*.id"}


def test_kinds_ranges_and_help_come_from_the_model() -> None:
    by_key = {q.key: q for q in all_questions()}
    assert by_key["business.model"].kind == "choice"
    assert by_key["situations"].kind == "choices"
    assert by_key["audience.age_ranges"].kind == "choices"
    assert by_key["platforms"].kind == "choices"
    assert by_key["resources.currency"].kind == "choice"
    assert by_key["business.competitors"].kind == "texts"
    assert by_key["business.has_crm"].kind == "yes_no"
    assert by_key["resources.timeframe_months"].kind == "integer"
    assert by_key["resources.timeframe_months"].bounds == (1, 36)
    assert by_key["baselines.csat_pct"].bounds == (0, 100)
    assert by_key["resources.event_date"].kind == "date"
    assert by_key["business.name"].required and not by_key["business.markets"].required
    assert by_key["resources.team_hours_per_week"].help == (
        "Hours per week the team can give to social media."
    )


def test_closed_sets_have_a_label_for_every_value() -> None:
    assert set(SITUATION_LABELS) == set(get_args(Situation))
    for question in QUESTIONS:
        if question.labels:
            assert set(question.labels) == set(question.literal_values()), question.key


def test_conditions_only_look_at_earlier_answers() -> None:
    seen: set[str] = set()
    for question in all_questions():
        if question.when is not None:
            assert question.when.key in seen, question.key
        seen.add(question.key)


def _baselines_the_rules_use(kb: KnowledgeBase, situation: str) -> set[str]:
    goals: set[str] = set()
    extra: dict[str, set[str]] = {}
    for rule in kb.rules:
        if any(
            isinstance(a, Leaf) and a.field == "situations" and a.value == situation
            for a in atoms(rule.condition)
        ):
            for effect in rule.effects:
                if isinstance(effect, GoalEffect) and effect.weight > 0:
                    goals.add(effect.goal)
                if isinstance(effect, KpisEffect):
                    extra.setdefault(effect.goal, set()).update(effect.kpis)
    kpis = {k for g in goals for k in (*kb.goals[g].kpis, *extra.get(g, ()))}
    return {b for k in kpis if (b := kb.kpis[k].baseline)}


def test_baselines_asked_for_a_situation_feed_its_goals_kpis(kb: KnowledgeBase) -> None:
    assert set(BASELINES_BY_SITUATION) == set(get_args(Situation))
    for situation, names in BASELINES_BY_SITUATION.items():
        assert set(names) <= set(Baselines.model_fields), situation
        assert set(names) <= _baselines_the_rules_use(kb, situation), situation


def test_when_describes_itself() -> None:
    by_key: dict[str, Any] = {q.key: q for q in all_questions()}
    assert by_key["resources.open_positions"].when.describe() == "situations includes hiring"
    assert by_key["resources.currency"].when.describe() == (
        "resources.monthly_ad_budget is above 0"
    )
    assert by_key["business.has_online_store"].when.describe() == "business.has_website is yes"
