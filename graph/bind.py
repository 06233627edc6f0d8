"""Giving variables of a query their values (`kg query --bind`, the look-ups' names) in a form that every
SPARQL 1.1 engine evaluates the same: `BIND(term AS ?var)` first in the query's WHERE group.

By SPARQL's algebra that is Join(Extend({}, ?var, term), the rest of the group): the query's own
solutions restricted to the value, as an initial binding (rdflib's initBindings) is; the variable need
not be returned. Other forms were tried on the seeds against Virtuoso 7.2 and Oxigraph 0.5:

- a `VALUES` block after the query (what remote stores were sent before): Virtuoso left the join out
  of queries with subqueries, so the strategies of 历下区 were 110 rows, 市中区's among them, not 30;
- `VALUES ?var { term }` first in the WHERE group: Virtuoso answered no rows at all whenever the
  variable comes out of a subquery, as the names do in queries/;
- the term pasted in place of the variable (Jena's substitution, Oxigraph's `substitutions`, which
  only take returned variables): the projection, GROUP BY, ORDER BY, BOUND() and AS would all need
  rewriting, and a subquery that keeps a variable of the same name to itself would be changed.

BIND first in the group is evaluated right by both. The term is written by pyoxigraph in N-Triples
syntax, which SPARQL reads (a literal quoted and escaped, an IRI checked): a value is never query text.
"""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import BNode
from rdflib.term import Node

from graph.sparql_lex import Token, tokens
from graph.store import to_oxigraph
from kgerrors import QueryError

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")


def form(sparql: str) -> str | None:
    """The first keyword after the prologue (PREFIX and BASE declarations), upper case: SELECT, ASK,
    CONSTRUCT or DESCRIBE for a query, INSERT, DELETE, … for an update; None for an empty text."""
    return _form(list(tokens(sparql)))[1]


def bind(sparql: str, bindings: Mapping[str, Node] | None) -> str:
    """`sparql` with each bound variable set by a BIND first in its WHERE group (see the module's
    comment). Raises `QueryError` when a variable cannot be bound there: the query has no such
    variable, keeps it inside a subquery, or sets it itself with `AS`."""
    if not bindings:
        return sparql
    toks = list(tokens(sparql))
    at, kind = _form(toks)
    if kind not in QUERY_FORMS:
        raise QueryError("only a query (SELECT, ASK, CONSTRUCT or DESCRIBE) can be given bound values")
    where = _where_group(toks, at, kind)
    if where is None:
        raise QueryError(f"the {kind} query has no WHERE group to bind ?{next(iter(bindings))} in")
    close = _closing(toks, where)
    carried, assigned = _outer_variables(toks, at, where, close)
    for name in bindings:
        _check(toks, name, carried, assigned)
    binds = "".join(f" BIND({_term(value)} AS ?{name})" for name, value in bindings.items())
    opened, shut = toks[where].end, toks[close].start
    one_subquery = where + 1 < close and toks[where + 1].is_word("SELECT")
    if one_subquery:  # a group that is one subquery takes nothing beside it: it gets a group of its own
        return f"{sparql[:opened]}{binds} {{{sparql[opened:shut]}}}{sparql[shut:]}"
    return f"{sparql[:opened]}{binds}{sparql[opened:]}"


def _term(value: Node) -> str:
    if isinstance(value, BNode):  # in a query a blank node is a variable: it would bind nothing
        raise QueryError("a blank node cannot be bound: give an IRI or a literal")
    return str(to_oxigraph(value))


def _check(toks: list[Token], name: str, carried: set[str], assigned: set[str]) -> None:
    if name in assigned:
        raise QueryError(f"the query sets ?{name} itself (… AS ?{name}), so it cannot be bound")
    if name in carried:
        return
    everywhere = _ordered(t.variable for t in toks if t.variable)
    if name not in everywhere:
        listed = " ".join(f"?{v}" for v in everywhere) or "none"
        raise QueryError(f"the query has no variable ?{name} (its variables: {listed})")
    listed = " ".join(f"?{v}" for v in _ordered(v for v in everywhere if v in carried)) or "none"
    raise QueryError(
        f"?{name} is only used inside a subquery that does not return it, so it cannot be bound"
        f" from outside (variables that can be: {listed})"
    )


def _ordered(names) -> list[str]:
    return list(dict.fromkeys(names))


# ---------------------------------------------------------------- the outline of a query


def _form(toks: list[Token]) -> tuple[int, str | None]:
    """The index and upper-case text of the first word after PREFIX and BASE declarations."""
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.is_word("PREFIX"):
            i += 3  # PREFIX pname: <iri>
        elif t.is_word("BASE"):
            i += 2
        else:
            return i, t.text.upper() if t.kind == "word" else t.text
    return i, None


def _where_group(toks: list[Token], at: int, kind: str) -> int | None:
    """The index of the `{` that opens the query's WHERE group: the first at the top level, or for a
    CONSTRUCT the first after its template."""
    depth, skip = 0, kind == "CONSTRUCT"
    if skip and at + 1 < len(toks) and toks[at + 1].is_word("WHERE"):
        raise QueryError(
            "CONSTRUCT WHERE { … } (the short form) cannot take bound values: write the template out,"
            " CONSTRUCT { … } WHERE { … }"
        )
    i = at + 1
    while i < len(toks):
        t = toks[i]
        if t.kind == "open":
            if depth == 0 and t.text == "{":
                if not skip:
                    return i
                skip = False
                i = _closing(toks, i)  # past the template
            else:
                depth += 1
        elif t.kind == "close":
            depth -= 1
        i += 1
    return None


def _closing(toks: list[Token], i: int) -> int:
    """The index of the bracket that closes the one at `i` (the last token if none does)."""
    depth = 0
    for j in range(i, len(toks)):
        if toks[j].kind == "open":
            depth += 1
        elif toks[j].kind == "close":
            depth -= 1
            if depth == 0:
                return j
    return len(toks) - 1


def _outer_variables(toks: list[Token], at: int, where: int, close: int) -> tuple[set[str], set[str]]:
    """The variables the WHERE group's solutions carry, and those the query sets with `AS` where a
    BIND first in the group would clash: in its projection, GROUP BY, or a BIND of the group itself."""
    assigned: set[str] = set()
    for i in range(at, where):  # the projection (… AS ?v)
        if toks[i].is_word("AS") and toks[i + 1].variable:
            assigned.add(toks[i + 1].variable or "")
    for i in range(close, len(toks) - 1):  # GROUP BY (… AS ?v)
        if toks[i].is_word("AS") and toks[i + 1].variable:
            assigned.add(toks[i + 1].variable or "")
    depth = 0
    for i in range(where + 1, close):  # BIND(… AS ?v) directly in the group
        t = toks[i]
        if t.text == "{":
            depth += 1
        elif t.text == "}":
            depth -= 1
        elif depth == 0 and t.is_word("AS") and toks[i + 1].variable:
            assigned.add(toks[i + 1].variable or "")
    return _carried(toks, where + 1, close), assigned


def _carried(toks: list[Token], i: int, end: int) -> set[str]:
    """Variables of toks[i:end], but for those a subquery keeps to itself (it returns only what it
    projects; SELECT * returns all of its own)."""
    found: set[str] = set()
    while i < end:
        t = toks[i]
        if t.is_word("SELECT"):
            returned, star, body = _projection(toks, i + 1, end)
            found |= returned
            if body is None:
                break
            body_end = _closing(toks, body)
            if star:
                found |= _carried(toks, body + 1, body_end)
            i = _enclosing_end(toks, body_end + 1, end)  # its GROUP BY, ORDER BY, VALUES are its own
            continue
        if t.variable:
            found.add(t.variable)
        i += 1
    return found


def _projection(toks: list[Token], i: int, end: int) -> tuple[set[str], bool, int | None]:
    """A subquery's returned variables, whether it is SELECT *, and the index of its body's `{`."""
    returned: set[str] = set()
    star, depth = False, 0
    while i < end:
        t = toks[i]
        if depth == 0 and t.text == "{":
            return returned, star, i
        if t.kind == "open":
            depth += 1
        elif t.kind == "close":
            depth -= 1
        elif depth == 0 and t.text == "*":
            star = True
        elif depth == 0 and t.variable:
            returned.add(t.variable)
        elif t.is_word("AS") and toks[i + 1].variable:
            returned.add(toks[i + 1].variable or "")
        i += 1
    return returned, star, None


def _enclosing_end(toks: list[Token], i: int, end: int) -> int:
    """The index of the `}` that closes the group the scan is in (`end` if none before it)."""
    depth = 0
    while i < end:
        if toks[i].kind == "open":
            depth += 1
        elif toks[i].kind == "close":
            if depth == 0:
                return i
            depth -= 1
        i += 1
    return end
