"""The ``goalrec`` command line: a thin layer of click options over the library.

Commands live in one module per area; this module builds the group, registers them and
is the only place where a :class:`~recommender.errors.UserError` becomes a message on
stderr and exit status 2.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from recommender import __version__
from recommender.cli.common import GoalrecGroup
from recommender.i18n import set_calendar, set_language

# Each command's module is imported only when that command runs: `goalrec recommend`
# should not pay for the questionnaire, the case runner or the impact report.
COMMANDS = {
    "init": "recommender.cli.init:init_cmd",
    "recommend": "recommender.cli.recommend:recommend_cmd",
    "explain": "recommender.cli.recommend:explain_cmd",
    "schema": "recommender.cli.recommend:schema_cmd",
    "rules": "recommender.cli.rules:rules_group",
    "check": "recommender.cli.check:check_cmd",
    "diff": "recommender.cli.diff:diff_cmd",
    "batch": "recommender.cli.batch:batch_cmd",
}


@click.group(
    cls=GoalrecGroup,
    lazy_commands=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
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
    set_calendar(calendar.replace("-", "_"))


def main(argv: list[str] | None = None) -> Any:
    """Console-script entry point."""
    # pydantic looks for plugins in every installed distribution's entry points the first
    # time it builds a validator; goalrec uses none, and a cold command should not pay for it
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    return cli.main(args=argv if argv is not None else sys.argv[1:], prog_name="goalrec")
