"""Engine benchmark: goalrec's per-intake cost next to bare durable-rules, memory, cold start.

Run by hand: ``python benchmarks/bench_engine.py``. Prints one report; asserts nothing.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.generate import intake_data  # noqa: E402
from recommender import api  # noqa: E402
from recommender.facts import engine_fact, intake_values  # noqa: E402
from recommender.intake import Intake  # noqa: E402
from recommender.intake_file import validation_context  # noqa: E402
from recommender.knowledge import KnowledgeBase, load_kb  # noqa: E402


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def bare_host(program: Any, on_fire: Any) -> Any:
    """A plain durable host (no timer threads) with the strata's rulesets; actions call on_fire."""
    import copy

    import durable.engine

    class Host(durable.engine.Host):  # type: ignore[misc]
        def _run(self) -> None:
            pass

        def get_action(self, name: str) -> Any:
            def action(c: Any) -> None:
                on_fire(name)

            return action

    host = Host()
    host.set_rulesets(copy.deepcopy({n: program.rulesets[n] for n in program.stratum_names}))
    return host


def timed(facts: list[list[dict[str, Any]]], run: Any) -> list[float]:
    """µs of ``run(session id, facts per stratum)`` for each intake."""
    times = []
    for n, per_stratum in enumerate(facts):
        t0 = time.perf_counter_ns()
        run(f"bare{n}", per_stratum)
        times.append((time.perf_counter_ns() - t0) / 1000)
    return times


def bare_durable(program: Any, facts: list[list[dict[str, Any]]]) -> list[float]:
    """The bare pattern on the same rulesets: assert, collect fired names, delete the session."""
    fired: list[str] = []
    host = bare_host(program, fired.append)
    names = program.stratum_names

    def run(sid: str, per_stratum: list[dict[str, Any]]) -> None:
        for ruleset, fact in zip(names, per_stratum, strict=True):
            fired.clear()
            host.assert_fact(ruleset, {**fact, "sid": sid})
            host.delete_state(ruleset, sid)

    return timed(facts, run)


def bare_core(program: Any, facts: list[list[dict[str, Any]]]) -> list[float]:
    """The fastest use of durable on the same rulesets and facts: its C core, no Python actions.

    Assert the fact, drain the fired rules straight from the core (the calls durable's own
    action loop makes), delete the session: what goalrec's engine does, minus goalrec.
    """
    import json

    import durable_rules_engine

    def never(name: str) -> None:
        raise AssertionError(f"{name} was dispatched through the host")

    host = bare_host(program, never)
    handles = [host.get_ruleset(n)._handle for n in program.stratum_names]
    fired: list[str] = []

    def run(sid: str, per_stratum: list[dict[str, Any]]) -> None:
        for handle, fact in zip(handles, per_stratum, strict=True):
            fired.clear()
            _, state = durable_rules_engine.assert_fact(handle, json.dumps({**fact, "sid": sid}))
            started = durable_rules_engine.start_action_for_state(handle, state)
            message = started[1] if started else None
            while message:
                fired.append(message[2 : message.index('"', 2)])
                message = durable_rules_engine.complete_and_start_action(handle, state)
            durable_rules_engine.delete_state(handle, sid)

    return timed(facts, run)


def stratum_facts(
    program: Any, base: dict[str, Any], final: dict[str, Any]
) -> list[dict[str, Any]]:
    """The fact each stratum saw, rebuilt from the final fact (derived flags per stratum)."""
    out = []
    current = dict(base)
    for name in program.stratum_names:
        out.append(dict(current))
        level = int(name.rsplit("_s", 1)[1])
        for rule in program.rules:
            if rule.stratum == level:
                for derived in rule.derives:
                    key = f"derived__{derived}"
                    if final.get(key):
                        current[key] = 1
    return out


def user_env() -> dict[str, str]:
    """The environment a timed command runs in, as a user's: with bytecode caches.

    site-packages has them from pip; with PYTHONDONTWRITEBYTECODE set, goalrec's own modules
    would be compiled from source on every run.
    """
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def cold(cmd: list[str], runs: int = 15) -> float:
    env = user_env()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, cwd=REPO, env=env)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


SEED = 20261123
LINES = {
    "bare_host": "bare durable-rules pattern",
    "bare_core": "bare durable core pattern",
    "evaluate": "goalrec evaluation (facts + engine)",
    "recommend": "goalrec full recommendation",
}


def generated_data(kb: KnowledgeBase, n: int = 10_000, seed: int = SEED) -> list[dict[str, Any]]:
    """The benchmark's intakes as plain data (the same ones for every benchmark)."""
    rng = random.Random(seed)
    return [intake_data(rng, kb, i) for i in range(n)]


def engine_timings(kb: KnowledgeBase, intakes: list[Intake]) -> dict[str, list[float]]:
    """Per-intake µs of each line of the report, on the same rulesets and facts."""
    for intake in intakes[:500]:  # warm up
        api.recommend(intake, kb)
    evaluate_us, recommend_us, facts = [], [], []
    for intake in intakes:
        t0 = time.perf_counter_ns()
        ev = api.evaluate(intake, kb)
        t1 = time.perf_counter_ns()
        api.recommend(intake, kb)
        t2 = time.perf_counter_ns()
        evaluate_us.append((t1 - t0) / 1000)
        recommend_us.append((t2 - t1) / 1000)
        base = engine_fact(intake_values(intake, kb.usd_rates), kb.fields)
        facts.append(stratum_facts(kb.program, base, ev.final_fact))
    return {
        "bare_host": bare_durable(kb.program, facts),
        "bare_core": bare_core(kb.program, facts),
        "evaluate": evaluate_us,
        "recommend": recommend_us,
    }


def print_engine_timings(timings: dict[str, list[float]]) -> dict[str, float]:
    """Print the per-intake table; return each line's median (µs)."""
    med = {k: statistics.median(v) for k, v in timings.items()}
    notes = {
        "evaluate": "target <= 1.5x the bare Host pattern",
        "recommend": "ranking, wording, pydantic model",
    }
    print(f"\nper intake ({len(timings['evaluate']):,} generated intakes)        median      p95")
    for key, label in LINES.items():
        ratio = ""
        if key in notes:
            ratio = (
                f"   {med[key] / med['bare_host']:.2f}x Host, "
                f"{med[key] / med['bare_core']:.2f}x core ({notes[key]})"
            )
        print(f"  {label:<38}{med[key]:8.1f} µs {percentile(timings[key], 0.95):8.1f} µs{ratio}")
    return med


def main() -> None:
    kb = load_kb()
    ctx = validation_context(kb)
    intakes = [Intake.model_validate(d, context=ctx) for d in generated_data(kb)]
    print(
        f"knowledge base: {len(kb.rules)} rules ({sum(r.generated for r in kb.rules)} generated), "
        f"{len(kb.program.stratum_names)} strata, "
        f"{sum(len(r.conjunctions) for r in kb.program.rules)} durable rules"
    )
    print_engine_timings(engine_timings(kb, intakes))

    start = rss_mb()
    for intake in intakes:
        api.recommend(intake, kb)
    after_10k = rss_mb()
    for _ in range(9):
        for intake in intakes:
            api.recommend(intake, kb)
    after_100k = rss_mb()
    print(
        f"\nRSS: start {start:.1f} MB, after 10k {after_10k:.1f} MB, after 100k {after_100k:.1f} MB "
        f"(growth 10k->100k {after_100k - after_10k:+.1f} MB, target < 5 MB)"
    )

    goalrec = [
        sys.executable,
        "-m",
        "recommender",
        "recommend",
        "examples/mekong-coffee.yaml",
        "--format",
        "json",
    ]
    bare = [sys.executable, "-c", "import durable.engine, pydantic, click, jinja2, yaml"]
    cold(goalrec, 3)  # warm the file cache and .pyc files
    t_goalrec, t_bare = cold(goalrec), cold(bare)
    print(
        f"\ncold CLI: goalrec recommend --format json {t_goalrec:.0f} ms, bare imports {t_bare:.0f} ms, "
        f"ratio {t_goalrec / t_bare:.2f}x (target <= 1.3x)"
    )


if __name__ == "__main__":
    main()
