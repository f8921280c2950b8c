"""``goalrec init`` in a real pseudo-terminal (pexpect): the questionary prompts, arrow keys,
space for checkboxes, Ctrl-C and resume, a killed process, and the non-terminal fallback.

Most answers come from an intake file so that each test types only what it is about.
"""

import copy
import os
import re
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pexpect
import pytest
import yaml

from recommender.intake_file import read_intake
from recommender.knowledge import KnowledgeBase
from recommender.questionnaire import Questionnaire

from .conftest import EXAMPLE

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")

DOWN, UP, ENTER, SPACE, CTRL_C, CTRL_U = "\x1b[B", "\x1b[A", "\r", " ", "\x03", "\x15"
ANSI = r"(?:\x1b\[[0-9;?]*[A-Za-z])*"


def full_intake() -> dict[str, Any]:
    """The example with every optional question answered too."""
    data: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text())
    data["audience"].update(
        segments=["students"], drivers=["taste"], barriers=["price"], insight="Coffee is a ritual."
    )
    data["brand"] = {
        "role": "the local expert",
        "tone_of_voice": "warm",
        "response_owner": "Linh",
        "escalation_owner": "the head roaster",
    }
    data["platforms"][0].update(engagement_rate_pct=2.0, monthly_reach=30000, handle="@mekong")
    data["platforms"][1].update(monthly_reach=9000, handle="@mekong.ig")
    data["baselines"].update(
        monthly_mentions=120, applications_per_opening=8, monthly_event_registrations=40
    )
    return data


def write_answers(path: Path, drop: tuple[str, ...]) -> Path:
    data = copy.deepcopy(full_intake())
    for key in drop:
        section, name = key.split(".")
        del data[section][name]
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def test_full_intake_fixture_leaves_nothing_to_ask(kb: KnowledgeBase, tmp_path: Path) -> None:
    q = Questionnaire(kb)
    assert q.prefill(full_intake(), "full") == []
    assert q.next_step() is None


@pytest.fixture
def spawn(tmp_path: Path) -> Iterator[Any]:
    children: list[pexpect.spawn[str]] = []
    env = {**os.environ, "TERM": "xterm-256color", "PROMPT_TOOLKIT_NO_CPR": "1"}

    def start(*args: str, shell: str | None = None, lang: str = "en") -> "pexpect.spawn[str]":
        if shell is not None:
            command, argv = "/bin/sh", ["-c", shell]
        else:
            argv = ["-m", "recommender", "--lang", lang, "init", *map(str, args)]
            command = sys.executable
        child = pexpect.spawn(
            command,
            argv,
            cwd=str(tmp_path),
            env=env,
            dimensions=(40, 110),
            encoding="utf-8",
            timeout=20,
        )
        children.append(child)
        return child

    yield start
    for child in children:
        child.close(force=True)


def prompt(child: "pexpect.spawn[str]", text: str) -> None:
    """Wait until questionary shows the question ``text`` (not merely its help line)."""
    child.expect(r"\?" + ANSI + " " + re.escape(text))


def finish(child: "pexpect.spawn[str]") -> int:
    child.expect(pexpect.EOF)
    child.close()
    assert isinstance(child.exitstatus, int), child.before
    return child.exitstatus


def test_arrow_keys_checkboxes_and_a_change_at_the_review(
    spawn: Any, tmp_path: Path, kb: KnowledgeBase
) -> None:
    answers = write_answers(tmp_path / "a.yaml", ("business.model", "audience.age_ranges"))
    child = spawn("out.yaml", "--answers", answers)
    prompt(child, "Who buys")
    child.send(DOWN + ENTER)  # b2b -> b2c
    prompt(child, "Age ranges of the audience")
    child.send(DOWN + SPACE + DOWN + SPACE + ENTER)  # 18-24 and 25-34
    prompt(child, "Review your answers")
    child.expect("Who buys: b2c: consumers")
    child.expect("Age ranges of the audience: 18-24, 25-34")
    child.send(DOWN * 3 + ENTER)  # past "Save" (the separator is skipped): name, industry, model
    prompt(child, "Who buys")
    child.send(DOWN + ENTER)  # b2c -> both
    prompt(child, "Review your answers")
    child.expect("Who buys: both businesses and consumers")
    child.send(ENTER)  # save
    prompt(child, "Write the recommendations for this client now?")
    child.send(UP + ENTER)  # the last choice: no
    assert finish(child) == 0
    intake = read_intake(tmp_path / "out.yaml", kb)
    assert intake.business.model == "both"
    assert intake.audience.age_ranges == ("18-24", "25-34")
    assert intake.brand.tone_of_voice == "warm"  # from the file, never asked


def test_ctrl_c_then_resume_keeps_every_earlier_answer(
    spawn: Any, tmp_path: Path, kb: KnowledgeBase
) -> None:
    missing = (
        "business.name",
        "business.industry",
        "business.country",
        "resources.team_hours_per_week",
    )
    answers = write_answers(tmp_path / "a.yaml", missing)
    child = spawn("out.yaml", "--answers", answers)
    prompt(child, "Business or brand name")
    child.send("Lotus Yoga Studio" + ENTER)
    prompt(child, "What the business sells")
    child.send("yoga classes" + ENTER)
    prompt(child, "Home country")
    child.send(CTRL_C)
    child.expect("Interrupted. Every answer so far is saved in out.yaml.partial")
    assert finish(child) == 130
    assert not (tmp_path / "out.yaml").exists()

    child = spawn("--resume", "out.yaml")
    prompt(child, "Home country")  # the first question not answered yet
    child.send("VNN" + ENTER)  # refused on the spot, with the reason
    child.expect("'VNN' is not an ISO 3166-1 alpha-2 country code")
    child.send(CTRL_U + "VN" + ENTER)
    prompt(child, "Team time for social media")
    child.send("10" + ENTER)
    prompt(child, "Review your answers")
    child.expect("Business or brand name: Lotus Yoga Studio")
    child.send(ENTER)
    prompt(child, "Write the recommendations for this client now?")
    child.send(ENTER)  # the first format: text
    assert finish(child) == 0
    intake = read_intake(tmp_path / "out.yaml", kb)
    assert intake.business.name == "Lotus Yoga Studio"
    assert intake.business.industry == "yoga classes"
    assert intake.business.country == "VN"
    assert intake.resources.team_hours_per_week == 10
    assert intake.business.competitors == ("Highlands Coffee", "Phuc Long")  # from the file
    assert not (tmp_path / "out.yaml.partial").exists()
    rec = tmp_path / "out.recommendation.txt"
    assert rec.read_text().startswith("Recommendations for Lotus Yoga Studio")


def test_a_killed_process_loses_no_answer(spawn: Any, tmp_path: Path) -> None:
    answers = write_answers(tmp_path / "a.yaml", ("business.name", "business.industry"))
    child = spawn("out.yaml", "--answers", answers)
    prompt(child, "Business or brand name")
    child.send("Lotus Yoga Studio" + ENTER)
    prompt(child, "What the business sells")
    child.kill(signal.SIGKILL)
    child.expect(pexpect.EOF)

    child = spawn("--resume", "--no-input", "out.yaml")
    assert finish(child) == 2
    assert "business.industry: no answer yet" in child.before
    assert "business.name" not in child.before
    partial = (tmp_path / "out.yaml.partial").read_text()
    assert "name: Lotus Yoga Studio" in partial


def test_no_input_never_prompts_and_lists_missing_answers(spawn: Any) -> None:
    child = spawn("--no-input", "out.yaml")
    assert finish(child) == 2
    assert "error: business.name: no answer yet (Business or brand name)" in child.before
    assert "resources.timeframe_months: no answer yet" in child.before
    assert "?" not in child.before.split("error:")[0]


def test_piped_standard_input_gets_plain_numbered_prompts(
    spawn: Any, tmp_path: Path, kb: KnowledgeBase
) -> None:
    write_answers(tmp_path / "a.yaml", ("business.name", "business.model"))
    command = f"{sys.executable} -m recommender init out.yaml --answers a.yaml"
    child = spawn(shell=f"printf 'Lotus Yoga Studio\\n2\\n\\n0\\n' | {command}")
    child.expect(re.escape("(1) Business or brand name"))
    child.expect(re.escape("(3) Who buys"))
    child.expect(re.escape("2) b2c: consumers"))
    child.expect("Review your answers:")
    assert finish(child) == 0
    intake = read_intake(tmp_path / "out.yaml", kb)
    assert (intake.business.name, intake.business.model) == ("Lotus Yoga Studio", "b2c")


@pytest.mark.parametrize(
    ("lang", "name", "buys", "consumers", "review", "write_now", "no"),
    [
        (
            "vi",
            "Tên doanh nghiệp hoặc thương hiệu",
            "Ai là người mua",
            "b2c: người tiêu dùng",
            "Xem lại câu trả lời",
            "Xuất đề xuất cho khách hàng này ngay bây giờ?",
            "không",
        ),
        (
            "fa",
            "نام کسب\u200cوکار یا برند",
            "خریداران چه کسانی هستند",
            "b2c: مصرف\u200cکنندگان",
            "پاسخ\u200cهایتان را مرور کنید",
            "پیشنهادها برای این کارفرما همین حالا نوشته شود؟",
            "خیر",
        ),
    ],
)
def test_the_questionnaire_speaks_vietnamese_and_persian(
    spawn: Any,
    tmp_path: Path,
    kb: KnowledgeBase,
    lang: str,
    name: str,
    buys: str,
    consumers: str,
    review: str,
    write_now: str,
    no: str,
) -> None:
    answers = write_answers(tmp_path / "a.yaml", ("business.name", "business.model"))
    child = spawn("out.yaml", "--answers", answers, lang=lang)
    prompt(child, name)
    child.send("Hoa Sen Tea" + ENTER)
    prompt(child, buys)
    child.send(DOWN + ENTER)  # b2b -> b2c
    prompt(child, review)
    child.expect(re.escape(consumers))
    child.send(ENTER)  # save
    prompt(child, write_now)
    child.send(UP + ENTER)  # the last choice: no
    assert finish(child) == 0
    intake = read_intake(tmp_path / "out.yaml", kb)
    assert intake.business.name == "Hoa Sen Tea" and intake.business.model == "b2c"
    text = (tmp_path / "out.yaml").read_text()
    assert f"# {name}" in text  # the question's wording above its key, in that language


def test_yes_no_and_checkboxes_answer_in_the_language(
    spawn: Any, tmp_path: Path, kb: KnowledgeBase
) -> None:
    answers = write_answers(tmp_path / "a.yaml", ("business.has_crm", "audience.age_ranges"))
    child = spawn("out.yaml", "--answers", answers, lang="vi")
    prompt(child, "Doanh nghiệp có lưu dữ liệu khách hàng trong CRM không?")
    child.expect(re.escape("(phím mũi tên, Enter)"))  # not questionary's "(Y/n)"
    child.send(UP + ENTER)  # no -> yes, with the arrow keys
    # the answered line says what was chosen, in Vietnamese (questionary's would say "Yes")
    child.expect(r"CRM không\? " + ANSI + "có" + ANSI + r"\r")
    prompt(child, "Độ tuổi của đối tượng mục tiêu")
    child.send(DOWN + SPACE + DOWN + SPACE + ENTER)  # 18-24 and 25-34
    # questionary's own answered line, "done (2 selections)", is erased and replaced
    child.expect("Độ tuổi của đối tượng mục tiêu " + ANSI + "18-24, 25-34")
    prompt(child, "Xem lại câu trả lời")
    child.send(ENTER)  # save
    prompt(child, "Xuất đề xuất cho khách hàng này ngay bây giờ?")
    child.send(UP + ENTER)  # no
    assert finish(child) == 0
    intake = read_intake(tmp_path / "out.yaml", kb)
    assert intake.business.has_crm is True
    assert intake.audience.age_ranges == ("18-24", "25-34")
