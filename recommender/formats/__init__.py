"""The strategy document in each format: Markdown, HTML, PDF (from the HTML) and DOCX.

Importing this package is cheap: Jinja, matplotlib, WeasyPrint and docxtpl are imported
inside the function that needs them, so the CLI can name the formats without loading them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeGuard

if TYPE_CHECKING:
    from recommender.document_model import StrategyDocument

DocumentFormat = Literal["md", "html", "pdf", "docx"]
DOCUMENT_FORMATS: tuple[DocumentFormat, ...] = ("md", "html", "pdf", "docx")
BINARY_FORMATS: tuple[DocumentFormat, ...] = ("pdf", "docx")


def extension(fmt: str) -> str:
    """The extension a file in ``fmt`` gets: ``.txt`` for text, else the format's name."""
    return ".txt" if fmt == "text" else f".{fmt}"


def is_document_format(fmt: str) -> TypeGuard[DocumentFormat]:
    """Whether ``fmt`` is one of the strategy document's formats."""
    return fmt in DOCUMENT_FORMATS


def markdown(doc: StrategyDocument, template_dir: Path | None = None) -> str:
    """The Markdown draft (no charts: Markdown has nowhere standalone to put them)."""
    from recommender.render import render

    return render("md", {"doc": doc}, template_dir)


def html(doc: StrategyDocument, template_dir: Path | None = None) -> str:
    """The standalone HTML draft, charts inlined as SVG."""
    from markupsafe import Markup

    from recommender.charts import charts
    from recommender.render import render
    from recommender.typefaces import font_css

    made = charts(doc, "svg")
    inline = {
        "kpis": {goal: Markup(svg) for goal, svg in made["kpis"].items()},
        "timeline": Markup(made["timeline"]),
        "platforms": Markup(made["platforms"]) if made["platforms"] else None,
    }
    fonts = Markup(font_css(doc.provenance.language))  # our own CSS: no user text in it
    return render("html", {"doc": doc, "charts": inline, "fonts": fonts}, template_dir)


def render_document(
    doc: StrategyDocument, fmt: DocumentFormat, template_dir: Path | None = None
) -> str | bytes:
    """The draft in ``fmt``: text for Markdown and HTML, bytes for PDF and DOCX."""
    if fmt == "md":
        return markdown(doc, template_dir)
    if fmt == "html":
        return html(doc, template_dir)
    if fmt == "pdf":
        from recommender.formats.pdf import pdf

        return pdf(html(doc, template_dir))
    from recommender.formats.docx import docx

    return docx(doc, template_dir)
