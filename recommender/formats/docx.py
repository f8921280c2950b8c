"""DOCX: a Word template carrying Jinja tags (docxtpl), so an agency can restyle it in Word.

The template is ``strategy.docx`` in the agency's ``--template-dir`` when it has one, else
the bundled one (made by ``templates/build_docx_template.py``). Charts go in as PNG.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from recommender.document_model import StrategyDocument
from recommender.errors import Problem, TemplateError
from recommender.render import (
    TEMPLATES,
    default_templates_dir,
    display_path,
    environment,
    template_errors,
)
from recommender.typefaces import PERSIAN_FONT

CHART_WIDTH_MM = 165


def template_path(template_dir: Path | None) -> Path:
    """The Word template to use: the agency's, else the bundled one."""
    name = TEMPLATES["docx"]
    if template_dir is not None and (template_dir / name).is_file():
        return template_dir / name
    return default_templates_dir() / name


def docx(doc: StrategyDocument, template_dir: Path | None = None) -> bytes:
    """The DOCX draft as bytes."""
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    from recommender.charts import charts

    path = template_path(template_dir)
    tpl = DocxTemplate(path)
    try:
        tpl.init_docx()
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise TemplateError(Problem(f"not a Word .docx file ({exc})", display_path(path))) from None
    made = charts(doc, "png")

    def image(png: bytes) -> Any:
        return InlineImage(tpl, io.BytesIO(png), width=Mm(CHART_WIDTH_MM))

    context = {
        "doc": doc,
        "charts": {
            "kpis": {goal: image(png) for goal, png in made["kpis"].items()},
            "timeline": image(made["timeline"]),
            "platforms": image(made["platforms"]) if made["platforms"] else None,
        },
    }
    env = environment("docx", template_dir)
    with template_errors(env, path.name, path):
        tpl.render(context, jinja_env=env, autoescape=True)
    end_tables_freely(tpl.docx)
    if doc.provenance.direction == "rtl":
        right_to_left(tpl.docx)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def end_tables_freely(document: Any) -> None:
    """Let each table's last row part from what follows it.

    The template keeps a short table's rows together by keeping each row "with next"; its
    rows are made by one loop, so the last one carries that too, and would chain the table
    to the next heading, and that heading to the next table, across the whole document.
    """
    from docx.oxml.ns import qn

    for table in document.element.body.iter(qn("w:tbl")):
        rows = table.findall(qn("w:tr"))
        if not rows:
            continue
        for keep in rows[-1].iter(qn("w:keepNext")):
            keep.getparent().remove(keep)


_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


def right_to_left(document: Any) -> None:
    """Make a rendered Word document read right to left (Persian).

    Every paragraph gets right-to-left direction and every table right-to-left column
    order; runs in Persian script are marked right-to-left and set in Vazirmatn (runs of
    Latin text, such as brand names and numbers in Latin digits, keep their own direction).
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def child(parent: Any, tag: str, first: bool = False) -> Any:
        found = parent.find(qn(tag))
        if found is None:
            found = OxmlElement(tag)
            if first:
                parent.insert(0, found)
            else:
                parent.append(found)
        return found

    body = document.element.body
    for paragraph in body.iter(qn("w:p")):
        child(child(paragraph, "w:pPr", first=True), "w:bidi")
    for table in body.iter(qn("w:tbl")):
        child(child(table, "w:tblPr", first=True), "w:bidiVisual")
    for run in body.iter(qn("w:r")):
        text = "".join(t.text or "" for t in run.iter(qn("w:t")))
        if _ARABIC_SCRIPT.search(text):
            properties = child(run, "w:rPr", first=True)
            child(properties, "w:rtl")
            fonts = child(properties, "w:rFonts")
            fonts.set(qn("w:cs"), PERSIAN_FONT)
            language = child(properties, "w:lang")
            language.set(qn("w:bidi"), "fa-IR")
