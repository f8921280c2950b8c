"""``goalrec recommend``, ``goalrec explain`` and ``goalrec schema``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from recommender import api
from recommender.cli.common import (
    DATE_OPTION,
    TEMPLATE_DIR_OPTION,
    choose_language,
    early_check,
    emit,
    is_tty,
    knowledge_base,
    output_options,
    pick_format,
    text_width,
)
from recommender.formats import BINARY_FORMATS, DOCUMENT_FORMATS, is_document_format
from recommender.i18n import _
from recommender.intake_file import read_intake

_INTAKE = click.argument("intake", type=click.Path(dir_okay=False, path_type=Path))
RECOMMEND_FORMATS = ("text", "json", *DOCUMENT_FORMATS)


@click.command("recommend")
@_INTAKE
@output_options(RECOMMEND_FORMATS, "text")
@DATE_OPTION
@TEMPLATE_DIR_OPTION
@click.pass_context
def recommend_cmd(
    ctx: click.Context,
    intake: Path,
    fmt: str | None,
    output: Path | None,
    force: bool,
    day: dt.datetime | None,
    template_dir: Path | None,
) -> None:
    """Recommend goals, KPIs, platforms and tactics for the client in INTAKE.

    As md, html, pdf or docx it writes the strategy document: a first draft for the client.
    """
    early_check(output, force)
    fmt = pick_format(fmt, output, RECOMMEND_FORMATS, "text")
    if fmt in BINARY_FORMATS and output is None:
        raise click.UsageError(
            _("{fmt} is a binary format: write it to a file, e.g. -o plan.{fmt}").format(fmt=fmt)
        )
    kb = knowledge_base(ctx)
    client = read_intake(intake, kb)
    choose_language(ctx, client.business.language)
    if is_document_format(fmt):
        from recommender.formats import render_document

        date = day.date() if day else dt.date.today()
        doc = api.strategy_document(client, kb, intake, date)
        emit(render_document(doc, fmt, template_dir), output, force)
        return
    rec = api.recommend(client, kb)
    if fmt == "json":
        emit(rec.to_json(), output, force)
    else:
        from recommender.render_text import recommendation_text  # rich is only needed here

        to_terminal = output is None and is_tty()
        text = recommendation_text(rec, color=to_terminal, width=text_width(to_terminal))
        emit(text, output, force)


@click.command("explain")
@_INTAKE
@output_options(("text", "json"), "text")
@click.pass_context
def explain_cmd(
    ctx: click.Context, intake: Path, fmt: str | None, output: Path | None, force: bool
) -> None:
    """Explain each goal and platform: the rules and facts behind it, and near misses."""
    early_check(output, force)
    fmt = pick_format(fmt, output, ("text", "json"), "text")
    kb = knowledge_base(ctx)
    client = read_intake(intake, kb)
    choose_language(ctx, client.business.language)
    _rec, exp = api.explain_intake(client, kb)
    if fmt == "json":
        emit(exp.to_json(), output, force)
    else:
        from recommender.render_text import explanation_text

        to_terminal = output is None and is_tty()
        text = explanation_text(exp, color=to_terminal, width=text_width(to_terminal))
        emit(text, output, force)


@click.command("schema")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file."
)
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
def schema_cmd(output: Path | None, force: bool) -> None:
    """Print the intake's JSON Schema (for editors that validate YAML/JSON)."""
    from recommender.intake import Intake

    early_check(output, force)
    schema = Intake.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "goalrec intake"
    emit(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", output, force)
