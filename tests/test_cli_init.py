"""``goalrec init`` through CliRunner: standard input is not a terminal, so the plain
numbered prompts read the scripted answers, one a line."""

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import pytest

from recommender.cli.init import recommend_formats
from recommender.cli.recommend import recommend_cmd
from recommender.intake_file import read_intake
from recommender.knowledge import KnowledgeBase
from recommender.questionnaire import Questionnaire
from recommender.yamlio import load_file

from .conftest import EXAMPLE

# A fresh intake for a client of our own, typed line by line ("" is Enter).
FIRST_PART = [
    "Lotus Yoga Studio",  # name
    "yoga classes and retreats",  # industry
    "2",  # who buys: b2c
    "VNN",  # refused: did you mean VN?
    "vn",  # country
    "",  # markets
    "",  # language: the suggested vi
    "Zen Yoga, Saigon Fit",  # competitors
    "y",  # website
    "y",  # sells online
    "haravan",  # store platform
    "n",  # CRM
    "3,4",  # ages 25-34, 35-44
    "women after work who want calm",  # audience
]
SECOND_PART = [
    *[""] * 8,  # segments ... escalation owner: skipped
    "1,12",  # situations: launch, hiring
    "1",  # platforms: facebook
    "2,400",  # facebook followers
    "3.5%",  # facebook engagement rate
    "",  # facebook reach: don't know
    "@lotusyoga",  # handle
    "40000",  # baseline reach
    "",  # engagement rate
    "",  # mentions
    "12",  # applications per opening
    "",  # event registrations
    "15,000,000",  # budget
    "VND",  # currency, typed by its code
    "12",  # hours
    "40",  # refused: 1-36
    "",  # timeframe: the default 6
    "2027-01-04",  # start
    "2027-02-15",  # event date
    "3",  # open positions
]
REVIEW_AND_OFFER = ["", "1"]  # save; write the text recommendation


def script(*parts: list[str]) -> str:
    return "".join(line + "\n" for part in parts for line in part)


def left_out(kb: KnowledgeBase, path: Path) -> int:
    """How many questions an intake file leaves unanswered (all answered blank here)."""
    q = Questionnaire(kb)
    q.prefill(load_file(path), str(path))
    count = 0
    while (step := q.next_step()) is not None:
        q.give(step, "" if step.question.required is False else "9")
        count += 1
    return count


def test_a_whole_intake_from_piped_answers(
    run: Callable[..., Any], tmp_path: Path, kb: KnowledgeBase
) -> None:
    out = tmp_path / "lotus.yaml"
    result = run("init", out, input=script(FIRST_PART, SECOND_PART, REVIEW_AND_OFFER))
    assert result.exit_code == 0, result.output
    # numbered prompts with numbered choices; refused answers with the reason, asked again
    assert "(3) Who buys" in result.output and "     2) b2c: consumers" in result.output
    assert "✗ 'VNN' is not an ISO 3166-1 alpha-2 country code (did you mean 'VN'?)" in (
        result.output
    )
    assert "✗ '40' is out of range: must be less than or equal to 36" in result.output
    assert "Review your answers:" in result.output
    assert "Situations that apply now: Launching a new product, Hiring" in result.output
    intake = read_intake(out, kb)
    assert intake.business.country == "VN" and intake.business.language == "vi"
    assert intake.business.commerce_platform == "haravan"
    assert intake.audience.age_ranges == ("25-34", "35-44")
    assert intake.situations == ("new_product_launch", "hiring")
    assert intake.platforms[0].followers == 2400 and intake.platforms[0].handle == "@lotusyoga"
    assert intake.baselines.applications_per_opening == 12
    assert intake.resources.timeframe_months == 6
    assert intake.resources.open_positions == 3
    assert not (tmp_path / "lotus.yaml.partial").exists()
    # the offer at the end wrote goalrec recommend's output beside the intake
    rec = tmp_path / "lotus.recommendation.txt"
    assert rec.read_text().startswith("Recommendations for Lotus Yoga Studio")


def test_input_ending_early_keeps_every_answer_for_resume(
    run: Callable[..., Any], tmp_path: Path, kb: KnowledgeBase
) -> None:
    out = tmp_path / "lotus.yaml"
    result = run("init", out, input=script(FIRST_PART))
    assert result.exit_code == 2
    assert "the input ended before every question was answered" in result.output
    assert f"continue with: goalrec init --resume {out}" in result.output
    assert not out.exists()
    partial = (tmp_path / "lotus.yaml.partial").read_text()
    assert "name: Lotus Yoga Studio" in partial and "description: women after work" in partial

    result = run("init", out, input="")
    assert result.exit_code == 2 and "an unfinished intake is saved in" in result.output

    result = run("init", "--resume", out, input=script(SECOND_PART, REVIEW_AND_OFFER[:1]))
    assert result.exit_code == 0, result.output
    assert "(1) Business or brand name" not in result.output  # not asked again
    intake = read_intake(out, kb)
    assert intake.business.name == "Lotus Yoga Studio"
    assert intake.audience.description == "women after work who want calm"
    assert intake.resources.event_date is not None


def test_sections_get_a_heading_and_a_resume_says_what_was_kept(
    run: Callable[..., Any], tmp_path: Path
) -> None:
    out = tmp_path / "lotus.yaml"
    result = run("init", out, input=script(FIRST_PART))
    assert result.output.index("== The business ==") < result.output.index("(1) Business")
    assert result.output.count("== The business ==") == 1  # once, not above every question
    assert result.output.index("== The audience ==") < result.output.index(
        "Age ranges of the audience"
    )
    result = run("init", "--resume", out, input=script(SECOND_PART, REVIEW_AND_OFFER[:1]))
    assert result.exit_code == 0, result.output
    assert f"Continuing: 13 answers kept from {out}.partial." in result.output  # VNN refused
    # the totals after the per-network questions are headed as totals
    heading = result.output.index("== Today's numbers, across all networks")
    assert result.output.index("Facebook: account handle") < heading
    assert heading < result.output.index("People reached (per month")


def test_change_an_answer_at_the_review(
    run: Callable[..., Any], tmp_path: Path, kb: KnowledgeBase
) -> None:
    probe = run("init", tmp_path / "probe.yaml", input=script(FIRST_PART, SECOND_PART))
    review = probe.output.rsplit("Review your answers:", 1)[1]
    number = next(
        line.split(".")[0].strip()
        for line in review.splitlines()
        if "Team time for social media: 12" in line
    )
    out = tmp_path / "lotus.yaml"
    change = [number, "20", "", "0"]  # that answer, its new value, save, no recommendations
    result = run("init", out, input=script(FIRST_PART, SECOND_PART, change))
    assert result.exit_code == 0, result.output
    assert result.output.count("Review your answers:") == 2
    assert "Team time for social media: 20" in result.output.rsplit("Review your answers:")[-1]
    assert read_intake(out, kb).resources.team_hours_per_week == 20


def test_answers_file_with_no_input_writes_the_same_intake(
    run: Callable[..., Any], tmp_path: Path, kb: KnowledgeBase
) -> None:
    out = tmp_path / "copy.yaml"
    result = run("init", "--no-input", "--answers", EXAMPLE, out)
    assert result.exit_code == 0, result.output
    assert read_intake(out, kb) == read_intake(EXAMPLE, kb)
    assert "# Who buys" in out.read_text()
    # never over an existing intake without --force
    result = run("init", "--no-input", "--answers", EXAMPLE, out)
    assert (
        result.exit_code == 2
        and "already exists; to change answers in it: goalrec init --answers" in result.output
    )
    assert run("init", "--no-input", "--answers", EXAMPLE, out, "--force").exit_code == 0


def test_no_input_fails_listing_what_is_missing_or_wrong(
    run: Callable[..., Any], tmp_path: Path
) -> None:
    partial = tmp_path / "partial.yaml"
    partial.write_text("business:\n  name: Lotus\n  country: VNN\n")
    out = tmp_path / "out.yaml"
    result = run("init", "--no-input", "--answers", partial, out)
    assert result.exit_code == 2
    assert result.output == (
        f"error: {partial}:3: business.country: 'VNN' is not an ISO 3166-1 alpha-2 country "
        "code (did you mean 'VN'?) (for example VN, IR, US)\n"
        "  business.industry: no answer yet (What the business sells)\n"
        "  business.model: no answer yet (Who buys)\n"
        "  business.language: no answer yet (Client's working language (ISO code, e.g. vi, "
        "fa, en))\n"
        "  resources.monthly_ad_budget: no answer yet (Monthly paid-media budget)\n"
        "  resources.team_hours_per_week: no answer yet (Team time for social media)\n"
        "  resources.timeframe_months: no answer yet (How long the plan runs)\n"
    )
    assert "Traceback" not in result.output and not out.exists()


def test_answers_file_asks_only_what_is_missing(
    run: Callable[..., Any], tmp_path: Path, kb: KnowledgeBase
) -> None:
    text = EXAMPLE.read_text().replace("  timeframe_months: 6\n", "")
    source = tmp_path / "source.yaml"
    source.write_text(text)
    out = tmp_path / "out.yaml"
    # the optional questions the example leaves out, then the missing timeframe
    result = run(
        "init",
        "--answers",
        source,
        out,
        input=script([""] * (left_out(kb, source) - 1), ["9", "", "0"]),
    )
    assert result.exit_code == 0, result.output
    assert "Business or brand name" not in result.output.split("Review your answers:")[0]
    assert "How long the plan runs (months, 1–36)" in result.output
    assert read_intake(out, kb).resources.timeframe_months == 9


def test_ask_re_asks_chosen_questions(
    run: Callable[..., Any], tmp_path: Path, kb: KnowledgeBase
) -> None:
    out = tmp_path / "out.yaml"
    result = run(
        "init",
        "--answers",
        EXAMPLE,
        "--ask",
        "business.name",
        "--ask",
        "business.industry",
        "--ask",
        "business.model",
        out,
        input=script(["Mekong Roasters", "", ""], [""] * left_out(kb, EXAMPLE), ["", "0"]),
    )
    assert result.exit_code == 0, result.output
    assert "[Mekong Craft Coffee]" in result.output  # the current answer is the default
    intake = read_intake(out, kb)
    assert intake.business.name == "Mekong Roasters"
    assert intake.business.industry == "specialty coffee roaster and cafes"

    result = run("init", "--no-input", "--answers", EXAMPLE, "--ask", "busines.name", out)
    assert result.exit_code == 2
    assert "busines.name: no such question (did you mean 'business.name'?)" in result.output


def test_the_offer_says_when_the_document_comes_in_the_clients_language(
    run: Callable[..., Any], tmp_path: Path, kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GOALREC_LANG")  # no --lang: the document follows the intake
    out = tmp_path / "copy.yaml"
    typed = script(["Mekong Roasters"], [""] * left_out(kb, EXAMPLE), ["", "1"])  # save; text
    result = run("init", "--answers", EXAMPLE, "--ask", "business.name", out, input=typed)
    assert result.exit_code == 0, result.output
    # asked in English; the intake's language is vi, so the recommendations are Vietnamese
    assert "Write the recommendations for this client now, in Vietnamese?" in result.output
    text = (tmp_path / "copy.recommendation.txt").read_text()
    assert text.startswith("Đề xuất cho Mekong Roasters")


def test_the_offer_lists_recommend_formats_read_from_the_command(
    run: Callable[..., Any], tmp_path: Path, kb: KnowledgeBase
) -> None:
    [option] = [p for p in recommend_cmd.params if p.name == "fmt"]
    assert isinstance(option.type, click.Choice)
    assert recommend_formats() == tuple(option.type.choices)
    out = tmp_path / "out.yaml"
    result = run(
        "init", "--answers", EXAMPLE, out, input=script([""] * left_out(kb, EXAMPLE), ["", "2"])
    )
    assert result.exit_code == 0, result.output
    for number, fmt in enumerate(recommend_formats(), 1):
        assert f"  {number}) {fmt}: " in result.output
    assert (tmp_path / "out.recommendation.json").read_text().startswith("{")


def test_importing_the_cli_does_not_import_the_prompt_library() -> None:
    code = (
        "import sys, recommender.cli; "
        "print([m for m in ('questionary', 'prompt_toolkit') if m in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
