"""``goalrec rules ...``: look at the knowledge base."""

from __future__ import annotations

import json
from pathlib import Path

import click

from recommender.cli.common import emit, knowledge_base, output_options, pick_format
from recommender.i18n import pick
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
