"""DOCX: a Word template carrying Jinja tags (docxtpl), so an agency can restyle it in Word.

The template is ``strategy.docx`` in the agency's ``--template-dir`` when it has one, else
the bundled one (made by ``templates/build_docx_template.py``). Charts go in as PNG.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
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


# the order WordprocessingML requires of the children these functions add (ECMA-376 part 1,
# CT_PPrBase, CT_RPr, CT_TblPr), trimmed to the elements a rendered template holds; Word
# refuses a file whose properties are out of order, LibreOffice does not mind
_PARAGRAPH_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]
_RUN_ORDER = [
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
]
_TABLE_ORDER = [
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
    "tblCaption",
    "tblDescription",
]


def _child(parent: Any, name: str, order: Sequence[str] = ()) -> Any:
    """``parent``'s ``w:name`` child, added where ``order`` puts it when it is missing."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    found = parent.find(qn(f"w:{name}"))
    if found is not None:
        return found
    element = OxmlElement(f"w:{name}")
    later = set(order[order.index(name) + 1 :]) if name in order else set()
    for position, existing in enumerate(parent):
        if str(existing.tag).rsplit("}", 1)[-1] in later:
            parent.insert(position, element)
            return element
    parent.append(element)
    return element


def _first_child(parent: Any, name: str) -> Any:
    """A properties element (``w:pPr``, ``w:rPr``, ``w:tblPr``): always its parent's first."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    found = parent.find(qn(f"w:{name}"))
    if found is None:
        found = OxmlElement(f"w:{name}")
        parent.insert(0, found)
    return found


def right_to_left(document: Any) -> None:
    """Make a rendered Word document read right to left (Persian).

    Every paragraph (the footers' too) gets right-to-left direction and every table
    right-to-left column order; runs in Persian script are marked right-to-left and set in
    Vazirmatn (runs of Latin text, such as brand names and numbers in Latin digits, keep
    their own direction).
    """
    from docx.oxml.ns import qn

    parts = [document.element.body]
    for rel in document.part.rels.values():  # docxtpl put rendered footers in new parts
        if rel.reltype.endswith(("/footer", "/header")) and not rel.is_external:
            parts.append(rel.target_part.element)
    for part in parts:
        for paragraph in part.iter(qn("w:p")):
            _child(_first_child(paragraph, "pPr"), "bidi", _PARAGRAPH_ORDER)
        for table in part.iter(qn("w:tbl")):
            _child(_first_child(table, "tblPr"), "bidiVisual", _TABLE_ORDER)
        for run in part.iter(qn("w:r")):
            text = "".join(t.text or "" for t in run.iter(qn("w:t")))
            if _ARABIC_SCRIPT.search(text):
                properties = _first_child(run, "rPr")
                fonts = _child(properties, "rFonts", _RUN_ORDER)
                fonts.set(qn("w:cs"), PERSIAN_FONT)
                _child(properties, "rtl", _RUN_ORDER)
                language = _child(properties, "lang", _RUN_ORDER)
                language.set(qn("w:bidi"), "fa-IR")
