"""Charts for the strategy document: KPI paths, the month-by-month timeline, platform ranking.

matplotlib's object API only (no pyplot, no global figure state), a fixed style, SVG with
real text for HTML and PDF, PNG for DOCX. Imported only when a document is rendered.
"""

from __future__ import annotations

import io
import math
import re
import textwrap
from collections.abc import Callable, Sequence
from typing import Any, Literal

import matplotlib
from matplotlib import patches, ticker
from matplotlib.figure import Figure
from matplotlib.text import Text

from recommender.document_model import PlatformRow, SmartGoal, StrategyDocument
from recommender.formatting import date, day_month, kpi_value
from recommender.i18n import _, get_language
from recommender.localize import digits
from recommender.planning import MonthPlan
from recommender.smart import value_text
from recommender.targets import KpiTarget
from recommender.timeframe import add_months
from recommender.typefaces import chart_family, register_chart_fonts, shaped

ChartFormat = Literal["svg", "png"]
WIDTH_IN = 6.6  # A4 minus margins
INK, MUTED, GRID = "#1f2d3d", "#6b7785", "#e3e7ec"
ACCENT, SECOND, EVENT = "#1f5f8b", "#79a6c9", "#c2462b"
PHASE_COLOURS = {
    "setup": "#eef2f6",
    "build_up": "#fdf1e7",
    "launch": "#fbe3dc",
    "grow": "#edf5ef",
    "review": "#f3eef8",
}
STYLE: dict[Any, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 8.5,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "axes.titlesize": 9,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.color": INK,
    "ytick.color": INK,
    "text.color": INK,
    "svg.fonttype": "none",
    "svg.hashsalt": "goalrec",
}


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def _short(value: float) -> str:
    """Axis numbers: 57,000 -> 57k (in the language's digits)."""
    if abs(value) >= 1_000_000:
        text = f"{value / 1_000_000:.3g}M"
    elif abs(value) >= 10_000:
        text = f"{value / 1000:.3g}k"
    else:
        text = f"{value:,.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    return digits(text)


def _kpi_panel(ax: Any, name: str, t: KpiTarget, currency: str | None, wrap: int) -> None:
    months = list(range(len(t.path)))
    ax.plot(months, t.path, color=ACCENT, linewidth=1.8, marker="o", markersize=2.5)
    ax.set_title(_wrap(name, wrap), loc="left")
    ax.grid(axis="y", color=GRID, linewidth=0.6)
    ticks = [0, *_month_ticks(len(t.path) - 1)]
    ax.set_xticks(ticks)
    ax.set_xticklabels([_("start") if m == 0 else digits(str(m)) for m in ticks])
    ax.yaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _pos: _short(v)))
    first, last = t.path[0], t.path[-1]
    if t.indexed:
        axis = _("index, month 1 = 100") if t.change == "relative" else _("points over month 1")
        ax.set_ylabel(axis, color=MUTED, fontsize=7.5)
        label = _("provisional")
    else:
        label = value_text(t, last, currency)
    ax.annotate(
        label,
        (months[-1], last),
        xytext=(-4, 6),
        textcoords="offset points",
        ha="right",
        fontsize=7.5,
        color=ACCENT,
        fontweight="bold",
    )
    if not t.indexed and t.baseline is not None:
        ax.annotate(
            kpi_value(first, t.unit, currency),
            (0, first),
            xytext=(4, -11 if t.higher_is_better else 6),
            textcoords="offset points",
            fontsize=7.5,
            color=MUTED,
        )
    low, high = min(t.path), max(t.path)
    pad = (high - low) * 0.25 or abs(high) * 0.1 or 1
    ax.set_ylim(low - pad, high + pad)


def kpi_figure(goal: SmartGoal, currency: str | None) -> Figure:
    """Each KPI of one goal from its baseline to its target, month by month."""
    n = len(goal.targets)
    cols = min(3, n)
    rows = math.ceil(n / cols)
    fig = Figure(figsize=((3.6, 5.4, WIDTH_IN)[cols - 1], 2.1 * rows), layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False)
    for i, ax in enumerate(axes.flat):
        if i < n:
            _kpi_panel(ax, goal.kpis[i].name, goal.targets[i], currency, (34, 26, 22)[cols - 1])
        else:
            ax.set_visible(False)
    fig.supxlabel(_("plan month"), fontsize=8, color=MUTED)
    return fig


def _runs(months: Sequence[MonthPlan], tactic: str) -> list[tuple[int, int]]:
    """(start, width) in months of each run of months the tactic is in."""
    runs: list[tuple[int, int]] = []
    for m in months:
        if tactic not in m.tactics:
            continue
        if runs and sum(runs[-1]) == m.month - 1:
            runs[-1] = (runs[-1][0], runs[-1][1] + m.last - m.month + 1)
        else:
            runs.append((m.month - 1, m.last - m.month + 1))
    return runs


def _month_ticks(total: int) -> list[int]:
    step = 1 if total <= 12 else math.ceil(total / 8)  # long plans: at most 8 labelled months
    return list(range(1, total + 1, step))


def _legend_columns(labels: Sequence[str], room: int = 100) -> int:
    """As many legend entries per row as fit the page width; long (e.g. Vietnamese) names wrap.

    A row wider than the figure makes matplotlib give up on the layout, so count characters:
    about 115 fit across the page at the legend's size, and each entry's swatch and gap take
    about 6. Entries fill the columns top to bottom, each column as wide as its longest.
    """
    for ncol in range(min(len(labels), 5), 1, -1):
        rows = math.ceil(len(labels) / ncol)
        columns = [labels[i : i + rows] for i in range(0, len(labels), rows)]
        if sum(max(len(label) for label in column) + 6 for column in columns) <= room:
            return ncol
    return 1


def timeline_figure(months: Sequence[MonthPlan], event_label: str | None) -> Figure:
    """The month-by-month plan: tactics as bars over the months, phases behind, the event marked."""
    tactics: list[str] = []
    for m in months:
        tactics += [t for t in m.tactics if t not in tactics]
    total = months[-1].last
    fig = Figure(figsize=(WIDTH_IN, 1.3 + 0.28 * max(len(tactics), 1)), layout="constrained")
    ax = fig.subplots()
    shown: dict[str, str] = {}
    for m in months:
        phase = m.phases[-1]
        ax.axvspan(m.month - 1, m.last, color=PHASE_COLOURS.get(phase, "#f4f4f4"), zorder=0)
        shown.setdefault(phase, m.phase_names[-1])
    for row, tactic in enumerate(tactics):
        for start, width in _runs(months, tactic):
            ax.barh(row, width - 0.14, left=start + 0.07, height=0.55, color=ACCENT, zorder=2)
    event = next((m for m in months if m.event_date is not None), None)
    if event is not None and event.event_date is not None and event_label:
        span = (event.end - event.start).days + 1
        x = event.month - 1 + (event.event_date - event.start).days / span
        ax.axvline(x, color=EVENT, linewidth=1.6, linestyle="--", zorder=3)
        ax.text(
            x,
            len(tactics) - 0.45,
            f" {event_label} ",
            color=EVENT,
            fontsize=7.5,
            fontweight="bold",
            ha="left" if x < total * 0.7 else "right",
            va="bottom",
            zorder=4,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0},
        )
    ax.set_xlim(0, total)
    ax.set_ylim(len(tactics) - 0.4, -0.6)
    ax.set_yticks(range(len(tactics)))
    ax.set_yticklabels([_wrap(t, 34) for t in tactics], fontsize=7.5)
    ticks = _month_ticks(total)
    ax.set_xticks([t - 0.5 for t in ticks])
    first = months[0].start
    labels = [f"{digits(str(t))}\n{day_month(add_months(first, t - 1))}" for t in ticks]
    ax.set_xticklabels(labels, fontsize=7.5)
    ax.tick_params(axis="both", length=0)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel(_("plan month (first day)"), fontsize=8, color=MUTED)
    handles = [patches.Patch(color=PHASE_COLOURS[p], label=name) for p, name in shown.items()]
    ax.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0, 1.0),
        ncol=_legend_columns(list(shown.values())),
        frameon=False,
        fontsize=7.5,
        handlelength=1.2,
    )
    return fig


def platform_figure(platforms: Sequence[PlatformRow]) -> Figure:
    """The ranked platforms' scores, paid and organic-only told apart."""
    height = 0.9 + 0.32 * max(len(platforms), 1)
    fig = Figure(figsize=(WIDTH_IN, height), layout="constrained")
    ax = fig.subplots()
    rows = list(range(len(platforms)))
    paid = [p.paid.startswith(_("yes")) for p in platforms]
    ax.barh(
        rows,
        [p.score for p in platforms],
        color=[ACCENT if x else SECOND for x in paid],
        height=0.6,
    )
    for row, p in zip(rows, platforms, strict=True):
        ax.text(p.score, row, f"  {digits(f'{p.score:g}')}", va="center", fontsize=7.5, color=INK)
    ax.set_yticks(rows)
    ax.set_yticklabels([f"{digits(str(p.rank))}. {p.name}" for p in platforms])
    ax.invert_yaxis()
    ax.set_xlabel(_("score (sum of the reasons' weights)"), fontsize=8, color=MUTED)
    ax.xaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _pos: digits(f"{v:g}")))
    ax.grid(axis="x", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    handles = [
        patches.Patch(color=colour, label=label)
        for colour, label, present in (
            (ACCENT, _("organic and paid"), any(paid)),
            (SECOND, _("organic only"), not all(paid)),
        )
        if present
    ]
    ax.legend(handles=handles, loc="lower right", frameon=False, fontsize=7.5)
    ax.set_xlim(0, max((p.score for p in platforms), default=1) * 1.12)
    return fig


def _right_to_left(fig: Figure) -> None:
    """Mirror a finished figure for a right-to-left document, and shape its Persian text.

    Time and score axes run from the right, value axes sit on the right, and every label is
    joined and ordered for drawing (see :func:`recommender.typefaces.shaped`).
    """
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        ax.invert_xaxis()
        ax.yaxis.tick_right()
        ax.yaxis.set_label_position("right")
        ax.spines["right"].set_visible(ax.spines["left"].get_visible())
        ax.spines["left"].set_visible(False)
        title = ax.get_title(loc="left")
        if title:
            ax.set_title("", loc="left")
            ax.set_title(title, loc="right")
    for text in fig.findobj(Text):
        text.set_text(shaped(text.get_text(), "fa"))


def _svg(fig: Figure, scope: str) -> str:
    buffer = io.StringIO()
    with matplotlib.rc_context({**STYLE, "font.family": chart_family(get_language())}):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    text = text[text.index("<svg") :]  # drop the XML declaration and doctype to inline it
    ids = set(re.findall(r'id="([^"]+)"', text))
    # several charts live in one HTML page: give each chart's ids its own prefix
    return re.sub(
        r'(id="|#)([^"\)\s]+)',
        lambda m: f"{m.group(1)}{scope}-{m.group(2)}" if m.group(2) in ids else m.group(0),
        text,
    )


def _png(fig: Figure, _scope: str) -> bytes:  # same signature as _svg; a PNG has no ids
    buffer = io.BytesIO()
    with matplotlib.rc_context({**STYLE, "font.family": chart_family(get_language())}):
        fig.savefig(buffer, format="png", dpi=200, metadata={"Software": None})
    return buffer.getvalue()


def charts(doc: StrategyDocument, fmt: ChartFormat) -> dict[str, Any]:
    """Every chart of the document: ``kpis`` by goal id, ``timeline`` and ``platforms``."""
    language = get_language()
    write: Callable[[Figure, str], Any] = _svg if fmt == "svg" else _png

    def save(fig: Figure, scope: str) -> Any:
        if doc.provenance.direction == "rtl":
            _right_to_left(fig)
        return write(fig, scope)

    currency = doc.media.currency
    if language == "fa":
        register_chart_fonts()
    style = {**STYLE, "font.family": chart_family(language)}
    with matplotlib.rc_context(style):
        kpis = {g.id: save(kpi_figure(g, currency), f"kpi-{g.id}") for g in doc.goals}
        event = _("Event: {date}").format(date=date(doc.event_date)) if doc.event_date else None
        timeline = save(timeline_figure(doc.month_plan, event), "timeline")
        platforms = save(platform_figure(doc.platforms), "platforms") if doc.platforms else None
    return {"kpis": kpis, "timeline": timeline, "platforms": platforms}
