"""goalrec recommend --format md|html|pdf|docx: files, dates, agency templates, bad templates."""

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from recommender.formatting import date

from .conftest import DOC_DATE, EXAMPLE, write_tree

Run = Callable[..., Any]


def test_format_follows_the_extension_and_date_is_injectable(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "plan.markdown"
    result = run("recommend", EXAMPLE, "-o", out, "--date", DOC_DATE)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Social media strategy for Mekong Craft Coffee\n")
    assert "| Prepared on | 1 Dec 2026 |" in text
    html = run("recommend", EXAMPLE, "--format", "html", "--date", DOC_DATE).output
    assert html.startswith("<!DOCTYPE html>") and "<h1>Mekong Craft Coffee</h1>" in html


def test_the_date_defaults_to_today(run: Run) -> None:
    text = run("recommend", EXAMPLE, "--format", "md").output
    assert f"| Prepared on | {date(dt.date.today())} |" in text


def test_same_inputs_same_document(run: Run) -> None:
    first = run("recommend", EXAMPLE, "--format", "md", "--date", DOC_DATE).output
    assert run("recommend", EXAMPLE, "--format", "md", "--date", DOC_DATE).output == first


def test_binary_formats_need_an_output_file(run: Run) -> None:
    for fmt in ("pdf", "docx"):
        result = run("recommend", EXAMPLE, "--format", fmt)
        assert result.exit_code == 2
        assert f"{fmt} is a binary format: write it to a file, e.g. -o plan.{fmt}" in result.output


def test_binary_files_are_never_overwritten_without_force(run: Run, tmp_path: Path) -> None:
    for name in ("plan.pdf", "plan.docx"):
        out = tmp_path / name
        out.write_bytes(b"the client's signed copy")
        result = run("recommend", EXAMPLE, "-o", out)
        assert result.exit_code == 2 and "already exists; use --force" in result.output
        assert out.read_bytes() == b"the client's signed copy"


def test_written_documents_are_readable_by_colleagues(run: Run, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        out = tmp_path / "plan.md"
        assert run("recommend", EXAMPLE, "-o", out, "--date", DOC_DATE).exit_code == 0
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644


def agency(tmp_path: Path, files: dict[str, str]) -> Path:
    return write_tree(tmp_path / "agency", files)


def test_an_agency_restyles_by_overriding_one_file(run: Run, tmp_path: Path) -> None:
    folder = agency(tmp_path, {"strategy.css": "body { color: #123456; }\n"})
    html = run(
        "recommend", EXAMPLE, "--format", "html", "--template-dir", folder, "--date", DOC_DATE
    ).output
    assert "body { color: #123456; }" in html and "--accent" not in html
    assert "<h2>Executive summary</h2>" in html  # the rest is still the bundled template
    folder = agency(
        tmp_path,
        {"strategy.md.j2": "{{ doc.client }} / {{ _('Goals') }} / {{ doc.goals|length }}\n"},
    )
    md = run("recommend", EXAMPLE, "--format", "md", "--template-dir", folder).output
    assert md == "Mekong Craft Coffee / Goals / 5\n"


@pytest.mark.parametrize(
    ("source", "line", "message"),
    [
        ("# {{ doc.client }}\n\n{% if %}\n", 3, "Expected an expression"),
        ("# {{ doc.client }}\n{{ doc.cliant }}\n", 2, "has no attribute 'cliant'"),
        ("{{ doc.client }}\n{{ doc.__class__.__mro__ }}\n", 2, "unsafe"),
        ("{{ doc.client }}\n\n{{ 'soon'|date }}\n", 3, "AttributeError"),
        ("{% include 'missing.md.j2' %}\n", 1, "template 'missing.md.j2' not found"),
    ],
    ids=["syntax", "undefined", "sandbox", "filter", "include"],
)
def test_a_broken_agency_template_names_its_file_and_line(
    run: Run, tmp_path: Path, source: str, line: int, message: str
) -> None:
    folder = agency(tmp_path, {"strategy.md.j2": source})
    result = run("recommend", EXAMPLE, "--format", "md", "--template-dir", folder)
    assert result.exit_code == 2, result.output
    shown = folder.relative_to(Path.cwd()) / "strategy.md.j2"  # as rule-file errors: relative
    assert result.output.startswith(f"error: {shown}:{line}: "), result.output
    assert message in result.output and "Traceback" not in result.output


def test_a_broken_html_partial_names_the_partial(run: Run, tmp_path: Path) -> None:
    folder = agency(
        tmp_path,
        {
            "strategy.html.j2": "<html>\n{% include 'part.html' %}\n</html>\n",
            "part.html": "<p>{{ doc.client }}</p>\n<p>{{ doc.nothing_here }}</p>\n",
        },
    )
    result = run("recommend", EXAMPLE, "--format", "html", "--template-dir", folder)
    assert result.exit_code == 2
    assert "error: agency/part.html:2: " in result.output and "nothing_here" in result.output


def test_agency_html_is_escaped_too(
    run: Run, tmp_path: Path, example_data: dict[str, Any], write_intake: Callable[..., Path]
) -> None:
    example_data["business"]["name"] = "<script>alert(1)</script>"
    folder = agency(tmp_path, {"strategy.html.j2": "<h1>{{ doc.client }}</h1>\n"})
    html = run(
        "recommend", write_intake(example_data), "--format", "html", "--template-dir", folder
    ).output
    assert html == "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>\n"


def test_a_broken_agency_word_template(run: Run, tmp_path: Path) -> None:
    import docx

    folder = agency(tmp_path, {"strategy.docx": "not a zip file"})
    result = run("recommend", EXAMPLE, "-o", tmp_path / "plan.docx", "--template-dir", folder)
    assert result.exit_code == 2
    assert "error: agency/strategy.docx: not a Word .docx file" in result.output
    word = docx.Document()
    word.add_paragraph("{{ doc.client }}")
    word.add_paragraph("Goals: {{ doc.goals|length }")
    word.save(str(folder / "strategy.docx"))
    result = run("recommend", EXAMPLE, "-o", tmp_path / "plan.docx", "--template-dir", folder)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "error: agency/strategy.docx:" in result.output and "Goals:" in result.output
    assert not (tmp_path / "plan.docx").exists()


def test_json_cold_start_loads_no_document_libraries(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from recommender.cli import cli\n"
        f"cli.main(args=['recommend', {str(EXAMPLE)!r}, '--format', 'json'], standalone_mode=False)\n"
        "heavy = {'matplotlib', 'weasyprint', 'docxtpl', 'docx', 'jinja2', 'pypdf'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["client"] == "Mekong Craft Coffee"
    assert done.stderr.strip().splitlines()[-1] == "[]"
