"""goalrec batch: a folder of intakes rendered in parallel, failures reported, nothing clobbered."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from recommender import batch
from recommender.errors import Problem, UserError

from .conftest import DOC_DATE, EXAMPLE, REPO

Run = Callable[..., Any]
IR = (
    EXAMPLE.read_text()
    .replace("country: VN", "country: IR")
    .replace("markets: [VN]", "markets: [IR]")
    .replace("currency: VND", "currency: IRR")
)
BAD_VALUE = EXAMPLE.read_text().replace("model: b2c ", "model: b2z ")


def good_folder(root: Path) -> Path:
    """clients/vn/mekong.yaml and clients/ir.yaml: two valid intakes, one nested."""
    folder = root / "clients"
    (folder / "vn").mkdir(parents=True)
    shutil.copy(EXAMPLE, folder / "vn" / "mekong.yaml")
    (folder / "ir.yaml").write_text(IR)
    return folder


def mixed_folder(root: Path) -> Path:
    """The good intakes plus a syntax error, an invalid value and binary garbage."""
    folder = good_folder(root)
    (folder / "vn" / "broken.yaml").write_text("business: [\n")
    (folder / "bad-value.yaml").write_text(BAD_VALUE)
    (folder / "garbage.json").write_bytes(b"\x00\xff\xfe binary \x89PNG")
    return folder


def files(folder: Path) -> list[str]:
    """Every file under folder (hidden ones too: a leftover temporary file would show)."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_good_intakes_are_written_bad_ones_reported_with_their_reason(
    run: Run, tmp_path: Path
) -> None:
    mixed_folder(tmp_path)
    result = run("batch", "clients", "-o", "out", "--format", "json", "-j", "2")
    assert result.exit_code == 1, result.output
    assert files(tmp_path / "out") == ["ir.json", "vn/mekong.json"]
    out = result.output
    assert out.startswith("5 intakes: 2 written to out as json, 3 failed\n")
    rows = {line.split()[0]: line.split(maxsplit=1)[1] for line in out.splitlines()[3:]}
    assert list(rows) == [
        "clients/bad-value.yaml",
        "clients/garbage.json",
        "clients/vn/broken.yaml",
    ]
    # the row names the intake; its reason gives the line, not the file name again
    assert rows["clients/vn/broken.yaml"].startswith("line 2: YAML syntax error")
    assert rows["clients/bad-value.yaml"].startswith("line 5: business.model: 'b2z' is not allowed")
    assert rows["clients/garbage.json"] == "this is a binary file, not YAML or JSON text"
    assert "Traceback" not in out and "goalrec bugs" not in out


def test_all_good_exits_0(run: Run, tmp_path: Path) -> None:
    good_folder(tmp_path)
    result = run("batch", "clients", "-o", "out/drafts", "--date", DOC_DATE)
    assert result.exit_code == 0, result.output
    assert result.output == "2 intakes: 2 written to out/drafts as md, 0 failed\n"
    assert files(tmp_path / "out" / "drafts") == ["ir.md", "vn/mekong.md"]


def test_existing_outputs_are_kept_without_force_and_replaced_with_it(
    run: Run, tmp_path: Path
) -> None:
    good_folder(tmp_path)
    (tmp_path / "out" / "vn").mkdir(parents=True)
    kept = tmp_path / "out" / "vn" / "mekong.json"
    kept.write_text("the strategist's edited copy")
    result = run("batch", "clients", "-o", "out", "--format", "json")
    assert result.exit_code == 1
    assert "out/vn/mekong.json: already exists; use --force to overwrite it" in result.output
    assert kept.read_text() == "the strategist's edited copy"
    assert (tmp_path / "out" / "ir.json").is_file()  # the other intake was still written
    result = run("batch", "clients", "-o", "out", "--format", "json", "--force")
    assert result.exit_code == 0, result.output
    assert kept.read_text().startswith("{")
    assert files(tmp_path / "out") == ["ir.json", "vn/mekong.json"]


def test_one_and_two_jobs_write_identical_files(run: Run, tmp_path: Path) -> None:
    folder = good_folder(tmp_path)
    for i in range(4):  # enough intakes for both workers to get some
        (folder / "more" / f"c{i}.yaml").parent.mkdir(exist_ok=True)
        (folder / "more" / f"c{i}.yaml").write_text(
            EXAMPLE.read_text().replace("Mekong Craft Coffee", f"Client {i}")
        )
    for jobs in ("1", "2"):
        result = run("batch", "clients", "-o", f"out{jobs}", "-j", jobs, "--date", DOC_DATE)
        assert result.exit_code == 0, result.output
    names = files(tmp_path / "out1")
    assert len(names) == 6 and names == files(tmp_path / "out2")
    for name in names:
        assert (tmp_path / "out1" / name).read_bytes() == (tmp_path / "out2" / name).read_bytes()


def test_json_equals_what_recommend_writes(run: Run, tmp_path: Path) -> None:
    good_folder(tmp_path)
    assert run("batch", "clients", "-o", "out", "--format", "json").exit_code == 0
    for intake, output in [
        ("clients/vn/mekong.yaml", "out/vn/mekong.json"),
        ("clients/ir.yaml", "out/ir.json"),
    ]:
        alone = run("recommend", intake, "--format", "json").output
        assert (tmp_path / output).read_text(encoding="utf-8") == alone


def test_lang_and_text_format_follow_recommend(run: Run, tmp_path: Path) -> None:
    good_folder(tmp_path)
    result = run("--lang", "vi", "batch", "clients", "-o", "out", "--format", "text")
    assert result.exit_code == 0, result.output
    assert files(tmp_path / "out") == ["ir.txt", "vn/mekong.txt"]
    alone = tmp_path / "alone.txt"
    run("--lang", "vi", "recommend", "clients/ir.yaml", "-o", alone)
    assert (tmp_path / "out" / "ir.txt").read_text() == alone.read_text()


def test_docx_and_pdf_batches_open(run: Run, tmp_path: Path) -> None:
    import docx
    import yaml
    from pypdf import PdfReader

    # a one-goal client: a PDF takes seconds, this one's fewer than the example's
    case = yaml.safe_load((REPO / "cases" / "situation-hiring-alone.yaml").read_text())
    text = yaml.safe_dump(case["intake"])
    (tmp_path / "clients" / "us").mkdir(parents=True)
    (tmp_path / "clients" / "a.yaml").write_text(text)
    (tmp_path / "clients" / "us" / "b.yaml").write_text(text.replace("Brightpath", "Northwind"))
    for fmt in ("docx", "pdf"):
        result = run("batch", "clients", "-o", "out", "--format", fmt, "-j", "2")
        assert result.exit_code == 0, result.output
    assert files(tmp_path / "out") == ["a.docx", "a.pdf", "us/b.docx", "us/b.pdf"]
    for name, client in (("a", "Brightpath"), ("us/b", "Northwind")):
        word = docx.Document(str(tmp_path / "out" / f"{name}.docx"))
        assert f"{client} Logistics Software" in [p.text for p in word.paragraphs]
        pages = PdfReader(tmp_path / "out" / f"{name}.pdf").pages
        assert len(pages) > 5 and client in (pages[0].extract_text() or "")


def test_two_intakes_for_one_output_are_refused_not_overwritten(run: Run, tmp_path: Path) -> None:
    folder = good_folder(tmp_path)
    shutil.copy(folder / "ir.yaml", folder / "ir.yml")
    result = run("batch", "clients", "-o", "out", "--format", "json")
    assert result.exit_code == 1
    assert "clients/ir.yml would be written to the same file out/ir.json" in result.output
    assert "clients/ir.yaml would be written to the same file out/ir.json" in result.output
    assert files(tmp_path / "out") == ["vn/mekong.json"]


def test_an_output_folder_inside_the_intakes_is_not_read_back(run: Run, tmp_path: Path) -> None:
    good_folder(tmp_path)
    for _ in range(2):
        result = run("batch", "clients", "-o", "clients/drafts", "--format", "json", "--force")
        assert result.exit_code == 0, result.output
        assert result.output.startswith("2 intakes: 2 written")


def test_an_intake_is_never_overwritten_by_an_output(run: Run, tmp_path: Path) -> None:
    folder = good_folder(tmp_path)
    shutil.copy(EXAMPLE, folder / "copy.json")  # YAML is not JSON: it fails, but stays
    before = (folder / "copy.json").read_bytes()
    result = run("batch", "clients", "-o", "clients", "--format", "json", "--force")
    assert result.exit_code == 1
    assert "the output clients/copy.json is an intake itself" in result.output
    assert (folder / "copy.json").read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing", "-o", "out"], "error: missing: not a folder of intakes"),
        (["clients", "-o", "a-file"], "error: a-file: is a file; give a folder to write into"),
        (["clients", "-o", "out", "--template-dir", "nowhere"], "does not exist"),
        (["clients", "-o", "out", "--format", "odt"], "Invalid value for '--format'"),
    ],
)
def test_bad_arguments_exit_2(run: Run, tmp_path: Path, args: list[str], message: str) -> None:
    good_folder(tmp_path)
    (tmp_path / "a-file").write_text("")
    result = run("batch", *args)
    assert result.exit_code == 2 and message in result.output
    assert not (tmp_path / "out").exists()


def test_a_broken_rules_folder_exits_2_before_any_work(
    run: Run, tmp_path: Path, rules_copy: Path
) -> None:
    good_folder(tmp_path)
    (rules_copy / "knowledge_base.yaml").write_text("settings: [\n")
    result = run("--rules", rules_copy, "batch", "clients", "-o", "out")
    assert result.exit_code == 2 and "YAML syntax error" in result.output
    assert not (tmp_path / "out").exists()


def test_a_bug_with_one_intake_does_not_stop_the_others(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good_folder(tmp_path)
    real = batch.render_intake

    def flaky(path: Path, *args: Any) -> str | bytes:
        if path.name == "ir.yaml":
            raise KeyError("surprise")
        return real(path, *args)

    monkeypatch.setattr(batch, "render_intake", flaky)
    result = run("batch", "clients", "-o", "out", "--format", "json", "-j", "1")
    assert result.exit_code == 1
    assert "clients/ir.yaml   KeyError: 'surprise'" in result.output
    assert "1 of these failures are goalrec bugs" in result.output
    assert "`goalrec recommend clients/ir.yaml` shows the details" in result.output
    assert files(tmp_path / "out") == ["vn/mekong.json"]


def test_a_failed_write_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from recommender.output import write_atomic_all

    out = tmp_path / "out"
    out.mkdir()

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    errors = write_atomic_all([(out / "a.json", "{}"), (out / "b.md", b"# b")])
    assert [str(e) for e in errors] == [
        f"{out / 'a.json'}: cannot write: No space left on device",
        f"{out / 'b.md'}: cannot write: No space left on device",
    ]
    assert files(out) == []


def test_empty_folder(run: Run, tmp_path: Path) -> None:
    (tmp_path / "clients").mkdir()
    result = run("batch", "clients", "-o", "out")
    assert result.exit_code == 0 and result.output == "no intakes found in clients\n"


def test_progress_bar_on_request(run: Run, tmp_path: Path) -> None:
    mixed_folder(tmp_path)
    result = run("batch", "clients", "-o", "out", "--format", "json", "--progress")
    assert result.exit_code == 1
    assert "rendering" in result.output and "5/5" in result.output


def test_no_template_compile_or_rules_reload_per_intake(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each worker compiles its templates and builds its engine once, whatever the count."""
    import datetime as dt

    import jinja2

    from recommender import knowledge, render
    from recommender.engine import Engine

    counts: dict[str, int] = {}

    def counting(owner: Any, name: str) -> None:
        real = getattr(owner, name)

        def spy(*args: Any, **kwargs: Any) -> Any:
            counts[name] = counts.get(name, 0) + 1
            return real(*args, **kwargs)

        monkeypatch.setattr(owner, name, spy)

    monkeypatch.setenv("GOALREC_NO_CACHE", "1")  # every knowledge-base load is a build
    counting(jinja2.Environment, "compile")
    counting(Engine, "__init__")
    counting(knowledge, "build_kb")
    folder = good_folder(tmp_path)
    settings = batch.Settings(fmt="md", date=dt.date(2026, 12, 1), language="en")

    def render_all(out: Path) -> dict[str, int]:
        render.environment.cache_clear()  # as in a fresh worker
        monkeypatch.setattr(knowledge, "_CACHE", {})
        counts.clear()
        outcomes = list(batch.run_batch(batch.plan_batch(folder, out, "md"), settings, 1))
        assert all(o.ok for o in outcomes), outcomes
        return dict(counts)

    once = render_all(tmp_path / "one")
    for i in range(3):
        (folder / f"c{i}.yaml").write_text(EXAMPLE.read_text())
    assert render_all(tmp_path / "five") == once
    assert once == {"compile": once["compile"], "build_kb": 1, "__init__": 1}


def test_docx_template_xml_compiles_once() -> None:
    from recommender.render import make_env

    env = make_env("docx")
    source = "<w:p>{{ doc }}</w:p>" * 50
    assert env.from_string(source) is env.from_string(source)
    assert env.from_string(source).render(doc="x") == "<w:p>x</w:p>" * 50


def test_user_errors_in_the_plan_are_problems() -> None:
    with pytest.raises(UserError) as caught:
        batch.plan_batch(Path("nowhere"), Path("out"), "json")
    assert caught.value.problems == (Problem("not a folder of intakes", "nowhere"),)
    assert batch.is_batch_format("pdf") and not batch.is_batch_format("odt")


def test_each_document_is_in_its_intakes_language_as_recommend_writes_it(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GOALREC_LANG")  # no --lang: the intake's language decides
    good_folder(tmp_path)
    (tmp_path / "clients" / "us.yaml").write_text(
        yaml_text(REPO / "cases" / "situation-hiring-alone.yaml")
    )
    result = run("batch", "clients", "-o", "out", "--date", DOC_DATE)
    assert result.exit_code == 0, result.output
    for name in ("vn/mekong", "ir", "us"):  # Vietnamese, Vietnamese in Iran, English
        alone = run("recommend", f"clients/{name}.yaml", "--format", "md", "--date", DOC_DATE)
        assert (tmp_path / "out" / f"{name}.md").read_text(encoding="utf-8") == alone.output
    assert "Chiến lược" in (tmp_path / "out" / "vn" / "mekong.md").read_text(encoding="utf-8")


def yaml_text(case: Path) -> str:
    import yaml

    return yaml.safe_dump(yaml.safe_load(case.read_text())["intake"], allow_unicode=True)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_the_workers_and_leaves_only_whole_files(tmp_path: Path, jobs: str) -> None:
    import json
    import os
    import signal
    import subprocess
    import sys
    import time

    folder = tmp_path / "clients"
    folder.mkdir()
    for i in range(600):  # far more than are done before the interrupt
        (folder / f"c{i:03}.yaml").write_text(EXAMPLE.read_text())
    out = tmp_path / "out"
    command = [sys.executable, "-m", "recommender", "batch", str(folder), "-o", str(out)]
    proc = subprocess.Popen(
        [*command, "--format", "json", "-j", jobs],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's Ctrl-C reaches it
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    while proc.poll() is None and not any(out.glob("*.json")):
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, (stdout, stderr)
    assert "Traceback" not in stderr
    written = files(out)
    assert all(name.endswith(".json") for name in written)  # no temporary file left
    for name in written:
        json.loads((out / name).read_text(encoding="utf-8"))  # each one whole
    # every file written is reported, even one whose worker was stopping
    done = f"interrupted: {len(written)} of 600 intakes done"
    assert done in stderr and 0 < len(written) < 600
    assert stdout.startswith(f"{len(written)} intakes: {len(written)} written")


def test_an_interrupt_while_writing_waits_for_the_files(tmp_path: Path) -> None:
    import os
    import signal

    from recommender.parallel import uninterrupted

    reached = []
    with pytest.raises(KeyboardInterrupt), uninterrupted():
        os.kill(os.getpid(), signal.SIGINT)
        reached.append("the rest of the block")
    assert reached == ["the rest of the block"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_failure_table_wraps_reasons_under_their_column() -> None:
    from recommender.cli.batch import table

    rows = [("a.yaml", "line 3: " + "word " * 12), ("much/longer/b.yaml", "one\ntwo")]
    assert table(("intake", "reason"), rows, 50).splitlines() == [
        " intake               reason",
        "─" * 49,  # lines stay short of the terminal's width: a full one would wrap
        " a.yaml               line 3: word word word word",
        "                      word word word word word",
        "                      word word word",
        " much/longer/b.yaml   one",
        "                      two",
    ]
    assert table(("intake", "reason"), rows, None).splitlines()[2] == (
        " a.yaml               line 3: " + "word " * 11 + "word"
    )


def test_intakes_are_found_as_rglob_finds_them(tmp_path: Path) -> None:
    from recommender.intake_file import intake_files

    folder = tmp_path / "clients"
    for name in [
        "a/b.yaml",
        "a-b.yaml",
        "a/deep/er/c.yml",
        "d.json",
        ".yaml",
        "..yaml",
        "e.YAML",
        "f.yaml.bak",
        "g.txt",
        "h.",
        "sub.yaml/i.json",  # a folder named like an intake is searched, not read
    ]:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("x")
    (folder / "link.yaml").symlink_to(folder / "d.json")
    (folder / "linked").symlink_to(folder / "a")  # not followed, as rglob does not
    expected = sorted(
        p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml", ".json") and p.is_file()
    )
    found = intake_files(folder)
    assert found == expected
    assert [str(p.relative_to(folder)) for p in found][:3] == [
        "..yaml",
        "a/b.yaml",
        "a/deep/er/c.yml",
    ]
