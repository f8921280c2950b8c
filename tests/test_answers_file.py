import datetime as dt
import re
from pathlib import Path

import pytest

from recommender import __version__
from recommender.answers_file import partial_path, render, save_intake, save_partial, start
from recommender.errors import IntakeError, OutputError
from recommender.intake import Intake
from recommender.intake_file import read_intake
from recommender.knowledge import KnowledgeBase
from recommender.questionnaire import Questionnaire
from recommender.yamlio import load_file, loads

from .conftest import EXAMPLE


def example_questionnaire(kb: KnowledgeBase) -> Questionnaire:
    q = Questionnaire(kb)
    assert q.prefill(load_file(EXAMPLE), str(EXAMPLE)) == []
    return q


def test_saved_intake_reads_back_in_key_order_with_questions_above_keys(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    out = tmp_path / "client.yaml"
    intake = save_intake(out, example_questionnaire(kb), kb, force=False)
    assert read_intake(out, kb) == intake == read_intake(EXAMPLE, kb)
    text = out.read_text()
    lines = text.splitlines()
    assert lines[0] == (
        f"# goalrec intake for Mekong Craft Coffee, written by goalrec {__version__} on "
        f"{dt.date.today().isoformat()}."
    )
    # the intake's key order, section by section
    sections = [ln.split(":")[0] for ln in lines if ln and ln[0].isalpha()]
    # brand is empty in the example; targets (the client's own numbers) are not asked
    assert sections == [n for n in Intake.model_fields if n not in ("brand", "targets")]
    business = [ln.strip().split(":")[0] for ln in lines if ln.startswith("  ") and "#" not in ln]
    assert business[:11] == list(Intake.model_fields["business"].annotation.model_fields)  # type: ignore[union-attr]
    # each key has its question (and for closed sets, the allowed values) right above it
    i = lines.index("  model: b2c")
    assert lines[i - 2 : i] == ["  # Who buys", "  # one of: b2b, b2c, both"]
    i = lines.index("  team_hours_per_week: 12")
    assert lines[i - 1] == "  # Team time for social media (hours a week, 0–1000)"
    i = lines.index("    followers: 4100")
    assert lines[i - 1] == "    # Instagram: followers (0 or more)"
    assert not partial_path(out).exists()


def test_values_that_need_quoting_read_back_unchanged(kb: KnowledgeBase) -> None:
    data = {
        "business": {
            "name": "yes",
            "industry": "coffee: #1 in town\nand 'more'",
            "competitors": ["A, B", "null", "- dash"],
            "country": "VN",
        },
        "resources": {"start_date": dt.date(2027, 1, 4), "monthly_ad_budget": 1.5},
    }
    text = render(data, {"business.name": ["x" * 250]}, ["header"])
    assert loads(text, "t.yaml") == data
    assert all(len(line) <= 100 for line in text.splitlines())


def test_partial_save_is_marked_unfinished_and_replaced_atomically(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    out = tmp_path / "client.yaml"
    q = Questionnaire(kb)
    q.prefill(loads("business: {name: Lotus, industry: yoga}\n", "x"), "x")
    save_partial(out, q)
    save_partial(out, q)
    partial = partial_path(out)
    assert partial.name == "client.yaml.partial"
    text = partial.read_text()
    assert text.startswith("# UNFINISHED goalrec intake: 2 answers so far")
    assert f"# Continue it with: goalrec init --resume {out}" in text
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["client.yaml.partial"]  # no temp files
    with pytest.raises(IntakeError):  # an unfinished intake is not an intake
        read_intake(partial, kb)


def test_start_refuses_what_would_lose_work(kb: KnowledgeBase, tmp_path: Path) -> None:
    out = tmp_path / "client.yaml"
    with pytest.raises(IntakeError, match="nothing to resume"):
        start(out, kb, resume=True)
    out.write_text("keep me")
    # the refusal tells how to change a saved intake, which is what its owner usually wants
    hint = f"to change answers in it: goalrec init --answers {out} --ask FIELD --force {out}"
    with pytest.raises(OutputError, match=re.escape(hint)):
        start(out, kb)
    assert out.read_text() == "keep me"
    out.unlink()
    partial_path(out).write_text("business: {name: Lotus}\n")
    with pytest.raises(IntakeError, match="an unfinished intake is saved in"):
        start(out, kb)
    q, problems = start(out, kb, resume=True)
    assert problems == [] and q.answers == {"business.name": "Lotus"}
    q, problems = start(out, kb, force=True)  # starting over
    assert q.answers == {}
    with pytest.raises(IntakeError, match="either --resume or --answers"):
        start(out, kb, resume=True, answers=EXAMPLE)
