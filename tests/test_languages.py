"""Vietnamese and Persian output: language choice, locale formats, right-to-left documents."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from recommender import api, formatting
from recommender.formats import render_document
from recommender.i18n import _, language
from recommender.intake_file import read_intake
from recommender.knowledge import KnowledgeBase

from .conftest import EXAMPLE

DATE = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def persian_doc(kb: KnowledgeBase) -> Any:
    with language("fa"):
        return api.strategy_document(read_intake(EXAMPLE, kb), kb, EXAMPLE, DATE)


def test_language_follows_the_intake_unless_lang_is_given(
    run: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GOALREC_LANG")
    # the example intake's working language is vi
    out = tmp_path / "vi.json"
    assert run("recommend", EXAMPLE, "-o", out).exit_code == 0
    assert '"language": "vi"' in out.read_text()
    out_en = tmp_path / "en.json"
    assert run("--lang", "en", "recommend", EXAMPLE, "-o", out_en).exit_code == 0
    assert '"language": "en"' in out_en.read_text()
    persian_client = tmp_path / "ir.yaml"
    persian_client.write_text(EXAMPLE.read_text().replace("language: vi ", "language: de "))
    out_de = tmp_path / "de.json"
    assert run("recommend", persian_client, "-o", out_de).exit_code == 0
    assert '"language": "en"' in out_de.read_text()  # goalrec does not speak German: English


def test_errors_come_whole_in_the_chosen_language(run: Callable[..., Any]) -> None:
    result = run("--lang", "vi", "recommend", "missing.yaml")
    assert result.exit_code == 2
    assert result.output == "lỗi: missing.yaml: không tìm thấy tệp\n"  # "error:" too
    result = run("--lang", "fa", "recommend", "missing.yaml")
    assert result.output == "خطا: missing.yaml: فایل پیدا نشد\n"


def test_persian_html_is_right_to_left_with_persian_fonts_digits_and_dates(
    persian_doc: Any,
) -> None:
    with language("fa"):
        html = render_document(persian_doc, "html")
    assert isinstance(html, str)
    assert '<html lang="fa" dir="rtl">' in html
    assert "font-family: 'Vazirmatn'" in html and "data:font/woff2;base64," in html
    assert "۲۶ بهمن ۱۴۰۵" in html  # the launch date, Solar Hijri, Persian digits
    assert "counter(page, persian)" in html


def test_gregorian_calendar_on_request(run: Callable[..., Any], tmp_path: Path) -> None:
    out = tmp_path / "fa.md"
    result = run(
        "--lang",
        "fa",
        "--calendar",
        "gregorian",
        "recommend",
        EXAMPLE,
        "-o",
        out,
        "--date",
        "2026-12-01",
    )
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert "۱۵ فوریه ۲۰۲۷" in text and "بهمن" not in text
    assert "goalrec --lang fa --calendar gregorian recommend" in text  # regenerates the same


def test_vietnamese_formats(kb: KnowledgeBase) -> None:
    with language("vi"):
        doc = api.strategy_document(read_intake(EXAMPLE, kb), kb, EXAMPLE, DATE)
        text = render_document(doc, "md")
        axes = charts_text(doc)
    assert isinstance(text, str)
    assert "15.000.000 ₫" in text.replace("\xa0", " ")  # the monthly budget
    assert "15/02/2027" in text and "thg" not in text  # the launch date, in figures
    assert "1,4" in axes and "1.4" not in axes  # chart axes write decimals with a comma too


def charts_text(doc: Any) -> str:
    from recommender.charts import charts

    made = charts(doc, "svg")
    return " ".join(re.findall(r">([^<]+)</text>", " ".join([*made["kpis"].values()])))


def test_persian_docx_paragraphs_and_tables_run_right_to_left(persian_doc: Any) -> None:
    from docx import Document
    from docx.oxml.ns import qn

    with language("fa"):
        data = render_document(persian_doc, "docx")
    assert isinstance(data, bytes)
    body = Document(io.BytesIO(data)).element.body
    paragraphs = list(body.iter(qn("w:p")))
    assert paragraphs and all(
        p.find(qn("w:pPr")).find(qn("w:bidi")) is not None for p in paragraphs
    )
    assert all(
        t.find(qn("w:tblPr")).find(qn("w:bidiVisual")) is not None for t in body.iter(qn("w:tbl"))
    )
    persian_runs = [
        r
        for r in body.iter(qn("w:r"))
        if any(
            "\u0600" <= ch <= "\u06ff" for ch in "".join(t.text or "" for t in r.iter(qn("w:t")))
        )
    ]
    assert persian_runs
    assert all(r.find(qn("w:rPr")).find(qn("w:rtl")) is not None for r in persian_runs)
    # Word refuses properties out of schema order: bidi before jc, rFonts before rtl and lang
    for props, first, then in (("w:pPr", "w:bidi", "w:jc"), ("w:rPr", "w:rFonts", "w:rtl")):
        for element in body.iter(qn(props)):
            tags = [child.tag for child in element]
            if qn(first) in tags and qn(then) in tags:
                assert tags.index(qn(first)) < tags.index(qn(then)), (props, tags)
    footer = Document(io.BytesIO(data)).sections[0].footer.paragraphs[0]
    assert footer._p.find(qn("w:pPr")).find(qn("w:bidi")) is not None  # the footer too


# Persian letters before shaping; a shaped label holds their joined presentation forms instead
_BARE_PERSIAN = re.compile("[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]")


def test_persian_charts_are_mirrored_and_shaped(persian_doc: Any) -> None:
    from recommender.charts import charts

    with language("fa"):
        made = charts(persian_doc, "svg")
    svg = made["kpis"][persian_doc.goals[0].id]  # titled with the KPIs' Persian names
    assert "Vazirmatn" in svg
    assert "۱۰۰" in made["platforms"] or "۲۰" in made["platforms"]  # axis in Persian digits
    # shaped text uses Arabic presentation forms (joined letters), not the bare letters
    assert any("\ufb50" <= ch <= "\ufeff" for ch in svg)
    for chart in [*made["kpis"].values(), made["timeline"], made["platforms"]]:
        texts = re.findall(r"<text ([^>]*)>([^<]*)</text>", chart)
        assert texts
        # every label, tick labels too (axes make those afresh when they draw), is shaped;
        # and a browser is told not to reorder what is already in drawing order
        assert not [t for _, t in texts if _BARE_PERSIAN.search(t)]
        assert all("unicode-bidi: bidi-override" in attrs for attrs, _ in texts)
    # a label that opens with a number still reads right to left: "۴. TopCV" -> "TopCV .۴"
    assert re.search(r">[A-Za-z][^<]* \.[۰-۹]+<", made["platforms"])


def test_persian_png_charts_leave_shaping_to_matplotlib_when_it_can(persian_doc: Any) -> None:
    from matplotlib.text import Text

    from recommender.charts import _right_to_left, platform_figure

    with language("fa"):
        fig = platform_figure(persian_doc.platforms, rtl=True)
        _right_to_left(fig, shape=False)
        fig.canvas.draw()  # tick labels come from their formatters here
    labels = [t.get_text() for t in fig.findobj(Text) if t.get_text()]
    assert labels and all(line.startswith("\u200f") for t in labels for line in t.split("\n"))
    assert not any("\ufb50" <= ch <= "\ufeff" for t in labels for ch in t)  # logical order


def test_timeline_marks_the_event_between_its_months_first_days(kb: KnowledgeBase) -> None:
    import numpy as np
    from matplotlib.patches import Rectangle

    from recommender.charts import timeline_figure

    doc = api.strategy_document(read_intake(EXAMPLE, kb), kb, EXAMPLE, DATE)
    fig = timeline_figure(doc.month_plan, "event")
    fig.canvas.draw()
    ax = fig.axes[0]
    event = next(m for m in doc.month_plan if m.event_date)
    line = next(x for x in ax.get_lines() if x.get_linestyle() == "--")
    x = float(np.asarray(line.get_xdata())[0])
    # the labelled ticks are the months' first days, at the months' starts
    ticks = zip(ax.get_xticks(), ax.get_xticklabels(), strict=True)
    days = {tick: label.get_text() for tick, label in ticks}
    assert days[event.month - 1] == formatting.day_month(event.start)
    assert event.month - 1 < x < event.month
    # the event's label sits under the last bar, not on it
    label = next(t for t in ax.texts if "event" in t.get_text())
    bars = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_height() == 0.55]
    assert label.get_position()[1] > max(b.get_y() + b.get_height() for b in bars)


@pytest.mark.parametrize(
    ("lang", "country", "working", "ages", "number"),
    [
        ("en", "Vietnam", "Vietnamese", "18-24, 25-34", "15,000,000"),
        ("vi", "Việt Nam", "Tiếng Việt", "18-24, 25-34", "15.000.000"),
        ("fa", "ویتنام", "ویتنامی", "۱۸-۲۴، ۲۵-۳۴", "۱۵٬۰۰۰٬۰۰۰"),
    ],
)
def test_situation_and_reasons_name_things_in_the_document_language(
    kb: KnowledgeBase, lang: str, country: str, working: str, ages: str, number: str
) -> None:
    with language(lang):
        doc = api.strategy_document(read_intake(EXAMPLE, kb), kb, EXAMPLE, DATE)
        launch = _("launching a new product")
    rows = {row.label: row.value for row in doc.situation}
    assert country in rows.values() and working in rows.values() and ages in rows.values()
    facts = [fact for w in doc.why for fact in w.facts]
    assert not [f for f in facts if "new_product_launch" in f or ": VN" in f]  # no raw ids
    assert any(launch in f for f in facts)
    assert any(number in f for f in facts)  # the ad budget, in the language's separators


@pytest.mark.parametrize("lang", ["en", "vi", "fa"])
def test_timeline_legend_fits_the_page_in_every_language(kb: KnowledgeBase, lang: str) -> None:
    # Vietnamese phase names are long: five to a row once made matplotlib drop the layout
    import warnings

    from recommender.cases import load_case
    from recommender.charts import _legend_columns, _svg, timeline_figure

    path = EXAMPLE.parents[1] / "cases" / "combo-launch-with-event-date.yaml"
    with language(lang):
        doc = api.strategy_document(load_case(path, kb).intake, kb, path, DATE)
        assert len({m.phases[-1] for m in doc.month_plan}) == 5  # every phase in the legend
        fig = timeline_figure(doc.month_plan, "launch", rtl=lang == "fa")
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # "constrained_layout not applied" is a warning
            _svg(fig, "timeline")
    assert len(fig.legends) == 1
    legend = fig.legends[0]
    fig.canvas.draw()
    # the legend stays inside the figure (it once ran off the page in Vietnamese)
    box = legend.get_window_extent()
    assert box.x0 >= 0 and box.x1 <= fig.bbox.width + 0.5
    phases = list(dict.fromkeys(m.phase_names[-1] for m in doc.month_plan))
    ncols = legend._ncols  # type: ignore[attr-defined]
    assert ncols == _legend_columns(phases)
    # the phases read in plan order, row by row, from the right in Persian
    placed = [(t.get_window_extent(), t.get_text()) for t in legend.get_texts() if t.get_text()]
    sign = -1 if lang == "fa" else 1
    placed.sort(key=lambda p: (-round(p[0].y0), sign * p[0].x0))
    assert [text for _, text in placed] == phases
    if lang == "en":
        assert ncols == 5  # short names stay on one row


def test_budgets_in_whole_units_in_every_language() -> None:
    # a monthly share of a budget split seven ways once showed its cents in Vietnamese
    for lang, text in (("en", "385,714 CNY"), ("vi", "385.714\xa0CN¥"), ("fa", "۳۸۵٬۷۱۴")):
        with language(lang):
            shown = formatting.money(2_700_000 / 7, "CNY")
        assert text in shown and "29" not in shown and "۲۹" not in shown
