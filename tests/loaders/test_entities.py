"""Entity resolution: one entity per thing, fullest name as label, the other names as aliases."""

from tests.conftest import seed


def _by_label(x):
    return {e.label: e for e in x.entities}


def _find(x, name):
    for e in x.entities:
        if e.label == name or name in e.aliases:
            return e
    return None


def test_quoted_slogan_and_its_name_are_one_entity(extractions):
    x = extractions[seed("000").name]
    e = _find(x, "三区战略")
    assert e is not None and e.type == "Strategy" and "三区" in e.aliases


def test_divisions_take_their_canonical_name(extractions):
    x = extractions[seed("000").name]
    assert _by_label(x)["济南市"].type == "District"
    assert _by_label(x)["市中区"].type == "District"


def test_known_short_names_resolve(extractions):
    x = extractions[seed("001").name]
    e = _find(x, "国电投")
    assert e is not None and e.type == "Organization" and e.label == "国家电力投资集团有限公司"


def test_bare_head_names_its_entity(extractions):
    x = extractions[seed("001").name]
    e = _find(x, "起步区")
    assert e is not None and e.label == "济南新旧动能转换起步区" and e.type == "District"


def test_each_entity_once_and_keys_unique(extractions):
    for x in extractions.values():
        keys = [e.key for e in x.entities]
        assert len(keys) == len(set(keys))
        for e in x.entities:
            assert e.label not in e.aliases and e.mentions
