"""Batch benchmark: ``goalrec batch --format json`` and ``goalrec diff`` over 10,000 intakes.

Run by hand: ``python benchmarks/bench_batch.py [--intakes N] [--runs R]``. Writes the
benchmark's generated intakes (the engine benchmark's, same seed) as YAML files into a
temporary folder, one sub-folder per market, and times the commands as a user runs them
(a fresh process each, wall time) on one job and on every core. Prints intakes per
second, the parallel speed-up, and the per-intake cost next to the engine benchmark's
figures on the same intakes. Medians of R runs; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.bench_engine import (  # noqa: E402
    LINES,
    engine_timings,
    generated_data,
    print_engine_timings,
    user_env,
)
from recommender.intake import Intake  # noqa: E402
from recommender.intake_file import validation_context  # noqa: E402
from recommender.knowledge import KnowledgeBase, load_kb  # noqa: E402
from recommender.parallel import default_jobs  # noqa: E402


def write_intakes(kb: KnowledgeBase, folder: Path, n: int) -> list[Intake]:
    """The generated intakes as YAML files under ``folder/<market>/``; return them validated."""
    ctx = validation_context(kb)
    intakes = []
    for i, data in enumerate(generated_data(kb, n)):
        path = folder / data["business"]["country"] / f"client-{i:05}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        intakes.append(Intake.model_validate(data, context=ctx))
    return intakes


def old_rules(kb: KnowledgeBase, folder: Path) -> Path:
    """A copy of the knowledge base with one setting changed: what ``diff`` compares against."""
    target = folder / "rules-old"
    shutil.copytree(kb.root, target)
    path = target / "knowledge_base.yaml"
    text = path.read_text("utf-8")
    changed = text.replace("max_platforms:\n    value: 5", "max_platforms:\n    value: 4")
    if changed == text:
        raise SystemExit("bench_batch: max_platforms is no longer 5; pick another setting")
    path.write_text(changed, "utf-8")
    return target


@dataclass(frozen=True)
class Timing:
    wall: float  # seconds the command took
    cpu: float  # CPU seconds it used, its worker processes included
    others: float  # CPU seconds everything else on the machine used meanwhile


def busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy since boot (all cores)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle and iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def wait_until_idle(cores: int, limit: float) -> None:
    """Wait (up to ``limit`` seconds) for a second in which the other processes leave the
    cores nearly free: on a shared machine their load, not goalrec, would set the speed-up."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        before = busy_seconds()
        time.sleep(1)
        if busy_seconds() - before < 0.1 * cores:
            return


def timed_run(cmd: list[str]) -> Timing:
    """Wall and CPU seconds of one command, and what the rest of the machine used meanwhile."""
    before, busy = resource.getrusage(resource.RUSAGE_CHILDREN), busy_seconds()
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, env=user_env())
    wall = time.perf_counter() - t0
    after, busy = resource.getrusage(resource.RUSAGE_CHILDREN), busy_seconds() - busy
    if done.returncode != 0:
        raise SystemExit(f"bench_batch: {' '.join(cmd)} failed:\n{done.stdout}{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(wall, cpu, max(0.0, busy - cpu))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--intakes", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--wait-idle",
        type=float,
        default=0,
        metavar="SECONDS",
        help="before each timed command, wait up to this long for the other processes to go quiet",
    )
    args = parser.parse_args()
    n, cores = args.intakes, default_jobs()
    kb = load_kb()
    goalrec = [sys.executable, "-m", "recommender"]
    with tempfile.TemporaryDirectory(prefix="goalrec-bench-") as tmp:
        root = Path(tmp)
        clients = root / "clients"
        print(f"writing {n:,} generated intakes under {clients} ...", flush=True)
        intakes = write_intakes(kb, clients, n)
        old = old_rules(kb, root)
        commands = {
            "batch --format json": ["batch", str(clients), "--format", "json", "-o"],
            "diff (one setting changed)": ["diff", "--rules", str(old), str(clients), "-o"],
        }
        jobs = sorted({1, cores})
        results: dict[tuple[str, int], list[Timing]] = {}
        timed_run([*goalrec, "rules", "lint"])  # warm the knowledge-base cache and .pyc files
        for run in range(args.runs):
            for name, command in commands.items():
                for j in jobs:
                    out = root / f"out-{run}-{j}"
                    shutil.rmtree(out, ignore_errors=True)
                    out.mkdir()
                    # batch writes into the folder, diff its report (JSON) into a file there
                    target = out if name.startswith("batch") else out / "diff.json"
                    cmd = [*goalrec, *command, str(target), "-j", str(j)]
                    wait_until_idle(cores, args.wait_idle)
                    results.setdefault((name, j), []).append(timed_run(cmd))
                    shutil.rmtree(out)
            print(f"  run {run + 1}/{args.runs} done", flush=True)

    print(f"\n{n:,} intakes, {cores} cores, median of {args.runs} runs (wall time of the command)")
    print(
        f"  {'command':<30}{'jobs':>5}{'wall':>9}{'intakes/s':>11}{'speed-up':>10}"
        f"{'CPU s':>8}{'others CPU s':>14}"
    )
    per_intake: dict[str, float] = {}
    for name in commands:
        one = statistics.median(t.wall for t in results[(name, 1)])
        for j in jobs:
            runs = results[(name, j)]
            wall = statistics.median(t.wall for t in runs)
            cpu = statistics.median(t.cpu for t in runs)
            others = statistics.median(t.others for t in runs)
            speed = f"{one / wall:.2f}x" if j > 1 else ""
            print(
                f"  {name:<30}{j:>5}{wall:>8.1f}s{n / wall:>11.0f}{speed:>10}{cpu:>8.1f}"
                f"{others:>14.1f}"
            )
        per_intake[name] = one / n * 1e6
    print("  (others CPU s: what other processes used meanwhile, on the same cores)")

    print("\nengine benchmark on the same intakes (in one process, no files):", flush=True)
    med = print_engine_timings(engine_timings(kb, intakes))
    print("\nper-intake cost on 1 job (command wall time / intakes, start-up included)")
    for name, us in per_intake.items():
        ratios = ", ".join(f"{us / med[key]:.2f}x {LINES[key]}" for key in LINES)
        print(f"  {name:<30}{us:8.0f} µs   {ratios}")
    print("  targets: batch within 2x the bare evaluation; speed-up >= 1.7x on 2 cores")


if __name__ == "__main__":
    main()
