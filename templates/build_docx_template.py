"""Build ``strategy.docx``, the Word template of the strategy document, with python-docx.

Run ``python templates/build_docx_template.py`` after changing this script; commit both.
The result is an ordinary Word file whose text holds docxtpl's Jinja tags (``{{ ... }}``,
``{%p ... %}`` for paragraphs, ``{%tr ... %}`` for table rows). An agency restyles it in
Word (styles ``Title``, ``Heading 1-3``, ``Normal``, ``Prompt``, ``Small``, the table
style) and keeps the tags. Context: ``doc`` (the StrategyDocument) and ``charts`` (PNG images).
"""

from __future__ import annotations

import datetime as dt
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

OUT = Path(__file__).with_name("strategy.docx")
ACCENT = RGBColor(0x1F, 0x5F, 0x8B)
INK = RGBColor(0x1F, 0x2D, 0x3D)
MUTED = RGBColor(0x5B, 0x67, 0x75)
FONT = "Calibri"
TABLE_STYLE = "Light List Accent 1"
TEXT_WIDTH_MM = 178


def t(text: str) -> str:
    """An interface string, translated when the document is rendered."""
    return '{{ _("' + text + '") }}'


def _shade(element: OxmlElement, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    element.append(shd)


def styles(doc: DocumentObject) -> None:
    """Fonts, sizes and colours of the styles the template uses."""
    normal = doc.styles["Normal"]
    normal.font.name = FONT  # type: ignore[attr-defined]
    normal.font.size = Pt(10)  # type: ignore[attr-defined]
    normal.font.color.rgb = INK  # type: ignore[attr-defined]
    normal.paragraph_format.space_after = Pt(4)  # type: ignore[attr-defined]
    for name, size in (("Title", 26), ("Heading 1", 16), ("Heading 2", 12.5), ("Heading 3", 11)):
        style = doc.styles[name]
        style.font.name = FONT  # type: ignore[attr-defined]
        style.font.size = Pt(size)  # type: ignore[attr-defined]
        style.font.color.rgb = ACCENT  # type: ignore[attr-defined]
        style.font.bold = True  # type: ignore[attr-defined]
        style.paragraph_format.keep_with_next = True  # type: ignore[attr-defined]
    doc.styles["Heading 1"].paragraph_format.space_before = Pt(18)  # type: ignore[attr-defined]
    doc.styles["Heading 1"].paragraph_format.page_break_before = False  # type: ignore[attr-defined]
    prompt = doc.styles.add_style("Prompt", WD_STYLE_TYPE.PARAGRAPH)
    prompt.base_style = doc.styles["Normal"]
    prompt.font.italic = True  # type: ignore[attr-defined]
    p_pr = prompt.element.get_or_add_pPr()
    _shade(p_pr, "FFF8DC")
    border = OxmlElement("w:pBdr")
    left = OxmlElement("w:left")
    for key, value in (
        ("w:val", "single"),
        ("w:sz", "24"),
        ("w:space", "6"),
        ("w:color", "D9A400"),
    ):
        left.set(qn(key), value)
    border.append(left)
    p_pr.append(border)
    small = doc.styles.add_style("Small", WD_STYLE_TYPE.PARAGRAPH)
    small.base_style = doc.styles["Normal"]
    small.font.size = Pt(8.5)  # type: ignore[attr-defined]
    small.font.color.rgb = MUTED  # type: ignore[attr-defined]
    statement = doc.styles.add_style("Statement", WD_STYLE_TYPE.PARAGRAPH)
    statement.base_style = doc.styles["Normal"]
    statement.font.bold = True  # type: ignore[attr-defined]
    statement.font.size = Pt(11)  # type: ignore[attr-defined]


def page(doc: DocumentObject) -> None:
    """A4 portrait, margins, and a footer with the client and the page number."""
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(16)
    section.top_margin, section.bottom_margin = Mm(18), Mm(18)
    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Small"]
    footer.add_run("{{ doc.client }} · " + t("first draft") + " · ")
    field = OxmlElement("w:fldSimple")  # a field sits in the paragraph, around its own run
    field.set(qn("w:instr"), "PAGE")
    shown = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    shown.append(text)
    field.append(shown)
    footer._p.append(field)


def para(doc: DocumentObject, text: str, style: str | None = None) -> Paragraph:
    """A paragraph of template text."""
    return doc.add_paragraph(text, style=style)


def tag(doc: DocumentObject, text: str) -> None:
    """A paragraph holding only a paragraph-level tag (``{%p ... %}``); it disappears."""
    doc.add_paragraph("{%p " + text + " %}")


def _widths(table: Table, widths: Sequence[float]) -> None:
    """Fixed column widths, in the grid (what LibreOffice reads) and in every cell (Word)."""
    total = sum(widths)
    twips = [round(TEXT_WIDTH_MM * w / total / 25.4 * 1440) for w in widths]
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), twips, strict=True):
        col.set(qn("w:w"), str(width))
    for row in table.rows:
        for cell, w in zip(row.cells, widths, strict=True):
            cell.width = Mm(TEXT_WIDTH_MM * w / total)


def _row_flag(row: Any, flag: str) -> None:
    """Set a row property: ``w:tblHeader`` (repeat on every page), ``w:cantSplit``."""
    element = OxmlElement(flag)
    row._tr.get_or_add_trPr().append(element)


def _first_row_plain(table: Table) -> None:
    """Tables without a header row: the table style must not shade the first data row."""
    look = table._tbl.tblPr.find(qn("w:tblLook"))
    if look is not None:
        look.set(qn("w:firstRow"), "0")
        look.set(qn("w:val"), "0400")


def loop_table(
    doc: DocumentObject,
    loop: str,
    cells: Sequence[str],
    headers: Sequence[str] | None = None,
    widths: Sequence[float] | None = None,
    numbers: Sequence[int] = (),
    together: bool = False,
) -> Table:
    """A table: an optional header row, then one row per item of ``loop``.

    Columns listed in ``numbers`` align their figures to the end of the cell (in a
    right-to-left document Word reads "right" as the end). A table ``together`` keeps its
    rows on one page with what follows (short tables, such as a goal's SMART rows).
    """
    rows = (1 if headers else 0) + 3
    table = doc.add_table(rows=rows, cols=len(cells))
    table.style = doc.styles[TABLE_STYLE]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    first = 0
    if headers:
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            cell.text = text
        _row_flag(table.rows[0], "w:tblHeader")
        first = 1
    else:
        _first_row_plain(table)
    table.rows[first].cells[0].text = "{%tr for " + loop + " %}"
    for cell, text in zip(table.rows[first + 1].cells, cells, strict=True):
        cell.text = text
    _row_flag(table.rows[first + 1], "w:cantSplit")
    table.rows[first + 2].cells[0].text = "{%tr endfor %}"
    _widths(table, widths or [1] * len(cells))
    for index in numbers:
        for row in table.rows[: first + 2]:
            row.cells[index].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if together:
        for row in table.rows[: first + 2]:
            for cell in row.cells:
                cell.paragraphs[0].paragraph_format.keep_with_next = True
    return table


def paid_split(doc: DocumentObject, field: str, title: str, what: str) -> None:
    """A heading and a table of paid-budget shares (by platform or by tactic)."""
    doc.add_heading(title, 2)
    loop_table(
        doc,
        f"line in doc.media.{field}",
        [
            "{{ line.name }}",
            "{{ line.share|percent(0) }}",
            "{{ line.total|money(doc.media.currency) }}",
        ],
        headers=[what, t("Share"), t("Total")],
        widths=[3, 1, 2],
        numbers=[1, 2],
        together=True,
    )


def cover(doc: DocumentObject) -> None:
    """Title, timeframe and the draft's provenance."""
    para(doc, t("Social media strategy · first draft"), "Small")
    para(doc, "{{ doc.client }}", "Title")
    para(doc, "{{ doc.months|months }}: {{ doc.start|date_range(doc.end) }}")
    rows = [
        (t("Prepared on"), "{{ doc.provenance.date|date }}"),
        (t("Made with"), "goalrec {{ doc.provenance.goalrec_version }}"),
        (
            t("Knowledge base"),
            "{{ doc.provenance.knowledge_base }} {{ doc.provenance.knowledge_base_version }} "
            "(" + t("digest") + " {{ doc.provenance.knowledge_base_digest[:12] }})",
        ),
        (
            t("Intake"),
            "{{ doc.provenance.intake_file }} (sha256 {{ doc.provenance.intake_digest[:12] }})",
        ),
        (t("Regenerate with"), "{{ doc.provenance.command }}"),
    ]
    table = doc.add_table(rows=len(rows), cols=2)
    table.style = doc.styles[TABLE_STYLE]
    _first_row_plain(table)
    for row, (label, value) in zip(table.rows, rows, strict=True):
        row.cells[0].text, row.cells[1].text = label, value
    _widths(table, [1, 3])
    doc.add_page_break()


def body(doc: DocumentObject) -> None:
    """Every section of the strategy document, in order."""
    doc.add_heading(t("Executive summary"), 1)
    tag(doc, "for paragraph in doc.summary")
    para(doc, "{{ paragraph }}")
    tag(doc, "endfor")

    doc.add_heading(t("The client's situation"), 1)
    para(doc, t("As the intake gives it."))
    loop_table(doc, "row in doc.situation", ["{{ row.label }}", "{{ row.value }}"], widths=[1, 2])

    doc.add_heading(t("Goals"), 1)
    tag(doc, "for goal in doc.goals")
    doc.add_heading("{{ loop.index|digits }}. {{ goal.name }} ({{ goal.priority }})", 2)
    statement = para(doc, "{{ goal.statement }}", "Statement")
    statement.paragraph_format.keep_with_next = True
    loop_table(
        doc,
        "row in goal.smart",
        ["{{ row.label }}", "{{ row.value }}"],
        widths=[1, 4],
        together=True,
    )
    tag(doc, "endfor")

    doc.add_heading(t("KPI plan"), 1)
    para(
        doc,
        "{{ _(\"Each goal's KPIs with their definition and formula, baseline, target by {date}, "
        'data source and review cadence.").format(date=doc.target_date|date) }}',
    )
    tag(doc, "for goal in doc.goals")
    doc.add_heading("{{ goal.name }}", 2)
    tag(doc, "if goal.due_note")
    para(doc, "{{ goal.due_note }}")
    tag(doc, "endif")
    loop_table(
        doc,
        "k in goal.kpis",
        [
            "{{ k.name }}",
            "{{ k.description }} {{ k.formula }}",
            "{{ k.baseline }}",
            "{{ k.target }}{% if k.note %} ({{ k.note }}){% endif %}",
            "{{ k.data_source }}",
            "{{ k.cadence }}",
        ],
        headers=[
            t("KPI"),
            t("Definition and formula"),
            t("Baseline"),
            t("Target"),
            t("Data source"),
            t("Review"),
        ],
        widths=[2.1, 3.9, 1.7, 2, 2.5, 1.8],
        numbers=[2, 3],
    )
    tag(doc, "for k in goal.kpis if k.flag")
    para(doc, t("Check") + ": {{ k.flag }}", "Prompt")
    tag(doc, "endfor")
    para(doc, "{{ charts.kpis[goal.id] }}")
    para(
        doc,
        '{{ _("{goal}: each KPI from its baseline (or the month-1 baseline, index 100) to its '
        'target, month by month.").format(goal=goal.name) }}',
        "Small",
    )
    tag(doc, "endfor")

    doc.add_heading(t("Platforms"), 1)
    loop_table(
        doc,
        "pl in doc.platforms",
        [
            "{{ pl.rank }}",
            "{{ pl.name }}",
            "{{ pl.role }}",
            '{{ pl.reasons|join(" ") }}',
            "{{ pl.paid }}",
        ],
        headers=["#", t("Platform"), t("Role"), t("Why"), t("Paid")],
        widths=[0.5, 1.5, 2.6, 3.9, 2.1],  # "Paid" may explain why not
        numbers=[0],
    )
    tag(doc, "if charts.platforms")
    para(doc, "{{ charts.platforms }}")
    tag(doc, "endif")
    tag(doc, "if doc.excluded_platforms")
    doc.add_heading(t("Left out"), 2)
    loop_table(
        doc, "row in doc.excluded_platforms", ["{{ row.label }}", "{{ row.value }}"], widths=[1, 3]
    )
    tag(doc, "endif")

    doc.add_heading(t("Tactics and content"), 1)
    doc.add_heading(t("Tactics"), 2)
    loop_table(
        doc,
        "x in doc.tactics",
        ["{{ x.name }}", "{{ x.description }}", "{{ x.media }}", "{{ x.goals|listing }}"],
        headers=[t("Tactic"), t("What it is"), t("Media"), t("Serves")],
        widths=[2, 4.5, 1.2, 3.3],
    )
    doc.add_heading(t("Content mix"), 2)
    para(
        doc,
        '{{ _("About {n} posts a month follow this mix; promotional posts stay at or below {max} '
        'of all content.").format(n=doc.content_mix.posts_per_month, '
        "max=doc.content_mix.promotional_max|percent) }}",
    )
    loop_table(
        doc,
        "pillar in doc.content_mix.pillars",
        [
            "{{ pillar.name }}",
            "{{ pillar.description }}",
            "{{ pillar.share|percent }}",
            "{{ pillar.posts_per_month }}",
        ],
        headers=[t("Pillar"), t("What it holds"), t("Share"), t("Posts a month")],
        widths=[2.2, 5.5, 1.2, 1.4],
        numbers=[2, 3],
        together=True,
    )
    doc.add_heading(t("Posting cadence"), 2)
    para(
        doc,
        '{{ _("The team has {available} hours a week for content; the usual cadence would take '
        '{needed}.").format(available=doc.posting.hours_available|number, '
        "needed=doc.posting.hours_needed|number) }}"
        '{% if doc.posting.scaled %} {{ _("The cadence below is cut to fit.") }}{% endif %}',
    )
    loop_table(
        doc,
        "c in doc.posting.platforms",
        [
            "{{ c.name }}",
            "{{ c.posts_per_week|number }}",
            "{{ c.planned_per_week|number }}",
            "{{ c.hours_per_week|number }}",
            "{{ c.formats }}",
        ],
        headers=[t("Platform"), t("Posts a week"), t("Usual"), t("Hours a week"), t("Formats")],
        widths=[2, 1.3, 1.1, 1.3, 4.5],
        numbers=[1, 2, 3],
        together=True,
    )

    doc.add_heading(t("Content calendar: month 1"), 1)
    loop_table(
        doc,
        "week in doc.calendar",
        [
            "{{ week.week }}: {{ week.start|date_range(week.end) }}",
            "{% for post in week.posts %}{{ post.name }}: {{ post.pillars|listing if "
            'post.pillars else "–" }}{% if not loop.last %}{{ semicolon() }}{% endif %}'
            "{% endfor %}",
            '{% if week.event %}{{ _("Event: {date}").format(date=doc.event_date|date) }}'
            "{{ semicolon() }}{% endif %}{{ week.milestones|clauses }}",
        ],
        headers=[t("Week"), t("Posts by platform"), t("Milestones")],
        widths=[1.6, 5.5, 3],
    )

    doc.add_heading(t("Month by month"), 1)
    loop_table(
        doc,
        "m in doc.month_plan",
        [
            "{{ m.month|month_span(m.last) }}: {{ m.start|date_range(m.end) }}",
            '{{ m.phase_names|join(" / ") }}{% if m.event_date %} · '
            '{{ _("Event: {date}").format(date=m.event_date|date) }}{% endif %}: '
            '{{ m.focus|join(" ") }}',
            "{{ m.tactics|listing }}",
            '{{ "–" if doc.media.organic_only else '
            "doc.media.by_month[m.month - 1]|money(doc.media.currency) }}"
            "{% if m.last > m.month and not doc.media.organic_only %} "
            '{{ _("a month") }}{% endif %}',
        ],
        headers=[t("Month"), t("Phase and focus"), t("Tactics"), t("Paid budget")],
        widths=[1.6, 4.4, 3.6, 1.6],
        numbers=[3],
    )
    para(doc, "{{ charts.timeline }}")

    doc.add_heading(t("Media plan"), 1)
    tag(doc, "if doc.media.organic_only")
    para(doc, t("The ad budget is 0: the plan is organic only, on owned and earned media."))
    tag(doc, "else")
    para(
        doc,
        '{{ _("{monthly} a month, {total} over {months}; {test} of it is kept for '
        'tests.").format(monthly=doc.media.monthly_budget|money(doc.media.currency), '
        "total=doc.media.total_budget|money(doc.media.currency), months=doc.months|months, "
        "test=doc.media.test_share|percent) }}",
    )
    tag(doc, "endif")
    loop_table(
        doc,
        "line in doc.media.lines",
        [
            "{{ _(line.media) }}",
            "{% if line.tactics %}{{ line.tactics|listing }}{% elif line.media == 'earned' %}"
            + t("To complete:")
            + " "
            + t("Nothing planned yet: add how the plan earns shares, mentions and reviews.")
            + "{% else %}–{% endif %}",
            '{{ line.platforms|listing if line.platforms else "–" }}',
            "{% if line.budget is not none %}{{ line.budget|money(doc.media.currency) }}"
            '{% elif line.hours_per_week is not none %}{{ _("{h} h a week").format('
            "h=line.hours_per_week|number) }}{% else %}–{% endif %}",
        ],
        headers=[t("Media"), t("What runs there"), t("Where"), t("Budget or effort")],
        widths=[1.2, 4.5, 3, 1.8],
        numbers=[3],
        together=True,
    )
    tag(doc, "if not doc.media.organic_only")
    paid_split(doc, "by_platform", t("Paid budget by platform"), t("Platform"))
    tag(doc, "if doc.media.by_tactic")
    paid_split(doc, "by_tactic", t("Paid budget by tactic"), t("Tactic"))
    tag(doc, "endif")
    tag(doc, "endif")

    doc.add_heading(t("Audience and brand"), 1)
    tag(doc, "for part in doc.audience + doc.brand")
    doc.add_heading("{{ part.title }}", 3)
    tag(doc, "if part.prompt")
    para(doc, t("To complete:") + " {{ part.prompt }}", "Prompt")
    tag(doc, "else")
    tag(doc, "for item in part.items")
    para(doc, "{{ item }}", "List Bullet")
    tag(doc, "endfor")
    tag(doc, "endif")
    tag(doc, "endfor")

    doc.add_heading(t("Program scorecard"), 1)
    para(
        doc,
        t(
            "Each goal is a program, scored every month on reach, influence through sharing and "
            "conversion, weighted by what the program is for. A component's score is its KPIs' "
            "progress from baseline to target (capped at 100 %); the program's score is the "
            "weighted sum."
        ),
    )
    score_cell = (
        "{{ l.weight|percent }}: "
        "{% if l.kpis %}{{ l.kpis|listing }}{% elif l.suggested %}{{ l.suggested }} "
        '{{ _("(from the plan)") }}{% else %}{{ _("(to complete: add a measure)") }}{% endif %}'
    )
    loop_table(
        doc,
        "program in doc.scorecard",
        ["{{ program.name }}"]
        + [
            "{% set l = program.lines[" + str(i) + "] %}" + score_cell
            for i in range(3)  # reach, influence, conversion
        ],
        headers=[
            t("Program"),
            t("Reach"),
            t("Influence through sharing"),
            t("Conversion and value"),
        ],
        widths=[2, 3, 3, 3],
    )
    para(
        doc,
        t("To complete:")
        + " "
        + t(
            "Tie every program to one valued call to action (a purchase, a lead, a registration, "
            "a resolved request) and give it a value, so the conversion score means money."
        ),
        "Prompt",
    )

    doc.add_heading(t("Risks and warnings"), 1)
    tag(doc, "for risk in doc.risks")
    para(doc, "{{ risk.label|upper }}: {{ risk.message }}", "List Bullet")
    tag(doc, "endfor")

    doc.add_heading(t("Measurement and review"), 1)
    loop_table(
        doc,
        "r in doc.reviews",
        [
            "{{ r.name }}",
            "{{ r.what }}",
            '{{ r.kpis|listing if r.kpis else "–" }}',
            "{{ r.who }}",
        ],
        headers=[t("Review"), t("What is looked at"), t("KPIs"), t("Who")],
        widths=[1.6, 4, 3, 2],
    )

    doc.add_page_break()
    doc.add_heading(t("Appendix: Why these recommendations"), 1)
    para(
        doc,
        t(
            "Every rule that shaped this draft, the facts from the intake it matched, what it did, "
            "and its source."
        ),
    )
    tag(doc, "for w in doc.why")
    para(doc, "{{ loop.index|digits }}. {{ w.description }}", "Statement")
    para(
        doc,
        t("Because")
        + ': {{ w.facts|clauses if w.facts else _("always") }}. '
        + t("Effect")
        + ": {{ w.effects|clauses }}. "
        + t("Source")
        + ": {{ w.source_title }} ({{ w.source }}) · "
        + t("rule")
        + " {{ w.rule }}",
        "Small",
    )
    tag(doc, "endfor")

    doc.add_heading(t("Appendix: Assumptions and sources"), 1)
    loop_table(
        doc,
        "a in doc.assumptions",
        ["{{ a.what }}", "{{ a.value }}", "{{ a.why }}", "{{ a.source }}"],
        headers=[t("Assumption"), t("Value"), t("Why"), t("Source")],
        widths=[2.2, 2, 4.5, 2.3],
    )
    doc.add_heading(t("Sources"), 2)
    tag(doc, "for s in doc.sources")
    para(doc, "{{ s.id }}: {{ s.title }}{% if s.url %} {{ s.url }}{% endif %}", "List Bullet")
    tag(doc, "endfor")


def _reproducible(path: Path) -> None:
    """Rewrite the .docx with fixed zip timestamps, so the same script gives the same bytes."""
    with zipfile.ZipFile(path) as src:
        entries = [(info.filename, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in entries:
            dst.writestr(
                zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED
            )


def build(out: Path = OUT) -> Path:
    """Write the template to ``out``."""
    doc = Document()
    styles(doc)
    page(doc)
    cover(doc)
    body(doc)
    core = doc.core_properties
    core.author, core.title = "goalrec", "Social media strategy"
    core.comments = "goalrec strategy-document template: restyle freely, keep the Jinja tags."
    core.created = core.modified = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    core.revision = 1
    doc.save(str(out))
    _reproducible(out)
    return out


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
