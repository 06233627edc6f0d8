"""Relations on seed text, each with evidence that is a slice of the clean text and of the original."""

from tests.conftest import seed


def _rels(x):
    label = {e.key: e.label for e in x.entities}
    return {(label[r.head], r.type, label[r.tail]) for r in x.relations}


def test_subject_district_pursues_its_strategies(extractions):
    rels = _rels(extractions[seed("000").name])
    assert ("市中区", "hasStrategy", "三区战略") in rels
    assert ("市中区", "hasStrategy", "数惠市中行动计划") in rels


def test_projects_lie_in_the_subject_district(extractions):
    rels = _rels(extractions[seed("001").name])
    assert ("比亚迪新能源整车项目", "locatedIn", "济南新旧动能转换起步区") in rels


def test_organization_inside_project_name(extractions):
    rels = _rels(extractions[seed("001").name])
    assert ("比亚迪新能源整车项目", "involves", "比亚迪股份有限公司") in rels


def test_cooperation_agreement(extractions):
    rels = _rels(extractions[seed("000").name])
    assert ("市中区", "cooperatesWith", "中泰证券") in rels


def test_slogan_parts(extractions):
    rels = _rels(extractions[seed("000").name])
    assert ("中优战略", "partOf", "东强、西兴、南美、北起、中优城市发展新格局") in rels


def test_district_hierarchy_from_public_knowledge(extractions):
    rels = _rels(extractions[seed("000").name])
    assert ("市中区", "locatedIn", "济南市") in rels


def test_evidence_points_at_the_text(extractions):
    for x in extractions.values():
        raw = x.report.raw
        for r in x.relations:
            ev = r.evidence
            assert ev.text == x.clean.text[ev.start : ev.end] and ev.text
            assert 0 <= ev.raw_start < ev.raw_end <= len(raw)
            # the first and last characters of the evidence are those of the original
            assert (
                raw[ev.raw_start] in (ev.text[0], "，", "：", "；", "（", "）")
                or ord(raw[ev.raw_start]) > 0xFF00
            )
