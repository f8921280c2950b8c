"""``goalrec diff``: which clients' plans a knowledge-base change affects."""

from __future__ import annotations

import json
from pathlib import Path

import click

from recommender.cli.common import JOBS_OPTION, early_check, emit, output_options, pick_format
from recommender.i18n import _
from recommender.intake_file import intake_files
from recommender.parallel import default_jobs


@click.command("diff")
@click.option(
    "--rules",
    "old_rules",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The knowledge base before the change (e.g. a checkout of the last release).",
)
@click.option(
    "--rules-new",
    type=click.Path(file_okay=False, path_type=Path),
    help="The knowledge base after the change (default: goalrec's --rules, else the bundled one).",
)
@click.argument("intake_dir", type=click.Path(file_okay=False, path_type=Path))
@output_options(("md", "json"), "md")
@JOBS_OPTION
@click.pass_context
def diff_cmd(
    ctx: click.Context,
    old_rules: Path,
    rules_new: Path | None,
    intake_dir: Path,
    fmt: str | None,
    output: Path | None,
    force: bool,
    jobs: int | None,
) -> None:
    """Compare every intake in INTAKE_DIR under two versions of the knowledge base.

    Per client: the goals, KPIs, platforms, tactics and warnings added, removed or
    re-ranked, with the rule changes behind each. Intakes that cannot be read are listed
    at the end (exit status 1).
    """
    from recommender.impact import compare_knowledge, diff_intakes, render_markdown, to_json_data
    from recommender.knowledge import load_kb

    early_check(output, force)
    fmt = pick_format(fmt, output, ("md", "json"), "md")
    new_root = rules_new or (Path(ctx.obj["rules_dir"]) if ctx.obj.get("rules_dir") else None)
    old, new = load_kb(old_rules), load_kb(new_root)  # report broken rule files before any work
    files = intake_files(intake_dir)
    if not files:
        click.echo(_("no intakes found in {folder}").format(folder=intake_dir))
        return
    changes = compare_knowledge(old, new)
    clients = list(
        diff_intakes([str(p) for p in files], str(old_rules), str(new.root), jobs or default_jobs())
    )
    if fmt == "json":
        meta = {
            "old": {"root": str(old.root), "version": old.meta.version, "digest": old.digest},
            "new": {"root": str(new.root), "version": new.meta.version, "digest": new.digest},
        }
        emit(
            json.dumps(to_json_data(changes, clients, meta), indent=2, ensure_ascii=False) + "\n",
            output,
            force,
        )
    else:
        emit(render_markdown(changes, clients, old, new), output, force)
    if any(c.error for c in clients):
        ctx.exit(1)
