"""bench/peers_doorstop.py: the benchmark corpus as a Doorstop tree, field for field."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import corpus as corpus_generator
import peers_doorstop


def front(path: Path) -> tuple[dict[str, object], str]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    head, _, body = text[4:].partition("\n---\n")
    return yaml.load(head, Loader=yaml.CSafeLoader), body


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, object]]:
    root = tmp_path_factory.mktemp("peers")
    corpus_generator.generate(120, root / "corpus", 7)
    summary = peers_doorstop.convert(root / "corpus", root / "tree", git=False)
    return root / "corpus" / "docs", root / "tree" / "docs", summary


def test_a_document_per_folder_under_one_root(converted: tuple[Path, Path, dict[str, object]]):
    docs, tree, summary = converted
    root = yaml.safe_load((tree / ".doorstop.yml").read_text(encoding="utf-8"))["settings"]
    assert root["prefix"] == "HB" and "parent" not in root
    folders = sorted(p.name for p in docs.iterdir() if p.is_dir())
    for folder in folders:
        settings = yaml.safe_load((tree / folder / ".doorstop.yml").read_text(encoding="utf-8"))
        assert settings["settings"]["parent"] == "HB"
        assert settings["settings"]["prefix"] == peers_doorstop.FOLDER_PREFIX[folder]
        assert settings["settings"]["itemformat"] == "markdown"
    assert summary["documents"] == len(folders) + 1
    assert summary["skipped"] == []


def test_every_document_and_entry_is_an_item_with_its_fields(
    converted: tuple[Path, Path, dict[str, object]],
):
    docs, tree, summary = converted
    items = {path.stem: path for path in tree.rglob("*.md")}
    entries = 0
    for path in docs.rglob("*.md"):
        data, body = peers_doorstop.split(path.read_text(encoding="utf-8"))
        if data is None:
            continue
        uid = peers_doorstop.uid_of(path, data)
        assert uid is not None, path
        item, text = front(items[uid])
        assert item["hb-source"] == path.relative_to(docs).as_posix()
        for key, value in data.items():
            if key in peers_doorstop.CONTAINER_FIELDS:
                for entry in value:
                    entries += 1
                    fields, _ = front(items[entry["id"]])
                    assert fields["container"] == uid
                    assert {k: fields[k] for k in entry} == entry
            else:
                name = f"hb-{key}" if key in peers_doorstop.DOORSTOP_RESERVED else key
                assert item[name] == value, (path, key)
        header, rest = peers_doorstop.heading_and_text(body)
        assert text == (f"# {header}\n\n" if header else "") + rest
    assert entries > 0
    assert summary["items"] == len(items)


def test_each_relation_is_one_link_from_source_to_target(
    converted: tuple[Path, Path, dict[str, object]],
):
    _docs, tree, summary = converted
    fields = {path.stem: front(path)[0] for path in tree.rglob("*.md")}
    inverse_of = {inverse: forward for forward, inverse in corpus_generator.RELATIONS.items()}
    checked = 0
    for uid, item in fields.items():
        for key, value in item.items():
            if key not in peers_doorstop.RELATION_FIELDS or not isinstance(value, list):
                continue
            for target in value:
                if key in inverse_of and key != inverse_of[key] and target in fields:
                    ends = (target, uid)  # mitigated-by: the mitigation links to the risk
                else:
                    ends = (uid, target)
                if key == inverse_of.get(key):  # relates-to: either end, once
                    other = fields[ends[1]]["links"] if ends[1] in fields else []
                    assert ends[1] in fields[ends[0]]["links"] or ends[0] in other, (uid, key)
                else:
                    assert ends[1] in fields[ends[0]]["links"], (uid, key, target)
                checked += 1
    assert checked > 0
    assert summary["links"] == sum(len(item["links"]) for item in fields.values())
    assert summary["links"] <= summary["relations"]


def test_dangling_links_are_kept_or_dropped(tmp_path: Path):
    corpus_generator.generate(60, tmp_path / "corpus", 7, "findings")
    kept = peers_doorstop.convert(tmp_path / "corpus", tmp_path / "kept", git=False)
    dropped = peers_doorstop.convert(
        tmp_path / "corpus", tmp_path / "dropped", git=False, drop_dangling=True
    )
    assert kept["dangling_links_dropped"] == 0
    assert dropped["dangling_links_dropped"] > 0
    assert kept["links"] == dropped["links"] + dropped["dangling_links_dropped"]
    uids = {path.stem for path in (tmp_path / "dropped").rglob("*.md")}
    for path in (tmp_path / "dropped").rglob("*.md"):
        assert set(front(path)[0]["links"]) <= uids


def test_a_folder_that_is_not_empty_is_refused(tmp_path: Path):
    corpus_generator.generate(20, tmp_path / "corpus", 7)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "notes.md").write_text("mine\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="not empty"):
        peers_doorstop.convert(tmp_path / "corpus", tmp_path / "out", git=False)
    assert (tmp_path / "out" / "notes.md").read_text(encoding="utf-8") == "mine\n"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["notes.md"]
