"""graph/bind.py: where a bound value goes in a query's text, and the bindings it refuses. (What the
bound queries answer, on each store and server: tests/test_queries.py, tests/test_queries_remote.py.)"""

import pytest
from rdflib import BNode, Literal, URIRef

from graph.bind import bind, form
from graph.store import open_store
from kgerrors import QueryError

V = {"x": URIRef("urn:v")}


def test_the_value_is_bound_first_in_the_where_group():
    assert bind("SELECT ?x WHERE { ?x ?p ?o }", V) == "SELECT ?x WHERE { BIND(<urn:v> AS ?x) ?x ?p ?o }"
    assert bind("ASK{?x ?p ?o}", V) == "ASK{ BIND(<urn:v> AS ?x)?x ?p ?o}"
    # a CONSTRUCT's template comes first; a projection's EXISTS { } is not the WHERE group
    assert bind("CONSTRUCT { ?x ?p ?o } WHERE { ?x ?p ?o }", V).endswith(
        "WHERE { BIND(<urn:v> AS ?x) ?x ?p ?o }"
    )
    q = "SELECT (EXISTS { ?x ?p 1 } AS ?e) { ?x ?p ?o }"
    assert bind(q, V) == "SELECT (EXISTS { ?x ?p 1 } AS ?e) { BIND(<urn:v> AS ?x) ?x ?p ?o }"
    # a group that is one subquery can hold nothing else: the subquery gets a group of its own
    assert bind("SELECT ?x { SELECT ?x { ?x ?p ?o } }", V) == (
        "SELECT ?x { BIND(<urn:v> AS ?x) { SELECT ?x { ?x ?p ?o } }}"
    )
    assert bind("SELECT ?x { ?x ?p ?o }", {}) == "SELECT ?x { ?x ?p ?o }"


def test_the_value_is_written_as_a_term_never_as_text():
    evil = Literal('a" } ?x ?p ?o . FILTER(true) # \\', lang="zh")
    bound = bind("SELECT ?x { ?s ?p ?x }", {"x": evil})
    assert bound == 'SELECT ?x { BIND("a\\" } ?x ?p ?o . FILTER(true) # \\\\"@zh AS ?x) ?s ?p ?x }'
    s = open_store(None)
    assert s.query(bound).rows == []  # and it parses: one literal
    with pytest.raises(QueryError, match="blank node"):
        bind("SELECT ?x { ?x ?p ?o }", {"x": BNode()})


def test_a_variable_need_not_be_returned_but_must_be_in_the_where_group():
    assert "BIND(<urn:v> AS ?x)" in bind("SELECT ?o { ?x ?p ?o }", V)
    assert "BIND(<urn:v> AS ?x)" in bind("SELECT ?o { { SELECT ?x ?o { ?x ?p ?o } } }", V)
    assert "BIND(<urn:v> AS ?x)" in bind("SELECT ?o { { SELECT * { ?x ?p ?o } } }", V)
    with pytest.raises(QueryError, match=r"no variable \?x \(its variables: \?s \?p\)"):
        bind('SELECT ?s { ?s ?p "?x" } # ?x', V)  # in a string or a comment it is no variable
    with pytest.raises(QueryError, match=r"only used inside a subquery .* \(variables that can be: \?o\)"):
        bind("SELECT ?o { { SELECT ?o { ?x ?p ?o } ORDER BY ?x } }", V)


def test_a_variable_the_query_sets_itself_cannot_be_bound():
    for q in (
        "SELECT (COUNT(*) AS ?x) { ?s ?p ?o }",
        "SELECT ?x { ?s ?p ?o BIND(?o AS ?x) }",
        "SELECT ?n { ?s ?p ?o } GROUP BY (?o AS ?x)",
    ):
        with pytest.raises(QueryError, match=r"sets \?x itself"):
            bind(q, V)
    # set inside a group of its own, it is joined with the bound value, as SPARQL allows
    assert bind("SELECT ?x { { ?s ?p ?o BIND(?o AS ?x) } }", V).startswith("SELECT ?x { BIND(")


def test_what_has_no_where_group_to_bind_in():
    with pytest.raises(QueryError, match="short form"):
        bind("CONSTRUCT WHERE { ?x ?p ?o }", V)
    with pytest.raises(QueryError, match="no WHERE group"):
        bind("DESCRIBE ?x", V)
    with pytest.raises(QueryError, match="only a query"):
        bind("INSERT DATA { <a:b> <a:c> <a:d> }", V)


def test_the_form_of_a_text():
    assert form("# a comment\nPREFIX kg: <urn:k#> BASE <urn:b> select * {}") == "SELECT"
    assert form("PREFIX : <urn:x#> DELETE WHERE { ?s ?p ?o }") == "DELETE"
    assert form("queries/x.rq") == "QUERIES"
    assert form("  ") is None
