"""How fast one process extracts, stage by stage, against bare `jieba.cut` on the same text.

    .venv/bin/python bench/extraction_speed.py [PATH…]      # default: seeds/ (and ../shared/corpus/dev)

Each report is extracted `--repeat` times (the best time counts, as the machine is shared); the stages
are timed separately: reading and cleaning, segmenting, the hand-written recognisers (candidates and
their choice), the tagger's features, tagging (Viterbi and marginals), the candidate names and their
decision, entities, and the relations (the rules' patterns, the candidate pairs, their decision).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.files import report_files  # noqa: E402
from loaders.clean import clean  # noqa: E402
from loaders.entities import resolve  # noqa: E402
from loaders.features import char_features  # noqa: E402
from loaders.lexicon import tokenizer  # noqa: E402
from loaders.mentions import mentions_of  # noqa: E402
from loaders.model import load_model  # noqa: E402
from loaders.names import candidate_names  # noqa: E402
from loaders.pairs import candidate_pairs  # noqa: E402
from loaders.read import read  # noqa: E402
from loaders.relations import decide  # noqa: E402
from loaders.rules import candidates, rule_relations, select_mentions  # noqa: E402
from loaders.segment import segment  # noqa: E402
from loaders.tagger import tag  # noqa: E402


def stages(path: Path, model, t: dict[str, float]) -> int:
    def lap(name: str, start: float) -> float:
        now = time.perf_counter()
        t[name] += now - start
        return now

    s = time.perf_counter()
    report = read(path)
    c = clean(report)
    s = lap("read + clean", s)
    doc = segment(c)
    s = lap("segment (jieba)", s)
    cands = candidates(doc)
    chosen = select_mentions(doc, cands)
    s = lap("rules: candidates", s)
    feats = char_features(doc, cands, chosen)
    s = lap("learned: features", s)
    tagged = tag(model.crf, doc, feats)
    s = lap("learned: tagging", s)
    names = candidate_names(doc, tagged, cands, chosen)
    s = lap("learned: candidate names", s)
    mentions = mentions_of(
        doc, names, model.names.predict([n.features for n in names]), model.names.threshold
    )
    s = lap("learned: name decision", s)
    entities = resolve(doc, mentions)
    s = lap("entities", s)
    stated = rule_relations(doc, entities)
    s = lap("rules: relations", s)
    pairs = candidate_pairs(doc, entities, stated)
    s = lap("learned: candidate pairs", s)
    decide(
        doc,
        entities,
        pairs,
        model.relations.predict([p.features for p in pairs]),
        model.relations.threshold,
        stated,
    )
    lap("learned: relation decision", s)
    return len(report.raw)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    paths = args.paths or [
        p for p in (ROOT / "seeds", ROOT.parent / "shared" / "corpus" / "dev") if p.exists()
    ]
    files = list(report_files(paths))
    model = load_model()
    cut = tokenizer().cut
    stages(files[0], model, defaultdict(float))  # warm: dictionaries, model
    best: dict[str, float] | None = None
    chars = 0
    for _ in range(args.repeat):
        t: dict[str, float] = defaultdict(float)
        chars = sum(stages(f, model, t) for f in files)
        if best is None or sum(t.values()) < sum(best.values()):
            best = t
    texts = [read(f).raw for f in files]
    jieba_best = min(_timed(lambda: [list(cut(x, HMM=False)) for x in texts]) for _ in range(args.repeat))
    total = sum(best.values())
    print(f"{len(files)} reports, {chars:,} characters")
    for name, sec in best.items():
        print(f"  {name:28s} {sec * 1000:8.1f} ms  {100 * sec / total:5.1f} %")
    print(f"extraction: {chars / total:,.0f} characters/s in one process")
    print(f"bare jieba.cut on the same text: {chars / jieba_best:,.0f} characters/s")
    print(f"ratio (extraction / jieba.cut speed): {jieba_best / total:.3f}")


def _timed(fn) -> float:
    s = time.perf_counter()
    fn()
    return time.perf_counter() - s


if __name__ == "__main__":
    main()
