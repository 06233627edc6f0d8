"""`kg eval`: score extracted graphs against gold annotations (rules: docs/scoring.md).

Each report is extracted, turned into its named graph and read back from an in-memory store, so
the figures are those of what `kg build` would store. Names are compared after dropping quotation
marks and spaces and folding full-width ASCII; an entity matches a gold entity when any of its
labels equals the gold name or an alias and the type is the same (each gold entity at most once,
exact canonical names first); a relation matches when its type and both matched ends agree.
Micro-averaged over reports, per type and overall.
"""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from graph.build import report_iri, report_triples
from graph.store import OxigraphStore
from kgerrors import InputError
from loaders import extract
from loaders.model import Model
from loaders.records import Extraction
from ontology.terms import ENTITY_TYPES, NAMESPACE, RELATIONS

RELATION_NAMES = tuple(RELATIONS)
_DROP = set("“”\"'「」《》‘’ \t\u3000")


def norm(s: str) -> str:
    out = []
    for ch in s:
        if ch in _DROP:
            continue
        o = ord(ch)
        if 0xFF01 <= o <= 0xFF5E:
            ch = chr(o - 0xFEE0)
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


@dataclass
class Counts:
    tp: int = 0
    pred: int = 0
    gold: int = 0

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / self.pred if self.pred else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


@dataclass
class DocResult:
    doc: str
    counts: dict[str, Counts]
    entities_missed: list[str] = field(default_factory=list)
    entities_extra: list[str] = field(default_factory=list)
    relations_missed: list[str] = field(default_factory=list)
    relations_extra: list[str] = field(default_factory=list)


def total(docs: list[DocResult], keys) -> Counts:
    """The counts of the given types, summed over reports (micro average); a report without a count
    of a type (no gold amounts) adds nothing."""
    c = Counts()
    for d in docs:
        for k in keys:
            if k not in d.counts:
                continue
            c.tp += d.counts[k].tp
            c.pred += d.counts[k].pred
            c.gold += d.counts[k].gold
    return c


@dataclass
class EvalResult:
    docs: list[DocResult]
    missing: list[str]  # gold reports not found among the paths
    skipped: list[str]  # reports that could not be read

    def total(self, keys) -> Counts:
        return total(self.docs, keys)

    @property
    def entity_f1(self) -> float:
        return self.total(ENTITY_TYPES).prf()[2]

    @property
    def relation_f1(self) -> float:
        return self.total(RELATION_NAMES).prf()[2]


def load_gold(path: str | Path) -> dict[str, dict]:
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such gold file")
    files = [p] if p.is_file() else sorted(p.glob("*.json*"))
    gold: dict[str, dict] = {}
    for f in files:
        try:
            text = f.read_text(encoding="utf-8")
            objs = (
                [json.loads(line) for line in text.splitlines() if line.strip()]
                if f.suffix == ".jsonl"
                else [json.loads(text)]
            )
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"{f}: not a gold JSONL file ({exc})") from None
        for o in objs:
            if not isinstance(o, dict) or "doc" not in o:
                raise InputError(f'{f}: every line needs a "doc" field')
            gold[o["doc"]] = o
    return gold


def graph_of(x: Extraction) -> tuple[dict, set]:
    """(entities: (iri, type) -> normalised labels, relations: {(h, rel, t)}) of one report's graph, as
    `kg build` would store it."""
    store = OxigraphStore(None)
    store.replace_graph(report_iri(x.report.doc_id), report_triples(x))
    ents: dict[tuple[str, str], set[str]] = defaultdict(set)
    rows = store.query(
        "SELECT ?e ?t ?l WHERE { ?e a ?t . OPTIONAL { ?e rdfs:label|skos:altLabel|skos:prefLabel ?l } }"
    ).rows
    types: set[str] = set()
    for e, t, label in rows:
        ts = str(t)
        if not ts.startswith(NAMESPACE) or ts[len(NAMESPACE) :] not in ENTITY_TYPES:
            continue
        key = (str(e), ts[len(NAMESPACE) :])
        types.add(str(e))
        ents[key]  # noqa: B018 - an entity without labels still counts
        if label is not None:
            ents[key].add(norm(str(label)))
    rels = set()
    for h, p, t in store.query("SELECT ?h ?p ?t WHERE { ?h ?p ?t . FILTER(isIRI(?t)) }").rows:
        ps = str(p)
        if (
            ps.startswith(NAMESPACE)
            and ps[len(NAMESPACE) :] in RELATIONS
            and str(h) in types
            and str(t) in types
        ):
            rels.add((str(h), ps[len(NAMESPACE) :], str(t)))
    store.close()
    return dict(ents), rels


def score_doc(gold: dict, ents: dict, rels: set) -> DocResult:
    gold_ents = []
    for e in gold["entities"]:
        names = {norm(e["name"])} | {norm(a) for a in e.get("aliases", [])}
        gold_ents.append((e["name"], e["type"], names))
    match: dict[str, str] = {}
    used: set[tuple[str, str]] = set()
    ordered = sorted(ents.items(), key=lambda kv: (kv[0][1], min(kv[1]) if kv[1] else "", kv[0][0]))
    for exact in (True, False):
        for name, typ, names in gold_ents:
            if name in match:
                continue
            for (iri, t), labs in ordered:
                if t != typ or (iri, t) in used:
                    continue
                if (norm(name) in labs) if exact else bool(labs & names):
                    match[name] = iri
                    used.add((iri, t))
                    break
    counts = {k: Counts() for k in (*ENTITY_TYPES, *RELATION_NAMES)}
    for name, typ, _ in gold_ents:
        counts[typ].gold += 1
        counts[typ].tp += name in match
    for _, t in ents:
        counts[t].pred += 1
    gold_rels = {(r["head"], r["type"], r["tail"]) for r in gold["relations"]}
    found = set()
    for h, r, t in gold_rels:
        counts[r].gold += 1
        hi, ti = match.get(h), match.get(t)
        if hi and ti and (hi, r, ti) in rels:
            counts[r].tp += 1
            found.add((h, r, t))
    for _, r, _ in rels:
        counts[r].pred += 1
    label_of = {iri: (min(labs) if labs else iri) for (iri, _), labs in ents.items()}
    matched_rels = {(match[h], r, match[t]) for h, r, t in found}
    return DocResult(
        doc=gold["doc"],
        counts=counts,
        entities_missed=[f"{n}/{t}" for n, t, _ in gold_ents if n not in match],
        entities_extra=sorted(f"{label_of[i]}/{t}" for (i, t) in ents if (i, t) not in used),
        relations_missed=[f"{h} -{r}-> {t}" for h, r, t in sorted(gold_rels - found)],
        relations_extra=sorted(
            f"{label_of.get(h, h)} -{r}-> {label_of.get(t, t)}"
            for h, r, t in rels
            if (h, r, t) not in matched_rels
        ),
    )


def evaluate(gold_path: str | Path, paths: list[str | Path], model: Model | None = None) -> EvalResult:
    from graph.files import report_files

    gold = load_gold(gold_path)
    files = {p.name: p for p in report_files(paths)}
    docs, skipped = [], []
    for name in sorted(gold):
        if name not in files:
            continue
        from graph.evaluate_facts import facts_of, score_facts

        try:
            x = extract(files[name], model)
            ents, rels = graph_of(x)
            amounts, date = facts_of(x) if {"amounts", "date"} & set(gold[name]) else ([], None)
        except InputError as exc:
            skipped.append(str(exc))
            ents, rels, amounts, date = {}, set(), [], None
        result = score_doc(gold[name], ents, rels)
        result.counts.update(score_facts(gold[name], amounts, date))
        docs.append(result)
    missing = sorted(set(gold) - set(files))
    return EvalResult(docs, missing, skipped)
