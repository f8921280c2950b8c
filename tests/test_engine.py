"""The compiled rules on durable-rules: exact matching, chaining, isolation, determinism."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from recommender import api
from recommender.compiler import compile_program, dnf, satisfiable
from recommender.conditions import All, AnyOf, Condition, FactTest, Leaf, Not, atoms
from recommender.engine import Engine
from recommender.facts import engine_fact, fact_fields
from recommender.intake_file import read_intake
from recommender.knowledge import KnowledgeBase

from .conftest import EXAMPLE

FIELDS = fact_fields(["facebook", "tiktok"])
SITUATIONS = ["hiring", "needs_leads", "low_engagement"]

# --- a test oracle: what each condition means, written independently of the compiler ---


def oracle(cond: Condition, values: Mapping[str, Any], derived: set[str]) -> bool:
    if isinstance(cond, FactTest):
        return cond.name in derived
    if isinstance(cond, All):
        return all(oracle(c, values, derived) for c in cond.items)
    if isinstance(cond, AnyOf):
        return any(oracle(c, values, derived) for c in cond.items)
    if isinstance(cond, Not):
        return not oracle(cond.item, values, derived)
    if not isinstance(cond, Leaf):
        return True
    value = values.get(cond.field)
    if cond.op == "present":
        given = value is not None and (value != [] if isinstance(value, list) else True)
        return bool(given == cond.value)
    if value is None:
        return False
    if cond.op == "equals":
        return bool(value == cond.value)
    if cond.op == "in":
        return value in cond.value
    if cond.op == "contains":
        return cond.value in value
    if cond.op == "contains_any":
        return any(v in value for v in cond.value)
    if cond.op == "contains_all":
        return all(v in value for v in cond.value)
    return bool(
        {
            "gt": value > cond.value,
            "gte": value >= cond.value,
            "lt": value < cond.value,
            "lte": value <= cond.value,
        }[cond.op]
    )


leaves = st.one_of(
    st.builds(
        Leaf, st.just("business.model"), st.just("equals"), st.sampled_from(["b2b", "b2c", "both"])
    ),
    st.builds(
        Leaf,
        st.just("business.model"),
        st.just("in"),
        st.lists(st.sampled_from(["b2b", "b2c", "both"]), min_size=1, max_size=2),
    ),
    st.builds(Leaf, st.just("business.has_website"), st.just("equals"), st.booleans()),
    st.builds(Leaf, st.just("situations"), st.just("contains"), st.sampled_from(SITUATIONS)),
    st.builds(
        Leaf,
        st.just("situations"),
        st.sampled_from(["contains_any", "contains_all"]),
        st.lists(st.sampled_from(SITUATIONS), min_size=1, max_size=3, unique=True),
    ),
    st.builds(Leaf, st.just("situations"), st.just("present"), st.booleans()),
    st.builds(
        Leaf,
        st.just("resources.team_hours_per_week"),
        st.sampled_from(["gt", "gte", "lt", "lte", "equals"]),
        st.sampled_from([0, 5, 10.5, 20]),
    ),
    st.builds(
        Leaf,
        st.just("baselines.monthly_reach"),
        st.sampled_from(["gt", "lt", "present"]),
        st.sampled_from([1000, 5000]),
    ).map(lambda leaf: leaf if leaf.op != "present" else Leaf(leaf.field, "present", True)),
    st.builds(Leaf, st.just("resources.event_date"), st.just("present"), st.booleans()),
)
conditions = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.builds(lambda xs: All(tuple(xs)), st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda xs: AnyOf(tuple(xs)), st.lists(inner, min_size=1, max_size=3)),
        st.builds(Not, inner),
    ),
    max_leaves=6,
)
intake_values = st.fixed_dictionaries(
    {
        "business.model": st.sampled_from(["b2b", "b2c", "both"]),
        "business.has_website": st.booleans(),
        "situations": st.lists(st.sampled_from(SITUATIONS), unique=True).map(sorted),
        "resources.team_hours_per_week": st.sampled_from([0, 4, 5, 10, 10.5, 12, 20, 40]),
    },
    optional={
        "baselines.monthly_reach": st.sampled_from([0, 999, 1000, 5000, 10_000]),
        "resources.event_date": st.just(dt.date(2027, 2, 15)),
    },
)
_programs = itertools.count()


@settings(max_examples=150, deadline=None)
@given(
    conds=st.lists(conditions, min_size=1, max_size=4),
    samples=st.lists(intake_values, min_size=1, max_size=5),
)
def test_engine_matches_what_each_condition_means(
    conds: list[Condition], samples: list[dict[str, Any]]
) -> None:
    """Negation, missing fields, sets and numbers compile exactly (durable decides, the oracle checks)."""
    program = compile_program(f"prop{next(_programs)}", conds, [()] * len(conds), FIELDS, atoms)
    engine = Engine(program)
    for values in samples:
        fired, _final = engine.evaluate(engine_fact(values, FIELDS))
        got = {rule for rule, _alt in fired}
        want = {i for i, c in enumerate(conds) if oracle(c, values, set())}
        assert got == want, (conds, values)
        # every atom the diagnostic ruleset reports true must be true, and only those
        true_atoms = engine.true_atoms(engine_fact(values, FIELDS))
        for cond in conds:
            for atom in atoms(cond):
                assert (atom.key() in true_atoms) == oracle(atom, values, set())


def test_forward_chaining_and_negated_derived_facts() -> None:
    """A derived fact is visible to later rules, and "not fact" waits until it is known."""
    young = Leaf("situations", "contains", "hiring")
    conds: list[Condition] = [
        Not(FactTest("recruiter")),  # 0: must not fire when rule 1 derives 'recruiter'
        young,  # 1: derives 'recruiter'
        FactTest("recruiter"),  # 2: fires on the derived fact
        All((FactTest("recruiter"), Leaf("business.has_website", "equals", True))),  # 3
    ]
    derives: list[tuple[str, ...]] = [(), ("recruiter",), ("second",), ()]
    engine = Engine(compile_program("chain", conds, derives, FIELDS, atoms))
    fired, final = engine.evaluate(
        engine_fact({"situations": ["hiring"], "business.has_website": True}, FIELDS)
    )
    assert [r for r, _ in fired] == [1, 2, 3]
    assert final["derived__recruiter"] == 1 and final["derived__second"] == 1
    fired, _ = engine.evaluate(
        engine_fact({"situations": [], "business.has_website": True}, FIELDS)
    )
    assert [r for r, _ in fired] == [0]


def test_dnf_and_contradictions() -> None:
    a = Leaf("business.model", "equals", "b2b")
    b = Leaf("business.model", "equals", "b2c")
    assert len(dnf(AnyOf((a, b)))) == 2
    assert len(dnf(Not(AnyOf((a, b))))) == 1
    [conj] = dnf(All((a, b)))
    assert not satisfiable(conj, FIELDS)
    [conj] = dnf(All((a, Not(a))))
    assert not satisfiable(conj, FIELDS)
    low = Leaf("resources.team_hours_per_week", "lt", 5)
    high = Leaf("resources.team_hours_per_week", "gt", 10)
    [conj] = dnf(All((low, high)))
    assert not satisfiable(conj, FIELDS)
    [conj] = dnf(All((low, Not(high))))
    assert satisfiable(conj, FIELDS)


def test_each_intake_is_evaluated_in_isolation(kb: KnowledgeBase, tmp_path: Path) -> None:
    first = read_intake(EXAMPLE, kb)
    other_text = (
        EXAMPLE.read_text()
        .replace(
            "situations: [new_product_launch, hiring, low_engagement]",
            "situations: [reputation_problem]",
        )
        .replace("  event_date: 2027-02-15     # launch or event date, when there is one\n", "")
        .replace("  open_positions: 3\n", "")
    )
    other_path = tmp_path / "other.yaml"
    other_path.write_text(other_text)
    other = read_intake(other_path, kb)
    before = api.recommend(first, kb).to_json()
    for _ in range(200):
        api.recommend(other, kb)
    assert api.recommend(first, kb).to_json() == before  # nothing leaked from the other client


def test_output_is_deterministic_across_processes(kb: KnowledgeBase) -> None:
    import subprocess
    import sys

    code = (
        "from pathlib import Path; from recommender.api import recommend_file; "
        f"print(recommend_file(Path({str(EXAMPLE)!r})).to_json(), end='')"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
        for _ in range(2)
    }
    assert len(outputs) == 1
    assert outputs.pop() == api.recommend(read_intake(EXAMPLE, kb), kb).to_json()


def test_trace_names_the_facts_and_source(kb: KnowledgeBase) -> None:
    rec = api.recommend(read_intake(EXAMPLE, kb), kb)
    hiring = next(t for t in rec.trace if t.rule == "situation.hiring")
    assert hiring.facts == {"situations": ["hiring"]}
    assert hiring.source.startswith("seeds/000_")
    assert "goal Recruiting +50" in hiring.effects
    market = next(t for t in rec.trace if t.rule == "market.facebook.VN.leads")
    assert market.generated and market.facts == {"business.markets": ["VN"]}


def test_near_misses_come_from_the_engine(kb: KnowledgeBase) -> None:
    _rec, exp = api.explain_intake(read_intake(EXAMPLE, kb), kb)
    event = next(g for g in exp.goals if g.id == "event_promotion")
    miss = next(m for m in event.near_misses if m.rule == "context.event-soon")
    assert miss.needed == "days from the start to the event is less than 42"
    assert miss.actual == "days from the start to the event: 42"
