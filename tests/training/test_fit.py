"""Training on the seeds' gold: deterministic, a usable model file, and the pieces it learns from."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from loaders.model import DEFAULT_MODEL, read_model
from tests.conftest import FIXTURES, ROOT, SEEDS, SHARED
from training.corpus import group_of, load_annotated
from training.fit import Boosting, Settings, fit, inner_folds
from training.gold import gold_entities, gold_spans

GOLD = FIXTURES / "seeds_gold.jsonl"
FEW = Boosting(20, 0.1, 15)
QUICK = Settings(iterations=30, inner_folds=2, names=FEW, relations=FEW)  # small: the same code paths


@pytest.fixture(scope="module")
def examples():
    return load_annotated([GOLD], [SEEDS])


def test_gold_names_are_laid_on_the_text_with_quotes_skipped(examples):
    e = next(x for x in examples if x.doc_id.startswith("000"))
    spans = {e.doc.text[a:b]: t for a, b, t in gold_spans(e.doc.text, e.gold)}
    assert spans.get("三区”战略") == "Strategy"  # gold 三区战略: the quote inside is skipped, not the name
    assert spans.get("小梁庄片区改造项目") == "Project"
    # an organization inside a project's name is a mention of the organization entity
    e = next(x for x in examples if x.doc_id.startswith("001"))
    ents = {x.label: x for x in gold_entities(e.doc, e.gold)}
    byd = [e.doc.text[m.start : m.end + 6] for m in ents["比亚迪"].mentions]
    assert ents["比亚迪"].type == "Organization" and any(x.startswith("比亚迪新能源整车") for x in byd)


def test_items_of_a_listing_alias_are_learned_as_names(examples):
    e = next(x for x in examples if x.doc_id.startswith("003"))
    spans = [e.doc.text[a:b] for a, b, _ in gold_spans(e.doc.text, e.gold)]
    assert "大城管" in spans and "大民生" in spans  # not swallowed by 大经济、…、大国资六大板块
    assert any(s.startswith("一轴、三区、多园") for s in spans)  # a framework named by its list stays whole


def test_groups_come_from_the_gold_line_the_file_name_or_the_gold_file():
    assert group_of("A04.txt", {}, Path("gold.jsonl")) == "A"
    assert group_of("000_x.txt", {}, Path("seeds.jsonl")) == "seeds"
    assert group_of("A04.txt", {"group": "mine"}, Path("gold.jsonl")) == "mine"


def test_inner_folds_keep_collections_together(examples):
    regrouped = [replace(e, group="a" if e.doc_id < "002" else "b") for e in examples]
    folds = inner_folds(regrouped, 2)
    assert sorted(map(sorted, folds)) == sorted(
        [sorted(e.doc_id for e in regrouped if e.group == g) for g in ("a", "b")]
    )
    folds = inner_folds(examples, 3)  # one collection: reports dealt in turn
    assert len(folds) == 3 and sum(map(len, folds)) == len(examples)


def test_training_is_deterministic_and_the_model_round_trips(examples, tmp_path):
    a = fit(examples[:3], QUICK)
    b = fit(examples[:3], QUICK)
    assert a.to_bytes() == b.to_bytes()
    a.save(tmp_path / "m.kgm")
    m = read_model(tmp_path / "m.kgm")
    assert m.to_bytes() == a.to_bytes()
    assert m.meta["trained_on"] == {"seeds_gold": sorted(e.doc_id for e in examples[:3])}
    assert m.names.features and m.relations.features and 0 < m.names.threshold < 1


def test_a_model_trained_on_four_seeds_finds_names_in_the_fifth(examples):
    from training.crossval import score

    model = fit(examples[1:], Settings(iterations=60, inner_folds=2))
    (doc,) = score(examples[:1], model)
    tp = sum(doc.counts[t].tp for t in ("District", "Strategy", "Project", "Organization"))
    gold = sum(doc.counts[t].gold for t in ("District", "Strategy", "Project", "Organization"))
    assert tp / gold > 0.4  # learned from four reports, scored on one it has not seen
    assert doc.counts["District"].tp >= 3


def test_the_shipped_model_says_what_it_was_trained_on():
    m = read_model(DEFAULT_MODEL)
    assert m.meta["command"].startswith("kg train --gold")
    groups = m.meta["trained_on"]
    assert set(groups) >= {"seeds", "A", "G"} and sum(map(len, groups.values())) == m.meta["reports"] == 41
    note = (DEFAULT_MODEL.parent / "MODEL.md").read_text(encoding="utf-8")
    assert m.meta["command"] in note


@pytest.mark.skipif(
    not (SHARED / "corpus" / "dev").is_dir(), reason="needs ../shared/corpus (not in a user's clone)"
)
def test_the_shipped_model_is_rebuilt_by_its_documented_command(tmp_path):
    m = read_model(DEFAULT_MODEL)
    args = m.meta["command"].split()[2:]  # after "kg train"
    out = tmp_path / "again.kgm"
    r = subprocess.run(
        [sys.executable, str(ROOT / "kg.py"), "train", *args, "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr
    assert out.read_bytes() == DEFAULT_MODEL.read_bytes()


def test_bad_model_files_get_one_line(tmp_path):
    from kgerrors import InputError

    (tmp_path / "junk.kgm").write_bytes(b"not a zip")
    (tmp_path / "other.zip").write_bytes(_zip({"a.txt": b"x"}))
    meta = json.dumps({"format": "something-else/9"}).encode()
    (tmp_path / "future.kgm").write_bytes(
        _zip({"meta.json": meta, "tagger.crfsuite": b"", "names.txt": b"", "relations.txt": b""})
    )
    for name, words in (
        ("junk.kgm", "not a kg model"),
        ("other.zip", "not a kg model"),
        ("future.kgm", "of this version"),
        ("missing.kgm", "no such model file"),
    ):
        with pytest.raises(InputError, match=words):
            read_model(tmp_path / name)
    with pytest.raises(InputError, match="folder"):
        read_model(tmp_path)


def _zip(members: dict[str, bytes]) -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for k, v in members.items():
            z.writestr(k, v)
    return buf.getvalue()


def test_swapped_copies_keep_the_context_and_label_the_new_names(examples):
    from training.augment import swapped_names

    a = swapped_names(examples, 1, seed=1)
    b = swapped_names(examples, 1, seed=1)
    assert [c.doc.text for c in a] == [c.doc.text for c in b]  # deterministic
    assert len(a) == len(examples) and all(c.doc_id.endswith("#swap0") for c in a)
    changed = [c for c, e in zip(a, examples, strict=True) if c.doc.text != e.doc.text]
    assert changed
    for c in changed:
        assert len(c.labels) == len(c.doc.text) and len(c.features) == len(c.doc.text)
        # every labelled span of the copy is a gold name of that type in some report
        names = {e.doc.text[s:t]: ty for e in examples for s, t, ty in gold_spans(e.doc.text, e.gold)}
        i = 0
        while i < len(c.labels):
            if c.labels[i].startswith("B-"):
                j = i + 1
                while j < len(c.labels) and c.labels[j].startswith("I-"):
                    j += 1
                assert names.get(c.doc.text[i:j]) == c.labels[i][2:]
                i = j
            else:
                i += 1
