"""Terminal summaries of a recommendation and its explanation (rich tables, as text).

The functions return strings; the CLI decides where they go. Colour is only used when the
caller says the output is a terminal.
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from recommender.explain import ExplainedItem, Explanation
from recommender.formatting import clauses, listing
from recommender.i18n import _
from recommender.recommendation import Recommendation

_SEVERITY_STYLE = {"caution": "bold red", "warning": "yellow", "info": "cyan"}


def _console(color: bool, width: int) -> Console:
    return Console(
        file=io.StringIO(),
        width=width,
        color_system="standard" if color else None,
        force_terminal=color,
        highlight=False,
        emoji=False,
    )


def _hang(out: Console, prefix: str, text: str, style: str = "", prefix_style: str = "") -> None:
    """``prefix`` then ``text``, wrapped lines indented under the text rather than at column 0."""
    grid = Table.grid()
    grid.add_column(no_wrap=True)
    grid.add_column()
    grid.add_row(Text(prefix, style=prefix_style or style), Text(text, style=style))
    out.print(grid)


def _text(console: Console) -> str:
    file = console.file
    assert isinstance(file, io.StringIO)
    # rich pads every line to the full width: trailing blanks would wrap narrower terminals
    return "".join(line.rstrip() + "\n" for line in file.getvalue().splitlines())


def recommendation_text(rec: Recommendation, color: bool = False, width: int = 100) -> str:
    """The readable summary ``goalrec recommend`` prints."""
    out = _console(color, width)
    out.print(Text(_("Recommendations for {client}").format(client=rec.client), style="bold"))
    out.print(
        _("knowledge base {name} {version} ({digest})").format(
            name=rec.meta.knowledge_base,
            version=rec.meta.knowledge_base_version,
            digest=rec.meta.knowledge_base_digest[:12],
        ),
        style="dim",
    )
    goals = Table(title=_("Goals"), box=box.SIMPLE_HEAD, title_justify="left", expand=True)
    goals.add_column("#", justify="right", no_wrap=True)
    goals.add_column(_("Goal"), ratio=2)
    goals.add_column(_("Priority"), no_wrap=True)
    goals.add_column(_("Score"), justify="right", no_wrap=True)
    goals.add_column(_("KPIs"), ratio=3)
    for i, goal in enumerate(rec.goals, 1):
        kpis = listing(k.name for k in goal.kpis)
        priority = _("primary") if goal.priority == "primary" else _("secondary")
        style = "bold" if goal.priority == "primary" else ""
        goals.add_row(str(i), goal.name, priority, f"{goal.score:g}", kpis, style=style)
    out.print(goals)
    platforms = Table(title=_("Platforms"), box=box.SIMPLE_HEAD, title_justify="left", expand=True)
    platforms.add_column("#", justify="right", no_wrap=True)
    platforms.add_column(_("Platform"), ratio=1)
    platforms.add_column(_("Score"), justify="right", no_wrap=True)
    platforms.add_column(_("Role"), ratio=3)
    platforms.add_column(_("Paid"), no_wrap=True)
    for i, p in enumerate(rec.platforms, 1):
        platforms.add_row(str(i), p.name, f"{p.score:g}", p.role, _("yes") if p.paid else _("no"))
    out.print(platforms)
    if rec.excluded_platforms:
        out.print(Text(_("Left out:"), style="bold"))
        for ex in rec.excluded_platforms:
            out.print(f"  - {ex.name}: " + clauses(r.text for r in ex.reasons))
    tactics = Table(title=_("Tactics"), box=box.SIMPLE_HEAD, title_justify="left", expand=True)
    tactics.add_column("#", justify="right", no_wrap=True)
    tactics.add_column(_("Tactic"), ratio=2)
    tactics.add_column(_("Media"), no_wrap=True)
    tactics.add_column(_("Serves"), ratio=3)
    goal_names = {g.id: g.name for g in rec.goals}
    for i, t in enumerate(rec.tactics, 1):
        tactics.add_row(str(i), t.name, _(t.media), listing(goal_names[g] for g in t.goals))
    out.print(tactics)
    if rec.warnings:
        out.print(Text(_("Warnings"), style="bold"))
        for w in rec.warnings:
            _hang(
                out,
                "  [" + _(w.severity) + "] ",
                w.message,
                prefix_style=_SEVERITY_STYLE.get(w.severity, ""),
            )
    out.print(
        Text(
            _("{n} rules fired. Run `goalrec explain` for the reasons behind each item.").format(
                n=len(rec.trace)
            ),
            style="dim",
        )
    )
    return _text(out)


def _explained(out: Console, item: ExplainedItem) -> None:
    score = f" ({item.score:g})" if item.score else ""
    out.print(Text(f"{item.name} - {item.status}{score}", style="bold"))
    source = _("rule {rule} - source: {source}")
    for fired in item.fired:
        weight = f" [{fired.weight:+g}]" if fired.weight is not None else ""
        _hang(out, "  + ", f"{fired.description}{weight}")
        _hang(out, "      ", _("because") + ": " + clauses(fired.facts), style="dim")
        _hang(out, "      ", source.format(rule=fired.rule, source=fired.source), style="dim")
    for miss in item.near_misses:
        _hang(out, "  ~ ", _("near miss: {description}").format(description=miss.description))
        needed = _("needed: {needed}; actual: {actual}")
        _hang(out, "      ", needed.format(needed=miss.needed, actual=miss.actual), style="dim")
        _hang(out, "      ", source.format(rule=miss.rule, source=miss.source), style="dim")


def explanation_text(exp: Explanation, color: bool = False, width: int = 100) -> str:
    """The readable explanation ``goalrec explain`` prints."""
    out = _console(color, width)
    out.print(
        Text(_("Why these recommendations for {client}").format(client=exp.client), style="bold")
    )
    out.rule(_("Goals"))
    for item in exp.goals:
        _explained(out, item)
    out.rule(_("Platforms"))
    for item in exp.platforms:
        _explained(out, item)
    return _text(out)
