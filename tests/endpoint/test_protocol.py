"""The SPARQL 1.1 Protocol rules, without a socket: which query a request carries, which format answers."""

import pytest

from endpoint.protocol import GRAPH_OFFERS, RESULT_OFFERS, Refused, Request, is_update, negotiate, query_of

Q = "SELECT * WHERE { ?s ?p ?o }"
FORM = "application/x-www-form-urlencoded"


@pytest.mark.parametrize(
    "req",
    [
        Request("GET", "query=SELECT%20*%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D"),
        Request("POST", "", FORM, b"query=SELECT+*+WHERE+%7B+%3Fs+%3Fp+%3Fo+%7D"),
        Request("POST", "", "application/sparql-query", Q.encode()),
    ],
)
def test_the_three_ways_to_send_a_query(req):
    assert query_of(req) == Q


@pytest.mark.parametrize(
    "req, status",
    [
        (Request("POST", "", "application/sparql-update", b"DROP ALL"), 403),
        (Request("POST", "", FORM, b"update=DROP+ALL"), 403),
        (Request("GET", "update=DROP+ALL"), 403),
        (Request("GET", ""), 400),
        (Request("GET", "query=a&query=b"), 400),
        (Request("GET", "query=%20"), 400),
        (Request("GET", "query=ASK%7B%7D&default-graph-uri=urn:x"), 400),
        (Request("POST", "", FORM, b"query=%FF"), 400),
        (Request("POST", "", "application/sparql-query", b"\xff"), 400),
        (Request("POST", "", "text/plain", b"ASK {}"), 415),
        (Request("PUT", "", "text/turtle", b""), 405),
    ],
)
def test_requests_that_are_refused(req, status):
    with pytest.raises(Refused) as err:
        query_of(req)
    assert err.value.status == status and "\n" not in err.value.reason


@pytest.mark.parametrize(
    "accept, offers, media",
    [
        (None, RESULT_OFFERS, "application/sparql-results+json"),
        ("*/*", RESULT_OFFERS, "application/sparql-results+json"),
        ("application/sparql-results+xml", RESULT_OFFERS, "application/sparql-results+xml"),
        ("text/csv;q=0.5, text/tab-separated-values", RESULT_OFFERS, "text/tab-separated-values"),
        ("application/json", RESULT_OFFERS, "application/json"),
        ("text/*;q=0.9, application/sparql-results+json;q=0.1", RESULT_OFFERS, "text/csv"),
        ("text/html, */*;q=0.1", RESULT_OFFERS, "application/sparql-results+json"),
        (None, GRAPH_OFFERS, "text/turtle"),
        ("application/n-triples", GRAPH_OFFERS, "application/n-triples"),
        ("application/ld+json", GRAPH_OFFERS, "application/ld+json"),
        ("application/rdf+xml, text/turtle;q=0.5", GRAPH_OFFERS, "application/rdf+xml"),
    ],
)
def test_content_negotiation(accept, offers, media):
    assert negotiate(accept, offers)[0] == media


def test_nothing_acceptable_is_406():
    for accept in ("text/html", "image/png, text/csv;q=0"):
        with pytest.raises(Refused) as err:
            negotiate(accept, RESULT_OFFERS)
        assert err.value.status == 406
    with pytest.raises(Refused):
        negotiate("text/csv", GRAPH_OFFERS)


def test_updates_are_told_apart_from_broken_queries():
    assert is_update("PREFIX kg: <urn:x#> DELETE WHERE { ?s kg:p ?o }")
    assert is_update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert not is_update("SELEC ?x") and not is_update(Q)
