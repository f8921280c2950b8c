"""The ``goalrec`` command line: a thin layer of click options over the library.

Commands live in one module per area; this module builds the group, registers them and
is the only place where a :class:`~recommender.errors.UserError` becomes a message on
stderr and exit status 2.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from recommender import __version__
from recommender.cli.check import check_cmd
from recommender.cli.common import GoalrecGroup
from recommender.cli.diff import diff_cmd
from recommender.cli.init import init_cmd
from recommender.cli.recommend import explain_cmd, recommend_cmd, schema_cmd
from recommender.cli.rules import rules_group
from recommender.i18n import set_language
from recommender.localize import set_calendar


@click.group(cls=GoalrecGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="goalrec", message="%(prog)s %(version)s")
@click.option(
    "--rules",
    "rules_dir",
    type=click.Path(file_okay=False, path_type=str),
    envvar="GOALREC_RULES",
    help="Knowledge-base folder (default: the bundled rules/).",
)
@click.option(
    "--lang",
    type=click.Choice(["en", "vi", "fa"]),
    default=None,
    envvar="GOALREC_LANG",
    help="Language of messages and output (default: the intake's language, else English).",
)
@click.option(
    "--calendar",
    type=click.Choice(["solar-hijri", "gregorian"]),
    default="solar-hijri",
    show_default=True,
    help="Calendar of dates in Persian output.",
)
@click.pass_context
def cli(ctx: click.Context, rules_dir: str | None, lang: str | None, calendar: str) -> None:
    """Recommend social-media goals, KPIs, platforms and tactics from a client intake."""
    ctx.ensure_object(dict)
    ctx.obj["rules_dir"] = rules_dir
    ctx.obj["lang"] = lang
    if lang:  # at once, so even errors about the intake come in the chosen language
        set_language(lang)
    set_calendar("gregorian" if calendar == "gregorian" else "solar_hijri")


cli.add_command(init_cmd)
cli.add_command(recommend_cmd)
cli.add_command(explain_cmd)
cli.add_command(schema_cmd)
cli.add_command(rules_group)
cli.add_command(check_cmd)
cli.add_command(diff_cmd)


def main(argv: list[str] | None = None) -> Any:
    """Console-script entry point."""
    return cli.main(args=argv if argv is not None else sys.argv[1:], prog_name="goalrec")
