"""Candidate pairs: what the relation decision is asked about, on seed text and on long text."""

from __future__ import annotations

from loaders.clean import clean
from loaders.entities import resolve
from loaders.mentions import find_mentions
from loaders.pairs import candidate_pairs
from loaders.read import read
from loaders.records import Report
from loaders.rules import rule_relations
from loaders.segment import segment
from tests.conftest import seed


def _pairs(doc):
    entities = resolve(doc, find_mentions(doc))
    return entities, candidate_pairs(doc, entities, rule_relations(doc, entities))


def test_pairs_respect_domain_and_range_and_carry_the_rules_verdict():
    doc = segment(clean(read(seed("001"))))
    entities, pairs = _pairs(doc)
    allowed = {
        "hasStrategy": ({"District"}, {"Strategy"}),
        "partOf": ({"Strategy"}, {"Strategy"}),
        "includesProject": ({"Strategy"}, {"Project"}),
        "locatedIn": ({"Project", "Organization", "District"}, {"District"}),
        "involves": ({"Project"}, {"Organization"}),
        "cooperatesWith": ({"District", "Organization"}, {"Organization"}),
    }
    assert pairs
    for p in pairs:
        dom, rng = allowed[p.relation]
        assert entities[p.head].type in dom and entities[p.tail].type in rng and p.head != p.tail
    label = {i: e.label for i, e in enumerate(entities)}
    byd = [
        p
        for p in pairs
        if (label[p.head], p.relation, label[p.tail])
        == ("比亚迪新能源整车项目", "involves", "比亚迪股份有限公司")
    ]
    assert byd and byd[0].features["tail_in_head_name"] == 1.0 and byd[0].features["stated_by_rules"] == 1.0
    # the subject district is paired with every entity, however far
    subject = next(i for i, e in enumerate(entities) if e.label == "济南新旧动能转换起步区")
    far = {p.head for p in pairs if p.tail == subject and p.relation == "locatedIn"}
    assert len(far) >= sum(1 for e in entities if e.type == "Project") * 0.9


def test_pairs_grow_with_the_text_not_with_its_square():
    # a report naming n different projects and companies: all pairs would grow as n^2
    han = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"
    counts = []
    for n in (20, 200):
        names = [han[i % 22] + han[(i // 22) % 22] + han[(i // 484) % 22] for i in range(n)]
        text = "市中区加快建设重点项目。\n" + "\n".join(
            f"{x}智能制造产业园项目开工建设,{x}科技有限公司投资建设该项目。" for x in names
        )
        doc = segment(clean(Report("r.txt", "r.txt", text, "utf-8", "0" * 64)))
        entities, pairs = _pairs(doc)
        counts.append((len(entities), len(pairs)))
    (e1, p1), (e2, p2) = counts
    assert e2 > 5 * e1  # ten times the names, many more entities
    assert p2 < 20 * p1 and p2 < e2 * e2 / 4  # pairs grow about linearly, far below all pairs
