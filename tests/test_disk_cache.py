from pathlib import Path

import pytest

from recommender import disk_cache, knowledge


def test_a_compiled_knowledge_base_is_reused_and_a_bad_cache_is_only_a_miss(
    rules_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOALREC_CACHE_DIR", str(tmp_path / "cache"))
    kb = knowledge.load_kb(rules_copy)
    [entry] = (tmp_path / "cache").iterdir()
    knowledge._CACHE.clear()
    built: list[Path] = []
    monkeypatch.setattr(knowledge, "build_kb", lambda root, digest=None: built.append(root))
    again = knowledge.load_kb(rules_copy)
    assert built == [] and again.digest == kb.digest and again is not kb  # from the disk
    entry.write_bytes(b"not a pickle")
    assert disk_cache.load(kb.root, kb.digest) is None
    monkeypatch.setenv("GOALREC_NO_CACHE", "1")
    assert disk_cache.cache_dir() is None


def test_editing_a_rule_file_changes_the_key(
    rules_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOALREC_CACHE_DIR", str(tmp_path / "cache"))
    first = knowledge.load_kb(rules_copy)
    path = rules_copy / "knowledge_base.yaml"
    text = path.read_text()
    assert f'version: "{first.meta.version}"' in text
    path.write_text(text.replace(f'version: "{first.meta.version}"', 'version: "2000.1.1"'))
    second = knowledge.load_kb(rules_copy)
    assert second.meta.version == "2000.1.1" and first.digest != second.digest
