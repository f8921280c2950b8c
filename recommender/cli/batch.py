"""``goalrec batch``: every client's intake in a folder, rendered on all cores."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import sys
import time
from collections.abc import Iterable, Iterator
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

if TYPE_CHECKING:
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
    plan = plan_batch(intake_dir, out_dir, fmt)
    prepare_output_dir(out_dir)
    settings = Settings(
        fmt=fmt,
        date=day.date() if day else dt.date.today(),
        language=choose_language(ctx),
        rules_dir=kb.root,
        template_dir=template_dir,
        force=force,
    )
    outcomes = run_batch(plan, settings, jobs or default_jobs())
    show = sys.stderr.isatty() if progress is None else progress
    done = list(_with_progress(outcomes, plan.total) if show else outcomes)
    _summary(done, intake_dir, out_dir, fmt)
    if any(not o.ok for o in done):
        ctx.exit(1)


def _with_progress(outcomes: Iterable[Outcome], total: int) -> Iterator[Outcome]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from recommender.i18n import _

    # refreshed by hand: rich's refresh thread would be running when the workers fork
    bar = Progress(
        "{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        auto_refresh=False,
        redirect_stdout=False,
        redirect_stderr=False,
    )
    with bar:
        task = bar.add_task(_("rendering"), total=total)
        shown = 0.0
        for outcome in outcomes:
            bar.advance(task)
            if time.monotonic() - shown > 0.1:
                bar.refresh()
                shown = time.monotonic()
            yield outcome
        bar.refresh()


def _summary(outcomes: list[Outcome], intake_dir: Path, out_dir: Path, fmt: str) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from recommender.i18n import _

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
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column(_("intake"), no_wrap=True)
    table.add_column(_("reason"))
    for o in sorted(failed, key=lambda o: o.intake):
        table.add_row(Text(o.intake), Text(o.error or ""))
    # as wide as the terminal; elsewhere as wide as the rows, so logs keep whole lines
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else 10_000
    console = Console(file=io.StringIO(), width=width, color_system=None, emoji=False)
    console.print(table)
    assert isinstance(console.file, io.StringIO)
    click.echo("\n".join(line.rstrip() for line in console.file.getvalue().splitlines()))
    bugs = [o for o in failed if o.bug]
    if bugs:
        click.echo(
            _(
                "{n} of these failures are goalrec bugs, not problems of the intake: "
                "`goalrec recommend {intake}` shows the details to report."
            ).format(n=len(bugs), intake=bugs[0].intake)
        )
