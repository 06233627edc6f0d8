"""Finding entities by what users type: labels, aliases, normalised forms, IRIs, near misses."""

import hashlib
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.lookup import AmbiguousName, complete_names, curie, find_entity, lookup
from graph.store import open_store
from graph.views import entity_graph
from kgerrors import QueryError
from tests.tiny_store import COMPANY, GROUP, make_tiny_store


@pytest.fixture(scope="module")
def store(seed_store):
    s = open_store(seed_store, read_only=True)
    yield s
    s.close()


@pytest.fixture()
def tiny():
    s = make_tiny_store()
    yield s
    s.close()


def test_an_alias_finds_the_entity_with_its_canonical_name(store):
    e = lookup(store, "起步区")
    assert e.label == "济南新旧动能转换起步区" and e.type == "District"
    assert "起步区" in e.aliases
    assert e.reports and all(r.endswith(".txt") for r in e.reports)


@pytest.mark.parametrize("typed", ["比亚迪", "比亞迪", " 比亚迪 ", "“比亚迪”"])
def test_names_are_normalised_as_report_text_is(store, typed):
    assert lookup(store, typed) == lookup(store, "比亚迪")


def test_misspelling_suggests_the_right_entity(store):
    with pytest.raises(QueryError, match="did you mean: 中泰证券"):
        lookup(store, "中泰证劵")


def test_an_iri_or_its_short_form_finds_the_entity(store):
    e = lookup(store, "市中区")
    assert lookup(store, e.iri) == e == lookup(store, curie(e.iri))
    with pytest.raises(QueryError, match="no entity with IRI"):
        lookup(store, curie(e.iri) + "0")


def test_a_name_shared_by_two_entities_lists_both(tiny):
    with pytest.raises(AmbiguousName) as err:
        lookup(tiny, "甲")
    assert {e.label for e in err.value.choices} == {"甲公司", "甲项目"}
    assert "id:organization/tiny-a" in str(err.value)


def test_a_canonical_label_wins_over_an_alias(tiny):
    assert lookup(tiny, "甲公司").iri == str(COMPANY)


def test_a_label_stored_with_a_space_is_found_by_its_normalised_form(tiny):
    assert lookup(tiny, "乙集团").iri == str(GROUP)


def test_the_networkx_view_resolves_names_the_same_way(store):
    g = entity_graph(store)
    assert find_entity(g, "起步区") == lookup(store, "起步区").iri
    with pytest.raises(QueryError, match="中泰证券"):
        find_entity(g, "中泰证劵")


def test_completion_offers_names_starting_with_what_was_typed(store):
    names = complete_names(store, "比亚")
    assert "比亚迪新能源整车项目" in names and all(n.startswith("比亚") for n in names)


NASTY = [
    '"} ; DROP ALL ; {"',
    "'}} INSERT DATA { <a:b> <a:c> <a:d> } #",
    '市中区" } UNION { ?s ?p ?o',
    "\\u0022}{",
    "<http://x>",
    "{{{{",
    '"""',
    "$name",
]


def _digest(s) -> str:
    out = io.BytesIO()
    s.dump("nq", out)
    return hashlib.sha256(out.getvalue()).hexdigest()


def _recording(s):
    """The store, with every query text it is sent kept in `s.texts`."""
    texts = []
    query = s.query

    def spy(text, bindings=None):
        texts.append(text)
        return query(text, bindings)

    s.query, s.texts = spy, texts
    return s


@pytest.mark.parametrize("name", NASTY)
def test_names_full_of_quotes_and_braces_go_into_sparql_only_as_bound_values(fresh_store, name):
    s = _recording(open_store(fresh_store))  # writable on purpose: nothing may change it
    before = _digest(s)
    with pytest.raises(QueryError):
        lookup(s, name)
    assert not any(name.strip() in t for t in s.texts)
    assert _digest(s) == before
    s.close()


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="\"'{}<>?$#\\;.*()“”「」《》 \n中泰证券市区比亚迪起步ABCx0", max_size=12))
def test_any_text_is_either_found_or_refused_cleanly(store, name):
    try:
        e = lookup(store, name)
    except QueryError as exc:
        assert "\n" not in str(exc)
    else:
        assert e.label and e.type
