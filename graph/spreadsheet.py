"""Cells a spreadsheet will not run, for every CSV written from report text (OWASP "CSV Injection").

Excel, LibreOffice and Google Sheets take a cell that starts with `=`, `+`, `-` or `@` (or a tab or
carriage return before one) for a formula, and formulas can open links, fetch URLs or, through DDE,
run commands. A report may hold any such text, and a remote store may send any. As OWASP recommends,
such a cell gets a leading `'`, which spreadsheets read as "this is text" and do not show; the CSV
stays plain text for other readers, with that one extra character. Numbers are left as they are, but
only the caller knows what is a number: `numeric_literal` says it of an RDF term.
"""

from __future__ import annotations

import re

from rdflib import Literal
from rdflib.namespace import XSD

# OWASP's list, and NUL as ASVS 1.2.10 adds: what a formula may start with
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\0")

NUMERIC_TYPES = frozenset(
    XSD[t]
    for t in [
        "integer",
        "decimal",
        "double",
        "float",
        "long",
        "int",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    ]
)
# the lexical form of a number a spreadsheet reads as one (not INF/NaN, not an ill-typed "=1+1")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def safe_cell(text: str) -> str:
    """`text` as a cell no spreadsheet takes for a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def numeric_literal(term: object) -> bool:
    """A typed number whose written form is a plain number: `-5`^^xsd:integer stays `-5`."""
    return isinstance(term, Literal) and term.datatype in NUMERIC_TYPES and bool(_NUMBER.fullmatch(str(term)))
