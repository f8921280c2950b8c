"""Engine benchmark: goalrec's per-intake cost next to bare durable-rules, memory, cold start.

Run by hand: ``python benchmarks/bench_engine.py``. Prints one report; asserts nothing.
"""

from __future__ import annotations

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
from recommender.knowledge import load_kb  # noqa: E402


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def bare_durable(program: Any, facts: list[list[dict[str, Any]]]) -> list[float]:
    """The bare pattern on the same rulesets: assert, collect fired names, delete the session."""
    import copy

    import durable.engine

    fired: list[str] = []

    class Host(durable.engine.Host):  # type: ignore[misc]
        def _run(self) -> None:
            pass

        def get_action(self, name: str) -> Any:
            def action(c: Any) -> None:
                fired.append(name)

            return action

    host = Host()
    names = program.stratum_names
    host.set_rulesets(copy.deepcopy({n: program.rulesets[n] for n in names}))
    times = []
    for n, per_stratum in enumerate(facts):
        sid = f"bare{n}"
        t0 = time.perf_counter_ns()
        for ruleset, fact in zip(names, per_stratum, strict=True):
            fired.clear()
            host.assert_fact(ruleset, {**fact, "sid": sid})
            host.delete_state(ruleset, sid)
        times.append((time.perf_counter_ns() - t0) / 1000)
    return times


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


def cold(cmd: list[str], runs: int = 15) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, cwd=REPO)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main() -> None:
    kb = load_kb()
    rng = random.Random(20261123)
    ctx = validation_context(kb)
    intakes = [Intake.model_validate(intake_data(rng, kb, i), context=ctx) for i in range(10_000)]
    print(
        f"knowledge base: {len(kb.rules)} rules ({sum(r.generated for r in kb.rules)} generated), "
        f"{len(kb.program.stratum_names)} strata, "
        f"{sum(len(r.conjunctions) for r in kb.program.rules)} durable rules"
    )

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
    bare_us = bare_durable(kb.program, facts)
    med_bare, p95_bare = statistics.median(bare_us), percentile(bare_us, 0.95)
    med_eval, p95_eval = statistics.median(evaluate_us), percentile(evaluate_us, 0.95)
    med_rec, p95_rec = statistics.median(recommend_us), percentile(recommend_us, 0.95)
    print("\nper intake (10,000 generated intakes)      median      p95")
    print(f"  bare durable-rules pattern            {med_bare:8.1f} µs {p95_bare:8.1f} µs")
    print(
        f"  goalrec evaluation (facts + engine)   {med_eval:8.1f} µs {p95_eval:8.1f} µs"
        f"   ratio {med_eval / med_bare:.2f}x (target <= 1.5x)"
    )
    print(
        f"  goalrec full recommendation           {med_rec:8.1f} µs {p95_rec:8.1f} µs"
        f"   ratio {med_rec / med_bare:.2f}x (ranking, wording, pydantic model)"
    )

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
