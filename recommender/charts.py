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
from matplotlib import ft2font, patches, ticker
from matplotlib.figure import Figure
from matplotlib.text import Annotation, Text

from recommender.document_model import PlatformRow, SmartGoal, StrategyDocument
from recommender.formatting import date, day_month, kpi_value
from recommender.i18n import _, get_language
from recommender.localize import compact, digits
from recommender.localize import number as local_number
from recommender.planning import MonthPlan
from recommender.smart import value_text
from recommender.targets import KpiTarget
from recommender.timeframe import add_months
from recommender.typefaces import (
    chart_family,
    register_chart_fonts,
    right_to_left_lines,
    shaped,
)

ChartFormat = Literal["svg", "png"]
# matplotlib 3.11 lays text out with libraqm: Agg then joins and orders Persian itself
AGG_SHAPES_TEXT = hasattr(ft2font, "__libraqm_version__")
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
    """Axis numbers as the language writes them: 1.4, 1,234, 57K (``۵۷ هزار`` in Persian)."""
    if abs(value) >= 10_000:
        return compact(value)
    return local_number(float(f"{value:.3g}") if abs(value) < 1000 else round(value))


def _kpi_panel(ax: Any, name: str, t: KpiTarget, currency: str | None, wrap: int) -> None:
    months = list(range(len(t.path)))
    ax.plot(months, t.path, color=ACCENT, linewidth=1.8, marker="o", markersize=2.5)
    ax.set_title(_wrap(name, wrap), loc="left")
    ax.grid(axis="y", color=GRID, linewidth=0.6)
    # month 1 stays unlabelled: its number would run into "start" ("bắt đầu") next to it
    ticks = [0, *(m for m in _month_ticks(len(t.path) - 1) if m > 1)]
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
    about 6. Entries fill the rows left to right (see :func:`_reading_order`), each column
    as wide as its longest.
    """
    for ncol in range(min(len(labels), 5), 1, -1):
        columns = [labels[j::ncol] for j in range(ncol)]
        if sum(max(len(label) for label in column) + 6 for column in columns) <= room:
            return ncol
    return 1


def _reading_order(entries: list[Any], ncol: int, rtl: bool) -> list[Any]:
    """Legend entries arranged so the rows read in order (right to left when ``rtl``).

    matplotlib fills a legend column by column; the phases of a plan read row by row, so
    the entries are laid out in a grid of rows (blank ones fill the last row) and handed
    over column by column, the columns in reverse for a right-to-left document.
    """
    rows = math.ceil(len(entries) / ncol)
    blank = patches.Patch(visible=False, label="")
    grid = entries + [blank] * (rows * ncol - len(entries))
    columns = [grid[j::ncol] for j in range(ncol)]
    if rtl:
        columns.reverse()
    return [entry for column in columns for entry in column]


def timeline_figure(
    months: Sequence[MonthPlan], event_label: str | None, rtl: bool = False
) -> Figure:
    """The month-by-month plan: tactics as bars over the months, phases behind, the event marked."""
    tactics: list[str] = []
    for m in months:
        tactics += [t for t in m.tactics if t not in tactics]
    total = months[-1].last
    event = next((m for m in months if m.event_date is not None), None)
    marked = event is not None and event.event_date is not None and bool(event_label)
    # the event's label gets a row of its own under the bars, so it never covers one
    bottom = len(tactics) + (0.35 if marked else -0.4)
    labels = [_wrap(t, 34) for t in tactics]
    per_row = 0.36 if any("\n" in label for label in labels) else 0.28  # two-line names
    height = 1.3 + per_row * max(len(tactics), 1) + (0.2 if marked else 0)
    fig = Figure(figsize=(WIDTH_IN, height), layout="constrained")
    ax = fig.subplots()
    shown: dict[str, str] = {}
    for m in months:
        phase = m.phases[-1]
        ax.axvspan(m.month - 1, m.last, color=PHASE_COLOURS.get(phase, "#f4f4f4"), zorder=0)
        shown.setdefault(phase, m.phase_names[-1])
    for row, tactic in enumerate(tactics):
        for start, width in _runs(months, tactic):
            ax.barh(row, width - 0.14, left=start + 0.07, height=0.55, color=ACCENT, zorder=2)
    if marked and event is not None and event.event_date is not None:
        span = (event.end - event.start).days + 1
        x = event.month - 1 + (event.event_date - event.start).days / span
        ax.axvline(x, color=EVENT, linewidth=1.6, linestyle="--", zorder=3)
        ax.text(
            x,
            bottom - 0.1,
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
    ax.set_ylim(bottom, -0.6)
    ax.set_yticks(range(len(tactics)))
    ax.set_yticklabels(labels, fontsize=7.5)
    ticks = _month_ticks(total)
    # each month's number in its middle; each month's first day under the line it starts at
    ax.set_xticks([t - 0.5 for t in ticks], [digits(str(t)) for t in ticks], minor=True)
    first = months[0].start
    ax.set_xticks([t - 1 for t in ticks], [day_month(add_months(first, t - 1)) for t in ticks])
    ax.tick_params(axis="x", which="minor", length=0, pad=2, labelsize=7.5)
    ax.tick_params(axis="x", which="major", length=3, pad=13, labelsize=7.5, color=MUTED)
    ax.tick_params(axis="y", length=0)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel(_("plan month (first day)"), fontsize=8, color=MUTED)
    # pale phase colours need an edge to show as legend swatches on paper
    handles = [
        patches.Patch(facecolor=PHASE_COLOURS[p], edgecolor=MUTED, linewidth=0.5, label=name)
        for p, name in shown.items()
    ]
    ncol = _legend_columns(list(shown.values()))
    # on the figure, not the axes: centred over the axes, a wide legend ran off the page
    fig.legend(
        handles=_reading_order(handles, ncol, rtl),
        loc="outside upper center",
        ncol=ncol,
        frameon=False,
        fontsize=7.5,
        handlelength=1.2,
        markerfirst=not rtl,
    )
    return fig


def platform_figure(platforms: Sequence[PlatformRow], rtl: bool = False) -> Figure:
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
        ax.annotate(
            digits(f"{p.score:g}"),
            (p.score, row),
            xytext=(3, 0),
            textcoords="offset points",
            ha="left",
            va="center",
            fontsize=7.5,
            color=INK,
        )
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
    # "best" finds the empty corner, which a right-to-left (mirrored) chart has on the left
    ax.legend(handles=handles, loc="best", frameon=False, fontsize=7.5, markerfirst=not rtl)
    ax.set_xlim(0, max((p.score for p in platforms), default=1) * 1.12)
    return fig


class _Rewritten(ticker.Formatter):
    """Tick labels rewritten for drawing: axes make their labels afresh each time they draw."""

    def __init__(self, inner: ticker.Formatter, rewrite: Callable[[str], str]) -> None:
        self.inner = inner
        self.rewrite = rewrite

    def set_axis(self, axis: Any) -> None:
        super().set_axis(axis)
        self.inner.set_axis(axis)

    def set_locs(self, locs: Any) -> None:
        self.inner.set_locs(locs)

    def __call__(self, x: float, pos: int | None = None) -> str:
        return self.rewrite(self.inner(x, pos))

    def format_ticks(self, values: Any) -> list[str]:
        return [self.rewrite(label) for label in self.inner.format_ticks(values)]


_MIRRORED: dict[str, Literal["left", "center", "right"]] = {"left": "right", "right": "left"}


def _right_to_left(fig: Figure, shape: bool) -> None:
    """Mirror a finished figure for a right-to-left document, and make its text read so.

    Time and score axes run from the right, value axes sit on the right, labels placed beside
    a point move to its other side. Text is shaped into drawing order when ``shape`` (for
    renderers that draw glyph by glyph, see :func:`recommender.typefaces.shaped`), else
    only marked to read right to left (:func:`recommender.typefaces.right_to_left_lines`).
    """

    def rewrite(text: str) -> str:
        return shaped(text, "fa") if shape else right_to_left_lines(text, "fa")

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
        for text in ax.texts:
            text.set_horizontalalignment(_MIRRORED.get(text.get_horizontalalignment(), "center"))
            if isinstance(text, Annotation) and text.get_anncoords() == "offset points":
                dx, dy = text.xyann
                text.xyann = (-dx, dy)
        for axis in (ax.xaxis, ax.yaxis):
            axis.set_major_formatter(_Rewritten(axis.get_major_formatter(), rewrite))
            axis.set_minor_formatter(_Rewritten(axis.get_minor_formatter(), rewrite))
    for text in fig.findobj(Text):
        text.set_text(rewrite(text.get_text()))


_NO_REORDERING = 'style="direction: ltr; unicode-bidi: bidi-override; '


def _svg(fig: Figure, scope: str) -> str:
    buffer = io.StringIO()
    with matplotlib.rc_context({**STYLE, "font.family": chart_family(get_language())}):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    text = text[text.index("<svg") :]  # drop the XML declaration and doctype to inline it
    if get_language() == "fa":
        # the text is already in drawing order (WeasyPrint draws SVG text glyph by glyph):
        # a browser must not reorder it again
        text = text.replace('<text style="', "<text " + _NO_REORDERING)
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
    rtl = doc.provenance.direction == "rtl"

    def save(fig: Figure, scope: str) -> Any:
        if rtl:
            _right_to_left(fig, shape=fmt == "svg" or not AGG_SHAPES_TEXT)
        return write(fig, scope)

    currency = doc.media.currency
    if language == "fa":
        register_chart_fonts()
    style = {**STYLE, "font.family": chart_family(language)}
    with matplotlib.rc_context(style):
        kpis = {g.id: save(kpi_figure(g, currency), f"kpi-{g.id}") for g in doc.goals}
        event = _("Event: {date}").format(date=date(doc.event_date)) if doc.event_date else None
        timeline = save(timeline_figure(doc.month_plan, event, rtl), "timeline")
        platforms = (
            save(platform_figure(doc.platforms, rtl), "platforms") if doc.platforms else None
        )
    return {"kpis": kpis, "timeline": timeline, "platforms": platforms}
