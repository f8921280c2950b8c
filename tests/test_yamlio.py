from pathlib import Path

import pytest

from recommender.errors import UserError
from recommender.yamlio import MAX_DEPTH, line_of, load_file, loads


def test_lines_are_remembered_for_keys_and_items() -> None:
    data = loads("a: 1\nb:\n  - x: 2\n  - z: 2027-01-04\n", "t.yaml")
    assert data == {"a": 1, "b": [{"x": 2}, {"z": __import__("datetime").date(2027, 1, 4)}]}
    assert line_of(data, ["a"]) == 1
    assert line_of(data, ["b", 1, "z"]) == 4
    assert line_of(data, ["b", 5, "nope"]) == 2  # the deepest part that exists


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("a: 1\na: 2\n", 2, "key 'a' appears twice (first on line 1)"),
        ("a: &x 1\nb: *x\n", 2, "aliases"),
        ("x: .nan\n", 1, "not a finite number"),
        ("x: .inf\n", 1, "not a finite number"),
        ("a: !!python/object:os.system x\n", 1, "unsupported YAML value"),
        ("a: !!binary aGVsbG8=\n", 1, "binary values"),
        ("--- 1\n--- 2\n", 2, "more than one YAML document"),
        ("a: 2027-02-30\n", 1, "invalid value"),
        ("", 1, "the file is empty"),
        ("# nothing\n", 1, "holds no data"),
        ("a: b: c\n", 1, "YAML syntax error"),
        ("other:\n  <<: {x: 1}\n", 2, "merge keys"),
        # a tag on a list or mapping: refused, not silently read as a plain one
        ("a: 1\nb: !!python/object/apply:os.system ['rm x']\n", 2, "python/object/apply"),
        ("!!python/object/new:dict {a: 1}\n", 1, "python/object/new"),
        ("a: !!set {x, y}\n", 1, "unsupported YAML value"),
        ("a: !local [1]\n", 1, "'!local'"),
        ("a: " + "9" * 5000 + "\n", 1, "the number is too large"),
    ],
)
def test_refused_yaml(text: str, line: int, fragment: str) -> None:
    with pytest.raises(UserError) as info:
        loads(text, "t.yaml")
    problem = info.value.problems[0]
    assert fragment in problem.message
    assert problem.line == line
    assert str(problem).startswith(f"t.yaml:{line}: ")


def test_deep_nesting_is_refused_without_crashing() -> None:
    # libyaml's own composer segfaults on this; we must stop at MAX_DEPTH first
    with pytest.raises(UserError, match="nesting is deeper"):
        loads("[" * 200_000 + "]" * 200_000, "deep.yaml")
    assert loads("[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1), "ok.yaml") is not None


def test_json_keeps_json_semantics_and_gains_lines(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{\n  "a": 1e3,\n  "b": [1, {"c": "x"}]\n}\n')
    data = load_file(path)
    assert data["a"] == 1000.0  # YAML 1.1 would read 1e3 as a string
    assert line_of(data, ["b", 1, "c"]) == 3


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('{"a": 1, "a": 2}', "appears twice"),
        ('{"a": NaN}', "not a number"),
        ('{"a": 1e999}', "'1e999' is not a finite number"),
        ('{"a": ' + "9" * 5000 + "}", "the number is too large"),
        ('{"a": ', "JSON syntax"),
    ],
)
def test_bad_json(tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "x.json"
    path.write_text(text)
    with pytest.raises(UserError, match=fragment):
        load_file(path)


def test_files_that_are_not_text(tmp_path: Path) -> None:
    binary = tmp_path / "b.yaml"
    binary.write_bytes(b"\x00\x01\x02")
    with pytest.raises(UserError, match="binary file"):
        load_file(binary)
    latin = tmp_path / "l.yaml"
    latin.write_bytes(b"name: caf\xe9\n")
    with pytest.raises(UserError, match="not valid UTF-8"):
        load_file(latin)
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: 1\n" * 300_000)
    with pytest.raises(UserError, match="limit"):
        load_file(big, max_bytes=1_000_000)
    with pytest.raises(UserError, match="file not found"):
        load_file(tmp_path / "missing.yaml")
    with pytest.raises(UserError, match="folder"):
        load_file(tmp_path)


def test_reading_many_files_keeps_memory_flat(tmp_path: Path) -> None:
    """A batch reads thousands of intakes in one process: nothing may pile up per file."""
    import tracemalloc

    from .conftest import EXAMPLE

    path = tmp_path / "intake.yaml"
    path.write_text(EXAMPLE.read_text())
    first = load_file(path)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for _ in range(200):
            assert load_file(path) == first
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < 50_000, grown
