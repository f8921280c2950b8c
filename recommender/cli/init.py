"""``goalrec init``: the intake questionnaire in the terminal."""

from __future__ import annotations

from pathlib import Path

import click
from babel import Locale

from recommender.cli.common import choose_language, chosen_language, knowledge_base
from recommender.cli.recommend import recommend_cmd
from recommender.errors import IntakeError, Problem
from recommender.formats import extension
from recommender.i18n import _, ngettext


@click.command("init")
@click.argument("out", default="intake.yaml", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--resume", is_flag=True, help="Continue the unfinished intake for OUT.")
@click.option(
    "--answers",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Take the answers of an existing (even unfinished) intake; ask only what is missing.",
)
@click.option(
    "--ask",
    multiple=True,
    metavar="FIELD",
    help="Ask this question again although it is answered (e.g. resources.timeframe_months,"
    " or a whole section such as baselines). Repeatable.",
)
@click.option(
    "--no-input",
    is_flag=True,
    help="Never prompt: write OUT from --answers or --resume, or fail listing what is missing.",
)
@click.option("--force", is_flag=True, help="Overwrite OUT, or start over an unfinished intake.")
@click.pass_context
def init_cmd(
    ctx: click.Context,
    out: Path,
    resume: bool,
    answers: Path | None,
    ask: tuple[str, ...],
    no_input: bool,
    force: bool,
) -> None:
    """Ask the intake questions and save the answers as the intake file OUT.

    Every answer is saved as it is given: after an interruption, `goalrec init --resume
    OUT` continues where it stopped. OUT defaults to intake.yaml.
    """
    from recommender.answers_file import partial_path, save_intake, save_partial, start

    choose_language(ctx)
    kb = knowledge_base(ctx)
    questionnaire, problems = start(out, kb, resume=resume, answers=answers, ask=ask, force=force)
    if no_input:
        missing = [p for p in questionnaire.missing() if p.field not in questionnaire.refused]
        if problems or missing:
            raise IntakeError([*problems, *missing])
        save_intake(out, questionnaire, kb, force)
        click.echo(_("wrote {path}").format(path=out), err=True)
        return
    for problem in problems:
        click.echo(_("note: {problem}").format(problem=problem), err=True)
    if resume:  # say that nothing was lost before the first question
        kept = len(questionnaire.review_items())
        click.echo(
            ngettext(
                "Continuing: {count} answer kept from {partial}.",
                "Continuing: {count} answers kept from {partial}.",
                kept,
            ).format(count=kept, partial=partial_path(out)),
            err=True,
        )

    from recommender.cli.prompts import InputEnded, make_asker  # prompt_toolkit only here

    asker = make_asker()
    save_partial(out, questionnaire)
    where = {"partial": partial_path(out), "out": out}
    try:
        questionnaire.run(asker, lambda q: save_partial(out, q))
    except KeyboardInterrupt:
        click.echo(
            "\n"
            + _(
                "Interrupted. Every answer so far is saved in {partial}; "
                "continue with: goalrec init --resume {out}"
            ).format(**where),
            err=True,
        )
        ctx.exit(130)
    except InputEnded:
        raise IntakeError(
            Problem(
                _(
                    "the input ended before every question was answered; the answers so far "
                    "are saved in {partial}; continue with: goalrec init --resume {out}"
                ).format(**where)
            )
        ) from None
    client = save_intake(out, questionnaire, kb, force)
    click.echo(_("wrote {path}").format(path=out), err=True)

    formats = recommend_formats()
    targets = {fmt: recommendation_path(out, fmt) for fmt in formats}
    question = _("Write the recommendations for this client now?")
    document_language = chosen_language(ctx, client.business.language)
    shown_language = chosen_language(ctx)  # the questionnaire's
    if document_language != shown_language:  # the client's language, not the one asked in
        question = _("Write the recommendations for this client now, in {language}?").format(
            language=Locale.parse(document_language).get_display_name(shown_language)
        )
    fmt = asker.choose(question, [(fmt, f"{fmt}: {targets[fmt]}") for fmt in formats])
    if fmt is not None:
        ctx.invoke(recommend_cmd, intake=out, fmt=fmt, output=targets[fmt], force=force)


def recommend_formats() -> tuple[str, ...]:
    """The formats ``goalrec recommend --format`` accepts, read from the command itself."""
    for param in recommend_cmd.params:
        if param.name == "fmt" and isinstance(param.type, click.Choice):
            return tuple(str(choice) for choice in param.type.choices)
    return ()


def recommendation_path(out: Path, fmt: str) -> Path:
    """Where the recommendations for the intake ``out`` go: beside it, named after it."""
    return out.with_name(f"{out.stem}.recommendation{extension(fmt)}")
