"""DOCX: a Word template carrying Jinja tags (docxtpl), so an agency can restyle it in Word.

The template is ``strategy.docx`` in the agency's ``--template-dir`` when it has one, else
the bundled one (made by ``templates/build_docx_template.py``). Charts go in as PNG.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from recommender.document_model import StrategyDocument
from recommender.errors import Problem, TemplateError
from recommender.render import (
    TEMPLATES,
    default_templates_dir,
    display_path,
    make_env,
    template_errors,
)

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
    env = make_env("docx", template_dir)
    with template_errors(env, path.name, path):
        tpl.render(context, jinja_env=env, autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()
