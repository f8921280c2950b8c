"""``goalrec batch``: every client's intake in a folder, rendered on all cores."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import click

from recommender.batch import BATCH_FORMATS, is_batch_format
from recommender.cli.common import (
    DATE_OPTION,
    JOBS_OPTION,
    TEMPLATE_DIR_OPTION,
    choose_language,
    knowledge_base,
)
from recommender.i18n import _

if TYPE_CHECKING:
    from rich.progress import Progress

    from recommender.batch import Outcome


@click.command("batch")
@click.argument("intake_dir", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "out_dir",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder to write into (made if missing); INTAKE_DIR's sub-folders are kept.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(BATCH_FORMATS),
    default="md",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--force", is_flag=True, help="Overwrite files that already exist in the output folder."
)
@DATE_OPTION
@TEMPLATE_DIR_OPTION
@JOBS_OPTION
@click.option(
    "--progress/--no-progress", default=None, help="Show a progress bar (default: on a terminal)."
)
@click.pass_context
def batch_cmd(
    ctx: click.Context,
    intake_dir: Path,
    out_dir: Path,
    fmt: str,
    force: bool,
    day: dt.datetime | None,
    template_dir: Path | None,
    jobs: int | None,
    progress: bool | None,
) -> None:
    """Render every intake under INTAKE_DIR (recursively) into the output folder.

    One file per intake, named after it with the format's extension. An intake that
    cannot be rendered is reported at the end with its reason (exit status 1); the
    others are still written. Existing files are kept unless --force is given.
    """
    from recommender.batch import Settings, plan_batch, prepare_output_dir, run_batch
    from recommender.parallel import default_jobs

    assert is_batch_format(fmt)  # click checked it
    kb = knowledge_base(ctx)  # a broken rules folder stops here, before any work
    choose_language(ctx)  # messages; each document is in its intake's language
    plan = plan_batch(intake_dir, out_dir, fmt)
    prepare_output_dir(out_dir)
    settings = Settings(
        fmt=fmt,
        date=day.date() if day else dt.date.today(),
        language=(ctx.obj or {}).get("lang"),
        rules_dir=kb.root,
        template_dir=template_dir,
        force=force,
    )
    show = sys.stderr.isatty() if progress is None else progress
    bar = _progress_bar(plan.total) if show else None
    outcomes = run_batch(plan, settings, jobs or default_jobs(), bar.start if bar else None)
    done: list[Outcome] = []
    try:
        for outcome in outcomes:
            done.append(outcome)
            if bar:
                bar.advance(bar.task_ids[0])
    except KeyboardInterrupt:
        outcomes.close()  # the run has stopped its workers already, unless it never began
        if bar:
            bar.stop()
        if done:
            _summary(done, intake_dir, out_dir, fmt)
        click.echo(
            _(
                "interrupted: {done} of {total} intakes done; the others were not rendered "
                "and no partial file was left"
            ).format(done=len(done), total=plan.total),
            err=True,
        )
        ctx.exit(130)
    finally:
        if bar:  # whatever happened: the terminal gets its cursor back
            bar.stop()
    _summary(done, intake_dir, out_dir, fmt)
    if any(not o.ok for o in done):
        ctx.exit(1)


def _progress_bar(total: int) -> Progress:
    """A bar on stderr; started (its refresh thread too) only once the workers exist."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    bar = Progress(
        "{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        refresh_per_second=4,
        redirect_stdout=False,
        redirect_stderr=False,
    )
    bar.add_task(_("rendering"), total=total)
    return bar


def _summary(outcomes: list[Outcome], intake_dir: Path, out_dir: Path, fmt: str) -> None:
    if not outcomes:
        click.echo(_("no intakes found in {folder}").format(folder=intake_dir))
        return
    failed = [o for o in outcomes if not o.ok]
    click.echo(
        _("{total} intakes: {ok} written to {folder} as {fmt}, {failed} failed").format(
            total=len(outcomes),
            ok=len(outcomes) - len(failed),
            folder=out_dir,
            fmt=fmt,
            failed=len(failed),
        )
    )
    if not failed:
        return
    rows = [(o.intake, o.error or "") for o in sorted(failed, key=lambda o: o.intake)]
    # as wide as the terminal; elsewhere as wide as the rows, so logs keep whole lines
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
    click.echo(table((_("intake"), _("reason")), rows, width))
    bugs = [o for o in failed if o.bug]
    if bugs:
        click.echo(
            _(
                "{n} of these failures are goalrec bugs, not problems of the intake: "
                "`goalrec recommend {intake}` shows the details to report."
            ).format(n=len(bugs), intake=bugs[0].intake)
        )


def table(header: tuple[str, str], rows: list[tuple[str, str]], width: int | None) -> str:
    """Two columns, the second wrapped to ``width`` (if given) under its own start.

    Plain text, not a rich table: rich takes seconds for the thousands of rows a re-run
    without --force reports.
    """
    from rich.cells import cell_len

    first = max(cell_len(r[0]) for r in [header, *rows])
    room = max(20, width - first - 5) if width else None  # a full last column wraps early
    lines = []
    for left, right in rows:
        parts = []
        for line in right.splitlines() or [""]:
            parts += textwrap.wrap(line, room, break_on_hyphens=False) if room else [line]
        for i, part in enumerate(parts or [""]):
            lines.append(f" {_pad(left if i == 0 else '', first)}   {part}".rstrip())
    top = f" {_pad(header[0], first)}   {header[1]}"
    longest = max(cell_len(line) for line in [top, *lines])
    rule = "─" * (min(longest, width - 1) if width else longest)
    return "\n".join([top, rule, *lines])


def _pad(text: str, width: int) -> str:
    from rich.cells import cell_len

    return text + " " * (width - cell_len(text))
