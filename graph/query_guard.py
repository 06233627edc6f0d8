"""Refuse the query texts that crash the SPARQL engine before it sees them.

Oxigraph parses and evaluates recursively, on the calling thread's stack: measured with pyoxigraph
0.5 on an 8 MB stack, `ASK {` + 3,000 nested `{` + `}` ends the process with a segmentation fault
(2,000 pass), and so do flat chains that the parser folds into a deep tree: 10,000 × `+`, `||`,
`UNION`, `/`, `OPTIONAL` or triple patterns joined by `.` (5,000 pass). Comma lists (`VALUES`, `IN`,
function arguments) are flat and stay safe at 200,000 items. The limits below sit well under the
measured crash points and far above what a person or a tool writes.

The text is scanned, not parsed (graph/sparql_lex.py): strings, IRIs and comments are skipped as
SPARQL's lexer skips them, brackets and operators counted. Where the scan is unsure it over-counts (a
`<` that opens no IRI is an operator), so a miscount can only refuse a query of silly size.
"""

from __future__ import annotations

from graph.sparql_lex import TOKENS
from kgerrors import QueryError

MAX_DEPTH = 128  # brackets ( { [ open at once
MAX_CHAIN = 2_000  # operators and joins the parser folds into one deep tree

_CHAIN_WORDS = {"UNION", "OPTIONAL", "MINUS"}


def check_query(text: str) -> None:
    """Raise `QueryError` (one line) when `text` nests or chains deeper than the engine survives."""
    depth = deepest = chain = 0
    for m in TOKENS.finditer(text):
        kind = m.lastgroup
        if kind == "open":
            depth += 1
            deepest = max(deepest, depth)
        elif kind == "close":
            depth = max(depth - 1, 0)
        elif kind == "op" or (kind == "word" and m.group().upper() in _CHAIN_WORDS):
            chain += 1
    if deepest > MAX_DEPTH:
        raise QueryError(
            f"query refused: brackets nested {deepest} levels deep (at most {MAX_DEPTH}),"
            " deeper than the SPARQL engine can parse safely"
        )
    if chain > MAX_CHAIN:
        raise QueryError(
            f"query refused: {chain} operators and joins (at most {MAX_CHAIN}),"
            " more than the SPARQL engine can parse safely; use VALUES for long lists"
        )
