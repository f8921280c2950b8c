"""Vietnamese and Persian output: language choice, locale formats, right-to-left documents."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from recommender import api
from recommender.formats import render_document
from recommender.i18n import language
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


def test_vietnamese_formats(kb: KnowledgeBase) -> None:
    with language("vi"):
        doc = api.strategy_document(read_intake(EXAMPLE, kb), kb, EXAMPLE, DATE)
        text = render_document(doc, "md")
    assert isinstance(text, str)
    assert "15.000.000 ₫" in text.replace("\xa0", " ")  # the monthly budget
    assert "15 thg 2, 2027" in text  # the launch date


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


def test_persian_charts_are_mirrored_and_shaped(persian_doc: Any) -> None:
    from recommender.charts import charts

    with language("fa"):
        made = charts(persian_doc, "svg")
    svg = made["kpis"][persian_doc.goals[0].id]  # titled with the KPIs' Persian names
    assert "Vazirmatn" in svg
    assert "۱۰۰" in made["platforms"] or "۲۰" in made["platforms"]  # axis in Persian digits
    # shaped text uses Arabic presentation forms (joined letters), not the bare letters
    assert any("\ufb50" <= ch <= "\ufeff" for ch in svg)


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
        fig = timeline_figure(doc.month_plan, "launch")
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # "constrained_layout not applied" is a warning
            _svg(fig, "timeline")
    legend = fig.axes[0].get_legend()
    assert legend is not None
    names = [t.get_text() for t in legend.get_texts()]
    ncols = legend._ncols  # type: ignore[attr-defined]
    assert ncols == _legend_columns(names)
    if lang == "en":
        assert ncols == 5  # short names stay on one row
