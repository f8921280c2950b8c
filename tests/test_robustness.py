"""Any input, valid or broken, gets a result or a clear error with exit 2: never a
traceback, never a partial output file."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recommender.cli import cli

from .conftest import EXAMPLE

EXAMPLE_DATA: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text())
SETTINGS = settings(
    max_examples=int(__import__("os").environ.get("GOALREC_FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.dates(),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


def paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(data, dict):
        for k, v in data.items():
            out += paths(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += paths(v, (*prefix, i))
    return out


# numbers and values as they are written, which no Python value dumps to: more digits than
# Python converts, overflowing floats, NaN in JSON, YAML's own spellings
RAW_LITERALS = [
    "9" * 5000,
    "-" + "9" * 4400,
    "1e999",
    "-1e999",
    "NaN",
    "Infinity",
    ".nan",
    "-.inf",
    "0x" + "f" * 400,
    "0o777",
    "1_000_000",
    "2027-02-30",
    "!!binary aGk=",
    "!!python/object/apply:os.system ['true']",
    "[" * 80 + "]" * 80,
    '"' + "x" * 100_000 + '"',
]
PLACEHOLDER = "goalrec-raw-literal"


@st.composite
def broken_intakes(draw: st.DrawFn) -> str:
    """Text of an intake: the example with a few random edits, or garbage."""
    kind = draw(st.sampled_from(["mutate", "mutate", "mutate", "raw", "random", "text"]))
    if kind == "random":
        return yaml.safe_dump(draw(values), allow_unicode=True)
    if kind == "text":
        return draw(st.text(max_size=200))
    data = copy.deepcopy(EXAMPLE_DATA)
    if kind == "raw":  # one value replaced by a literal, in YAML or JSON spelling
        where = draw(st.sampled_from(paths(data)[1:]))
        parent = data
        for part in where[:-1]:
            parent = parent[part]
        parent[where[-1]] = PLACEHOLDER
        if draw(st.booleans()):
            text = json.dumps(data, default=str, ensure_ascii=False)
            return text.replace(f'"{PLACEHOLDER}"', draw(st.sampled_from(RAW_LITERALS)))
        text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=False)
        return text.replace(PLACEHOLDER, draw(st.sampled_from(RAW_LITERALS)))
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.sampled_from(paths(data)[1:]))
        parent = data
        for part in where[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "delete":
            del parent[where[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=10))] = draw(values)
        else:
            parent[where[-1]] = draw(values)
    return yaml.safe_dump(data, allow_unicode=True, default_flow_style=False)


def invoke(*args: Any) -> Any:
    return CliRunner().invoke(cli, [str(a) for a in args])


def assert_clean(result: Any, output: Path | None = None) -> None:
    assert result.exit_code in (0, 2), (result.exit_code, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        assert result.output.startswith("error: ") or "Usage:" in result.output
        if output is not None:
            assert not output.exists()
    elif output is not None:
        json.loads(output.read_text())


@SETTINGS
@given(text=broken_intakes(), suffix=st.sampled_from([".yaml", ".json"]))
def test_recommend_explain_and_init_never_crash(tmp_path: Path, text: str, suffix: str) -> None:
    intake = tmp_path / f"intake{suffix}"
    intake.write_text(text, encoding="utf-8")
    out = tmp_path / "out.json"
    out.unlink(missing_ok=True)
    assert_clean(invoke("recommend", intake, "-o", out), out)
    assert_clean(invoke("explain", intake, "--format", "json"))
    made = tmp_path / "made.yaml"
    made.unlink(missing_ok=True)
    result = invoke("init", "--no-input", "--answers", intake, made)
    assert_clean(result)
    if result.exit_code == 0:  # what init writes, recommend reads
        assert_clean(invoke("recommend", made, "--format", "json"))
    else:
        assert not made.exists() and not made.with_name("made.yaml.partial").exists()


@SETTINGS
@given(text=broken_intakes())
def test_check_and_diff_never_crash(tmp_path: Path, rules_dir: Path, text: str) -> None:
    import shutil

    folder = tmp_path / "clients"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    (folder / "fuzz.yaml").write_text(text, encoding="utf-8")
    shutil.copy(EXAMPLE, folder / "good.yaml")
    report = tmp_path / "diff.json"
    report.unlink(missing_ok=True)
    result = invoke("diff", "--rules", rules_dir, folder, "-o", report, "-j", "1")
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output and "goalrec bugs" not in result.output
    assert json.loads(report.read_text())["clients_compared"] in (1, 2)
    # the same text as a case file's intake: check reports it, never crashes
    case = tmp_path / "case.yaml"
    indented = "\n".join("  " + line for line in text.splitlines())
    case.write_text(f"name: fuzz\nwhy: fuzz\nintake:\n{indented}\nexpect: {{}}\n")
    checked = invoke("check", case)
    assert checked.exit_code in (0, 1, 2), checked.output
    assert "Traceback" not in checked.output
    assert checked.exception is None or isinstance(checked.exception, SystemExit)


@SETTINGS
@given(data=st.binary(max_size=300))
def test_binary_garbage(tmp_path: Path, data: bytes) -> None:
    intake = tmp_path / "garbage.yaml"
    intake.write_bytes(data)
    assert_clean(invoke("recommend", intake))


@SETTINGS
@given(body=values)
def test_broken_rule_files(tmp_path: Path, rules_dir: Path, body: Any) -> None:
    import shutil

    rules = tmp_path / "rules"
    if not rules.exists():
        shutil.copytree(rules_dir, rules)
    (rules / "rulebook" / "99-fuzz.yaml").write_text(
        yaml.safe_dump({"rules": body}, allow_unicode=True)
    )
    assert_clean(invoke("--rules", rules, "recommend", EXAMPLE, "--format", "json"))
    lint = invoke("--rules", rules, "rules", "lint")
    assert lint.exit_code in (0, 1, 2) and "Traceback" not in lint.output


@SETTINGS
@given(texts=st.lists(broken_intakes(), min_size=1, max_size=3), garbage=st.binary(max_size=200))
def test_batch_never_crashes(tmp_path: Path, texts: list[str], garbage: bytes) -> None:
    import shutil

    folder, out = tmp_path / "clients", tmp_path / "out"
    for old in (folder, out):
        shutil.rmtree(old, ignore_errors=True)
    (folder / "sub").mkdir(parents=True)
    shutil.copy(EXAMPLE, folder / "good.yaml")
    for i, text in enumerate(texts):
        (folder / f"fuzz-{i}.yaml").write_text(text, encoding="utf-8")
    (folder / "sub" / "garbage.json").write_bytes(garbage)
    result = invoke("batch", folder, "-o", out, "--format", "json", "-j", "1")
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output and "goalrec bugs" not in result.output
    written = sorted(p for p in out.rglob("*") if p.is_file())
    assert all(p.suffix == ".json" for p in written)  # no temporary file left behind
    for path in written:
        json.loads(path.read_text(encoding="utf-8"))
    total = len(texts) + 2
    assert result.output.startswith(f"{total} intakes: {len(written)} written to {out} as json")
    for intake in sorted(folder.rglob("*.*")):
        output = out / intake.relative_to(folder).with_suffix(".json")
        assert output.exists() or str(intake) in result.output, intake


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("empty.yaml", ""),
        (
            "nan.yaml",
            EXAMPLE.read_text().replace("monthly_ad_budget: 15000000", "monthly_ad_budget: .nan"),
        ),
        (
            "huge.yaml",
            EXAMPLE.read_text().replace("monthly_reach: 40000", "monthly_reach: " + "9" * 400),
        ),
        (
            "dupe.yaml",
            EXAMPLE.read_text().replace("  has_crm: false", "  has_crm: false\n  has_crm: true"),
        ),
        ("deep.yaml", "business: " + "[" * 5000 + "]" * 5000),
        (
            "bomb.yaml",
            "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n",
        ),
        ("unknown.yaml", EXAMPLE.read_text() + "mystery: 1\n"),
        ("list.json", "[1, 2, 3]"),
        ("huge-int.json", '{"schema_version": ' + "9" * 5000 + "}"),
        ("overflow.json", '{"schema_version": 1e999}'),
        ("huge-int.yaml", "schema_version: " + "9" * 5000),
        ("tagged-list.yaml", "!!python/object/apply:os.system ['touch pwned']\n"),
        ("tagged-set.yaml", "business: !!set {a, b}\n"),
        (
            "float-key.yaml",
            EXAMPLE.read_text().replace("schema_version: 1", "schema_version: 1.0e400"),
        ),
    ],
)
def test_pathological_files(tmp_path: Path, name: str, text: str) -> None:
    intake = tmp_path / name
    intake.write_text(text)
    out = tmp_path / "out.json"
    result = invoke("recommend", intake, "-o", out)
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"error: {intake}")
    assert not out.exists()


def test_a_50_mb_intake_is_refused_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    intake = tmp_path / "big.yaml"
    with intake.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper
    opened: list[Path] = []
    original = Path.open

    def spy(self: Path, *args: Any, **kwargs: Any) -> Any:
        opened.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", spy)
    result = invoke("recommend", intake)
    assert result.exit_code == 2
    assert result.output == f"error: {intake}: file is 52.4 MB; the limit is 2 MB\n"
    assert intake not in opened  # refused from its size alone


def test_a_stream_without_a_size_is_read_no_further_than_the_limit() -> None:
    # /dev/zero never ends: reading it whole would hang and fill the memory
    result = invoke("recommend", "/dev/zero")
    assert result.exit_code == 2
    assert result.output == "error: /dev/zero: more than 2 MB to read; the limit is 2 MB\n"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("model: b2c ", "model: " + "x" * 1_000_000 + " "),
        ("country: VN ", "country: " + "x" * 1_000_000 + " "),
        ("id: facebook", "id: " + "x" * 1_000_000),
        ("monthly_reach: 40000", "monthly_reach: " + "9" * 5000),
    ],
)
def test_a_message_quotes_a_long_value_cut_short(tmp_path: Path, old: str, new: str) -> None:
    intake = tmp_path / "long.yaml"
    intake.write_text(EXAMPLE.read_text().replace(old, new, 1))
    result = invoke("recommend", intake)
    assert result.exit_code == 2 and result.output.startswith(f"error: {intake}:")
    assert len(result.output) < 600, result.output[:600]
    assert "characters)" in result.output


def test_a_long_unknown_json_key_is_cut_short(tmp_path: Path) -> None:
    data = copy.deepcopy(EXAMPLE_DATA)
    data["baselines"]["x" * 1_000_000] = 1
    intake = tmp_path / "long.json"
    intake.write_text(json.dumps(data, default=str))
    result = invoke("recommend", intake)
    assert result.exit_code == 2 and len(result.output) < 1000, result.output[:1000]
    assert "unknown key 'xxxx" in result.output


@pytest.mark.parametrize("name", ["Mekong\u0007\u001b[31m Coffee", "Mekong\nmystery: 1"])
def test_init_writes_a_readable_intake_whatever_the_name_holds(tmp_path: Path, name: str) -> None:
    data = copy.deepcopy(EXAMPLE_DATA)
    data["business"]["name"] = name
    answers, out = tmp_path / "answers.yaml", tmp_path / "intake.yaml"
    answers.write_text(yaml.safe_dump(data, allow_unicode=True))
    result = invoke("init", "--no-input", "--answers", answers, out)
    assert result.exit_code == 0, result.output
    made = invoke("recommend", out, "--format", "json")
    assert made.exit_code == 0, made.output
    assert json.loads(made.output)["client"] == name
