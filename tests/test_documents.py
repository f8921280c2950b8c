"""The strategy document in every format.

Golden files: tests/golden/<case>.md and .html, one pair for each case in GOLDEN_CASES
(chosen to cover B2B and B2C, several markets, zero budget, a tiny team, a reputation
problem and a seed example). After an intended change to the document, rewrite them and
review the diff:

    python -m pytest tests/test_documents.py --update-golden
"""

import datetime as dt
import difflib
import hashlib
import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml

from recommender import __version__, api
from recommender.cases import case_files, load_case
from recommender.document_model import StrategyDocument
from recommender.formats import render_document
from recommender.i18n import language
from recommender.intake_file import validate_intake
from recommender.knowledge import KnowledgeBase

from .conftest import DOC_DATE, EXAMPLE, REPO

GOLDEN_CASES = [
    "example-mekong-coffee",
    "b2b-saas-needs-leads-vn",
    "iran-online-store-paid",
    "reputation-problem-restaurant",
    "zero-budget-awareness-us",
    "market-cn-launch-douyin-xhs",
    "seed-messenger-wait-time",
    "team-tiny-two-platforms",
]
# and in the other languages: (case, language); their golden files are <case>.<lang>.md/html
TRANSLATED_CASES = [("example-mekong-coffee", "vi"), ("iran-online-store-paid", "fa")]
CASES = [p for p in case_files([REPO / "cases"]) if p.stem in GOLDEN_CASES]
GOLDEN_RUNS = [(p, "en") for p in CASES] + [
    (REPO / "cases" / f"{stem}.yaml", lang) for stem, lang in TRANSLATED_CASES
]
GOLDEN = Path(__file__).parent / "golden"
DATE = dt.date.fromisoformat(DOC_DATE)
HOSTILE = "<script>alert(1)</script> {{ 7*7 }} *Co* | _x_ & [y](z)"
SECTIONS = [
    "Executive summary",
    "The client's situation",
    "Goals",
    "KPI plan",
    "Platforms",
    "Tactics and content",
    "Content calendar: month 1",
    "Month by month",
    "Media plan",
    "Audience and brand",
    "Program scorecard",
    "Risks and warnings",
    "Measurement and review",
    "Appendix: Why these recommendations",
    "Appendix: Assumptions and sources",
]
_SVG = re.compile(r"<svg\b.*?</svg>", re.S)
_STYLE = re.compile(r"<style>.*?</style>", re.S)


def case_document(path: Path, kb: KnowledgeBase) -> StrategyDocument:
    return api.strategy_document(load_case(path, kb).intake, kb, path, DATE)


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize(
    ("path", "lang"),
    GOLDEN_RUNS,
    ids=[p.stem if lang == "en" else f"{p.stem}-{lang}" for p, lang in GOLDEN_RUNS],
)
def test_golden(
    path: Path, lang: str, fmt: str, kb: KnowledgeBase, request: pytest.FixtureRequest
) -> None:
    with language(lang):
        text = render_document(case_document(path, kb), fmt)  # type: ignore[arg-type]
    assert isinstance(text, str)
    if fmt == "html":  # charts and the stylesheet are checked on their own
        text = _STYLE.sub(
            "<style><!-- strategy.css --></style>", _SVG.sub("<svg><!-- chart --></svg>", text)
        )
    golden = GOLDEN / (f"{path.stem}.{fmt}" if lang == "en" else f"{path.stem}.{lang}.{fmt}")
    if request.config.getoption("--update-golden"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
        return
    assert golden.exists(), (
        "no golden file: python -m pytest tests/test_documents.py --update-golden"
    )
    expected = golden.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                text.splitlines(keepends=True),
                str(golden),
                "now",
                n=1,
            )
        )
        pytest.fail(f"{golden.name} changed (update: --update-golden):\n{diff[:6000]}")


def hostile_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["business"]["name"] = HOSTILE
    data["audience"]["segments"] = [
        "# not a heading",
        "1. not a list",
        "<b>not bold</b> | not a cell",
        "&amp; stays &amp;",
    ]
    data["brand"] = {"tone_of_voice": "{% raw %}{{ doc }}{% endraw %} `code` \\ back"}
    return data


@pytest.fixture(scope="session")
def hostile(kb: KnowledgeBase, tmp_path_factory: pytest.TempPathFactory) -> StrategyDocument:
    path = tmp_path_factory.mktemp("intake") / "hostile.yaml"
    data = hostile_data()
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return api.strategy_document(validate_intake(data, str(path), kb), kb, path, DATE)


@pytest.fixture(scope="session")
def hostile_html(hostile: StrategyDocument) -> str:
    text = render_document(hostile, "html")
    assert isinstance(text, str)
    return text


@pytest.fixture(scope="session")
def hostile_pdf(hostile_html: str) -> Any:
    from pypdf import PdfReader

    from recommender.formats.pdf import pdf

    return PdfReader(io.BytesIO(pdf(hostile_html)))


@pytest.fixture(scope="session")
def hostile_docx(hostile: StrategyDocument) -> Any:
    import docx

    data = render_document(hostile, "docx")
    assert isinstance(data, bytes)
    return docx.Document(io.BytesIO(data))


def _xml(html: str) -> ET.Element:
    assert html.startswith("<!DOCTYPE html>\n")
    return ET.fromstring(html.removeprefix("<!DOCTYPE html>\n"))  # raises unless well-formed


def _text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def test_html_is_well_formed_standalone_and_shows_intake_text_literally(hostile_html: str) -> None:
    root = _xml(hostile_html)
    assert root.tag == "html" and root.get("lang") == "en" and root.get("dir") == "ltr"
    tags = {el.tag.split("}")[-1] for el in root.iter()}
    assert "script" not in tags and "link" not in tags and "img" not in tags  # nothing to fetch
    assert "svg" in tags and "style" in tags
    css = (REPO / "templates" / "strategy.css").read_text(encoding="utf-8")
    assert css.strip() in hostile_html  # the stylesheet is inlined, whole
    h1 = next(el for el in root.iter() if el.tag == "h1")
    assert _text(h1) == HOSTILE
    title = next(el for el in root.iter() if el.tag == "title")
    assert title.text == f"Social media strategy for {HOSTILE}"
    assert "<script>" not in hostile_html and "49" not in _text(h1)
    body = _text(root)
    assert (
        "<b>not bold</b> | not a cell" in body
        and "{% raw %}{{ doc }}{% endraw %} `code` \\ back" in body
    )
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids))  # several charts inline, no clashing ids
    assert [_text(h2) for h2 in root.iter() if h2.tag == "h2"] == ["Contents", *SECTIONS]


def test_markdown_shows_intake_text_literally(hostile: StrategyDocument) -> None:
    from markdown_it import MarkdownIt

    text = render_document(hostile, "md")
    assert isinstance(text, str)
    html = MarkdownIt("commonmark").enable("table").render(text)
    root = ET.fromstring(f"<div>{html}</div>")
    h1 = next(el for el in root.iter() if el.tag == "h1")
    assert _text(h1) == f"Social media strategy for {HOSTILE}"
    assert "<script>" not in html
    assert not any(el.tag in {"script", "b", "img"} for el in root.iter())
    links = [el.get("href") for el in root.iter() if el.tag == "a"]
    assert all(str(href).startswith("https://") for href in links)  # the sources' addresses only
    items = [_text(li) for li in root.iter() if li.tag == "li"]
    assert {
        "# not a heading",
        "1. not a list",
        "<b>not bold</b> | not a cell",
        "&amp; stays &amp;",
    } <= set(items)
    assert [_text(h2) for h2 in root.iter() if h2.tag == "h2"] == SECTIONS
    tables = [t for t in root.iter() if t.tag == "table"]
    for table in tables:  # no row grew or lost a cell to a stray |
        widths = {len(list(row)) for row in table.iter() if row.tag == "tr"}
        assert len(widths) == 1, _text(table)[:200]


def _pdf_text(reader: Any) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def test_pdf_pages_text_and_provenance(hostile_pdf: Any, hostile: StrategyDocument) -> None:
    pages = _pdf_text(hostile_pdf)
    assert 12 <= len(pages) <= 40
    first = pages[0]
    p = hostile.provenance
    assert HOSTILE in first
    for fact in (  # labels and values come out of the PDF in separate runs
        "1 Dec 2026",
        f"goalrec {__version__}",
        f"{p.knowledge_base} {p.knowledge_base_version}",
        p.knowledge_base_digest[:12],
        f"hostile.yaml (sha256 {p.intake_digest[:12]})",
        "--date 2026-12-01",
    ):
        assert fact in first, fact
    whole = " ".join(pages)
    for section in SECTIONS:
        assert section in whole, section
    appendix = next(
        i
        for i, page in enumerate(pages)
        if "Appendix: Why these recommendations" in page and "Every rule" in page
    )
    assert pages[appendix].startswith("Appendix: Why these recommendations")  # starts a page
    assert all(page.endswith(f"{i} / {len(pages)}") for i, page in enumerate(pages, 1))
    assert hostile_pdf.metadata.title == f"Social media strategy for {HOSTILE}"


def _without(text: str, parts: list[str]) -> str:
    for part in parts:
        text = text.replace(part, "")
    return text


def test_docx_opens_and_holds_every_section(hostile_docx: Any, hostile: StrategyDocument) -> None:
    paragraphs = [p for p in hostile_docx.paragraphs]
    titles = [p.text for p in paragraphs if p.style.name == "Title"]
    assert titles == [HOSTILE]
    assert [p.text for p in paragraphs if p.style.name == "Heading 1"] == SECTIONS
    cells = [c.text for t in hostile_docx.tables for row in t.rows for c in row.cells]
    texts = [p.text for p in paragraphs] + cells
    typed = [HOSTILE, hostile_data()["brand"]["tone_of_voice"]]
    leftovers = [t for t in texts if "{{" in _without(t, typed) or "{%" in _without(t, typed)]
    assert not leftovers  # every template tag rendered; the intake's own braces stay as typed
    assert "<b>not bold</b> | not a cell" in texts
    assert any(c.startswith("goalrec") and hostile.provenance.goalrec_version in c for c in cells)
    charts = len(hostile.goals) + 2  # a KPI chart per goal, the timeline, the platform ranking
    assert len(hostile_docx.inline_shapes) == charts
    goal_headings = [p.text for p in paragraphs if p.style.name == "Heading 2"]
    assert any(g.name in h for g in hostile.goals for h in goal_headings)
    footer = hostile_docx.sections[0].footer.paragraphs[0]
    assert HOSTILE in footer.text and 'w:instr="PAGE"' in footer._p.xml


def test_the_document_states_how_to_regenerate_it(kb: KnowledgeBase) -> None:
    path = REPO / "cases" / "example-mekong-coffee.yaml"
    text = render_document(case_document(path, kb), "md")
    assert isinstance(text, str)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    assert f"example-mekong-coffee.yaml (sha256 {digest})" in text
    assert f"goalrec {__version__}" in text and kb.digest[:12] in text
    assert f"{kb.meta.name} {kb.meta.version}" in text and "1 Dec 2026" in text
    # the intake's working language is Vietnamese: an English draft must say --lang en
    assert "goalrec --lang en recommend example-mekong-coffee.yaml --date 2026-12-01" in text


def test_docx_keeps_short_tables_together_but_lets_each_end_freely(
    hostile_docx: Any, hostile: StrategyDocument
) -> None:
    from docx.oxml.ns import qn

    def kept(row: Any) -> bool:
        return any(True for _ in row.iter(qn("w:keepNext")))

    tables = list(hostile_docx.element.body.iter(qn("w:tbl")))
    rows = [t.findall(qn("w:tr")) for t in tables]
    # a goal's SMART rows stay on one page: every row but the last keeps with the next
    together = [r for r in rows if len(r) > 2 and all(kept(x) for x in r[:-1])]
    assert len(together) >= len(hostile.goals)
    # and no table chains itself to whatever follows it
    assert not [r for r in rows if kept(r[-1])]


def test_persian_draft_shows_a_latin_client_name_in_its_own_direction(kb: KnowledgeBase) -> None:
    # in right-to-left text the name's leading "<" would jump to its far end unless the name
    # is isolated, in every format; the isolate marks are invisible
    data = hostile_data()
    with language("fa"):
        doc = api.strategy_document(validate_intake(data, "hostile.yaml", kb), kb, EXAMPLE, DATE)
        html = render_document(doc, "html")
        md = render_document(doc, "md")
    assert isinstance(html, str) and isinstance(md, str)
    isolated = f"\u2068{HOSTILE}\u2069"
    h1 = next(el for el in _xml(html).iter() if el.tag == "h1")
    assert "".join(h1.itertext()) == isolated
    assert isolated in doc.summary[0]
    assert {f"\u2068{s}\u2069" for s in data["audience"]["segments"]} <= set(doc.audience[0].items)
    assert "\u2068\\<script\\>" in md  # Markdown escapes inside the isolate


def test_pdf_draws_vietnamese_letters_in_an_english_draft(kb: KnowledgeBase) -> None:
    # the Latin and Vietnamese subsets of Noto Sans once shared a family name, and WeasyPrint
    # drew "ư" and "ạ" of a Vietnamese client's name with the Latin subset's glyphs
    from pypdf import PdfReader

    data: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["business"]["name"] = "Công ty Thương mại Đặc Sản"
    with language("en"):
        doc = api.strategy_document(validate_intake(data, "vn.yaml", kb), kb, EXAMPLE, DATE)
        pdf = render_document(doc, "pdf")
    assert isinstance(pdf, bytes)
    assert "Công ty Thương mại Đặc Sản" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_empty_parts_of_the_plan_are_prompts_that_start_from_the_intake(kb: KnowledgeBase) -> None:
    # no ad budget and no earned-media tactic: the earned row asks, it is not a row of dashes
    text = render_document(case_document(REPO / "cases" / "budget-zero-event.yaml", kb), "md")
    assert isinstance(text, str)
    earned = next(line for line in text.splitlines() if line.startswith("| earned |"))
    assert "**To complete:** Nothing planned yet" in earned
    # the segments prompt quotes how the intake describes the audience
    doc = case_document(REPO / "cases" / "example-mekong-coffee.yaml", kb)
    segments = doc.audience[0]
    assert segments.prompt is not None and segments.prompt.startswith(
        "The intake describes the audience as “young urban professionals in Ho Chi Minh City”"
        " (ages 18-24, 25-34)."
    )
