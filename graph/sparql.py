"""Running SPARQL for users: query text or `@file.rq`, bound names, results in the standard formats.

`json` is SPARQL 1.1 Query Results JSON, `xml` the SPARQL Query Results XML Format (rdflib writes it),
`csv`/`tsv` the SPARQL 1.1 CSV/TSV results formats; CONSTRUCT and DESCRIBE results are RDF (Turtle,
N-Triples, RDF/XML or JSON-LD, written by rdflib). `RESULT_TYPES` and `GRAPH_TYPES` name them by
media type, for the endpoint's content negotiation.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.term import Node

from graph.bind import QUERY_FORMS, UPDATE_WORDS, bind, form
from graph.formats import QUERY_FORMATS
from graph.lookup import normalise, stored_name
from graph.spreadsheet import numeric_literal, safe_cell
from graph.store import PREFIXES, GraphStore, QueryResult
from kgerrors import QueryError

FORMATS = QUERY_FORMATS
NAME_LANG = "zh"  # the language tag of every rdfs:label and skos:altLabel (graph/build.py)


def query_text(arg: str) -> str:
    """The query itself, or the contents of the file named after `@`."""
    if arg.startswith("@"):
        path = Path(arg[1:])
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise QueryError(f"{path}: no such query file") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"{path}: cannot read the query file ({exc})") from None
    else:
        text = arg
    if not text.strip():
        raise QueryError("empty query")
    _check_form(arg, text)
    return text


def _check_form(arg: str, text: str) -> None:
    """Say what is wrong with a text that is no query, before the engine says it less clearly (an
    update or a file name fails to parse there with "expected CONSTRUCT")."""
    kind = form(text)
    if kind in UPDATE_WORDS:
        raise QueryError(
            f"updates are refused: kg query only reads the store ({kind} would change it; kg build writes it)"
        )
    if kind not in QUERY_FORMS and not arg.startswith("@") and _looks_like_a_file(arg):
        raise QueryError(f"{arg!r} is not a SPARQL query: to run the query in that file, write @{arg}")


def _looks_like_a_file(arg: str) -> bool:
    if "\n" in arg or len(arg) > 1024:
        return False
    if arg.lower().endswith((".rq", ".sparql", ".txt")):
        return True
    try:
        return Path(arg).is_file()
    except OSError:  # not a name the system takes
        return False


def parse_binding(arg: str) -> tuple[str, Node]:
    """`--bind NAME=VALUE`: `<IRI>` binds an IRI; anything else is an entity name, normalised as the
    loaders normalise names (full-width forms, traditional characters, quotes: graph/lookup.py) and
    bound as the graph writes names (a literal tagged `@zh`). The value never becomes query text."""
    name, sep, value = arg.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise QueryError(f"--bind {arg!r}: expected NAME=VALUE, NAME a query variable (e.g. district=历下区)")
    value = value.strip()
    if not value:
        raise QueryError(f"--bind {arg!r}: empty value")
    if value.startswith("<") and value.endswith(">"):
        if not _IRI.fullmatch(value[1:-1]):
            raise QueryError(
                f"--bind {arg!r}: not an IRI (an IRI has a scheme, and no spaces, quotes or <>{{}})"
            )
        return name, URIRef(value[1:-1])
    normal = normalise(value)
    if not normal:
        raise QueryError(f"--bind {arg!r}: no name left once normalised (quotes and spaces are dropped)")
    return name, Literal(normal, lang=NAME_LANG)


_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|\\^`]*")


def run(
    store: GraphStore,
    arg: str,
    bindings: Mapping[str, Node] | None = None,
) -> QueryResult:
    """The query `arg` (text or `@file`) with `bindings`."""
    return run_text(store, query_text(arg), bindings)


def run_text(
    store: GraphStore,
    text: str,
    bindings: Mapping[str, Node] | None = None,
) -> QueryResult:
    """The query `text` with `bindings`, each name bound as the graph writes it (graph/lookup.py).

    A bound name no entity has is refused, with the closest names, as every look-up refuses one: a
    misspelt name would otherwise answer with no rows, which reads as "nothing is known"."""
    bind(text, bindings)  # a variable the query cannot take fails here, before names are looked up
    bound = dict(bindings or {})
    for var, value in bound.items():
        if isinstance(value, Literal) and value.language == NAME_LANG:
            stored, closest = stored_name(store, str(value))
            bound[var] = Literal(stored, lang=NAME_LANG)
            if closest is not None:
                near = f"; closest names: {', '.join(closest)}" if closest else ""
                raise QueryError(f"no entity is named {stored!r} (the value of ?{var}){near}")
    return store.query(text, bound)


# ---------------------------------------------------------------- writers


def to_json(res: QueryResult) -> str:
    if res.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(res.boolean)}, ensure_ascii=False, indent=1)
    if res.kind == "graph":
        raise QueryError("CONSTRUCT/DESCRIBE results are RDF: use --format table (Turtle) or kg export")
    bindings = []
    for row in res.rows:
        b = {}
        for var, term in zip(res.vars, row, strict=True):
            if term is not None:
                b[var] = _json_term(term)
        bindings.append(b)
    return json.dumps(
        {"head": {"vars": res.vars}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=1
    )


def _json_term(t: Node) -> dict:
    if isinstance(t, URIRef):
        return {"type": "uri", "value": str(t)}
    if isinstance(t, BNode):
        return {"type": "bnode", "value": str(t)}
    assert isinstance(t, Literal)
    d = {"type": "literal", "value": str(t)}
    if t.language:
        d["xml:lang"] = t.language
    elif t.datatype:
        d["datatype"] = str(t.datatype)
    return d


def to_csv(res: QueryResult) -> str:
    """SPARQL 1.1 CSV: plain values, IRIs bare, blank nodes as _:b; a value a spreadsheet would run as
    a formula gets a leading `'` (graph/spreadsheet.py), typed numbers excepted."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    if res.kind == "ask":
        w.writerow(["boolean"])
        w.writerow(["true" if res.boolean else "false"])
        return buf.getvalue()
    _select_only(res)
    w.writerow(res.vars)
    for row in res.rows:
        w.writerow([_csv_cell(t) for t in row])
    return buf.getvalue()


def _csv_cell(t: Node | None) -> str:
    if t is None:
        return ""
    if isinstance(t, BNode):
        return f"_:{t}"
    return str(t) if numeric_literal(t) else safe_cell(str(t))


def to_tsv(res: QueryResult) -> str:
    """SPARQL 1.1 TSV: terms in Turtle syntax, ?vars in the header."""
    if res.kind == "ask":
        return "?boolean\n" + ("true" if res.boolean else "false") + "\n"
    _select_only(res)
    lines = ["\t".join("?" + v for v in res.vars)]
    for row in res.rows:
        lines.append("\t".join("" if t is None else _tsv_term(t) for t in row))
    return "\n".join(lines) + "\n"


def _tsv_term(t: Node) -> str:
    if isinstance(t, Literal) and t.datatype is None and not t.language:
        return Literal(str(t)).n3()
    return t.n3()


def to_xml(res: QueryResult) -> str:
    """SPARQL Query Results XML, written by rdflib."""
    from rdflib.query import Result

    if res.kind == "ask":
        r = Result("ASK")
        r.askAnswer = bool(res.boolean)
    else:
        _select_only(res)
        r = Result("SELECT")
        r.vars = [Variable(v) for v in res.vars]
        r.bindings = [
            {Variable(v): t for v, t in zip(res.vars, row, strict=True) if t is not None} for row in res.rows
        ]
    return r.serialize(format="xml").decode("utf-8")


def to_rdf(res: QueryResult, fmt: str = "turtle") -> str:
    """CONSTRUCT/DESCRIBE triples in an rdflib format (`turtle`, `nt`, `xml`, `json-ld`)."""
    if res.kind != "graph":
        raise QueryError("only CONSTRUCT and DESCRIBE results are RDF graphs")
    g = Graph()
    for k, v in PREFIXES.items():
        g.bind(k, v)
    for t in res.triples:
        g.add(t)
    return g.serialize(format=fmt)


def to_turtle(res: QueryResult) -> str:
    return to_rdf(res, "turtle")


# Media types, for content negotiation: SELECT/ASK results, and CONSTRUCT/DESCRIBE graphs.
RESULT_TYPES: dict[str, Callable[[QueryResult], str]] = {
    "application/sparql-results+json": to_json,
    "application/sparql-results+xml": to_xml,
    "text/csv": to_csv,
    "text/tab-separated-values": to_tsv,
}
GRAPH_TYPES: dict[str, str] = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}


def serialize(res: QueryResult, media_type: str) -> str:
    """`res` in the format named by one of `RESULT_TYPES` (SELECT/ASK) or `GRAPH_TYPES` (graphs)."""
    if res.kind == "graph":
        return to_rdf(res, GRAPH_TYPES[media_type])
    return RESULT_TYPES[media_type](res)


def _select_only(res: QueryResult) -> None:
    if res.kind != "select":
        raise QueryError("CONSTRUCT/DESCRIBE results are RDF: use --format table (Turtle) or kg export")


def short(term: Node | None) -> str:
    """A compact rendering for tables: prefixed IRIs, plain literal values."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        s = str(term)
        for prefix, ns in PREFIXES.items():
            if s.startswith(ns):
                return f"{prefix}:{s[len(ns) :]}"
        return s
    return str(term)
