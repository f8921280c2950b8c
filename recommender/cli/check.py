"""``goalrec check``: run case files and show what differs."""

from __future__ import annotations

import fnmatch
from pathlib import Path

import click

from recommender.cases import CaseResult, case_files, load_case, run_case
from recommender.cli.common import knowledge_base
from recommender.errors import CaseFileError, IntakeError
from recommender.i18n import _
from recommender.knowledge import KnowledgeBase


def _matches(path: Path, pattern: str) -> bool:
    if any(ch in pattern for ch in "*?["):
        return fnmatch.fnmatch(path.stem, pattern) or fnmatch.fnmatch(str(path), pattern)
    return pattern in path.stem


def _report(result: CaseResult) -> list[str]:
    lines = [f"      {result.case.path}"]
    for failure in result.failures:
        expected, got = _("expected"), _("got")
        width = max(len(expected), len(got))
        lines.append(f"      x {failure.expectation}: {expected:<{width}} {failure.expected}")
        pad = " " * (len(failure.expectation) + 2)
        lines.append(f"        {pad}{got:<{width}} {failure.actual}")
    fired = ", ".join(t.rule for t in result.recommendation.trace if not t.generated)
    lines.append(_("      rules fired: {rules}").format(rules=fired))
    return lines


@click.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--only", "pattern", help="Run only cases whose file name matches (glob or substring)."
)
@click.pass_context
def check_cmd(ctx: click.Context, paths: tuple[Path, ...], pattern: str | None) -> None:
    """Run case files (default: cases/) and report each expectation that fails."""
    kb: KnowledgeBase = knowledge_base(ctx)
    files = case_files(paths or [Path("cases")])
    if pattern:
        files = [f for f in files if _matches(f, pattern)]
    if not files:
        raise click.UsageError(_("no case files found"))
    width = max(len(f.stem) for f in files)
    passed = failed = broken = 0
    for path in files:
        try:
            result = run_case(load_case(path, kb), kb)
        except (CaseFileError, IntakeError) as exc:
            broken += 1
            click.echo(f"ERROR {path.stem:<{width}}")
            for problem in exc.problems:
                click.echo(f"      {problem}")
            continue
        if result.passed:
            passed += 1
            click.echo(f"PASS  {path.stem:<{width}}  {result.case.name}")
        else:
            failed += 1
            click.echo(f"FAIL  {path.stem:<{width}}  {result.case.name}")
            click.echo("\n".join(_report(result)))
    summary = _("{passed} passed, {failed} failed").format(passed=passed, failed=failed + broken)
    if broken:
        summary += " " + _("({n} could not be read)").format(n=broken)
    click.echo(summary)
    if broken:
        ctx.exit(2)
    if failed:
        ctx.exit(1)
