"""``goalrec rules ...``: look at the knowledge base."""

from __future__ import annotations

import json
from pathlib import Path

import click

from recommender.cli.common import emit, knowledge_base, output_options, pick_format
from recommender.i18n import _, pick
from recommender.wording import describe_effect


@click.group("rules")
def rules_group() -> None:
    """Inspect the knowledge base under rules/."""


@rules_group.command("list")
@output_options(("text", "json"), "text")
@click.option(
    "--generated/--no-generated", default=True, help="Include rules the catalogue implies."
)
@click.pass_context
def list_cmd(
    ctx: click.Context, fmt: str | None, output: Path | None, force: bool, generated: bool
) -> None:
    """List every rule: id, where it is defined, what it does and its source."""
    kb = knowledge_base(ctx)
    rules = [r for r in kb.rules if generated or not r.generated]
    if pick_format(fmt, output, ("text", "json"), "text") == "json":
        data = [
            {
                "id": r.id,
                "description": pick(r.description),
                "file": r.file,
                "line": r.line,
                "generated": r.generated,
                "effects": [describe_effect(e, kb) for e in r.effects],
                "source": r.source,
            }
            for r in rules
        ]
        emit(json.dumps(data, indent=2, ensure_ascii=False) + "\n", output, force)
        return
    lines = []
    for r in rules:
        lines.append(f"{r.id}  ({r.location}{', generated' if r.generated else ''})")
        lines.append(f"    {pick(r.description)}")
        lines.append(f"    -> {'; '.join(describe_effect(e, kb) for e in r.effects)}")
        lines.append(f"    source: {r.source}")
    lines.append(
        f"{len(rules)} rules ({sum(r.generated for r in rules)} generated from the catalogue)"
    )
    emit("\n".join(lines) + "\n", output, force)


@rules_group.command("lint")
@click.pass_context
def lint_cmd(ctx: click.Context) -> None:
    """Check the knowledge base: errors exit 1, warnings are listed apart."""
    from recommender.knowledge import default_rules_dir
    from recommender.lint import lint

    rules_dir = (ctx.obj or {}).get("rules_dir")
    report = lint(Path(rules_dir) if rules_dir else default_rules_dir())
    if report.errors:
        click.echo(_("Errors:"))
        for finding in report.errors:
            click.echo(f"  {finding}")
    if report.warnings:
        click.echo(_("Warnings:"))
        for finding in report.warnings:
            click.echo(f"  {finding}")
    click.echo(
        _(
            "{rules} rules, {entries} catalogue entries: {errors} errors, {warnings} warnings"
        ).format(
            rules=report.rules,
            entries=report.entries,
            errors=len(report.errors),
            warnings=len(report.warnings),
        )
    )
    if report.errors:
        ctx.exit(1)


@rules_group.command("coverage")
@click.option(
    "--progress/--no-progress", default=None, help="Show a progress bar (default: on a terminal)."
)
@click.pass_context
def coverage_cmd(ctx: click.Context, progress: bool | None) -> None:
    """Evaluate every situation and pair of situations across models, budgets and markets."""
    import sys

    from rich.progress import Progress

    from recommender.coverage import run_coverage, special_markets

    kb = knowledge_base(ctx)
    show = sys.stderr.isatty() if progress is None else progress
    with Progress(transient=True, disable=not show) as bar:
        task = bar.add_task(_("evaluating"), total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        count, issues = run_coverage(kb, advance)
    click.echo(
        _(
            "{count} combinations: every situation and pair, b2b/b2c, "
            "zero/paid budget, markets {markets}"
        ).format(count=count, markets=", ".join([*special_markets(kb), "US"]))
    )
    for issue in issues:
        click.echo(f"  {issue.combination}: {issue.message}")
    click.echo(_("{n} problems").format(n=len(issues)))
    if issues:
        ctx.exit(1)
