"""SPARQL text as tokens, read as SPARQL's lexer reads it: comments and white space skipped, strings and
IRIs taken whole, so that nothing inside them passes for a bracket, a keyword or a variable.

It is a scanner, not a parser: where it is unsure (a `<` that opens no IRI) it takes an operator. Both
of its users only need the brackets, words and variables of a text: graph/query_guard.py counts them,
graph/bind.py finds where a query's WHERE group opens and which variables it carries.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

TOKENS = re.compile(
    r"""
    (?P<skip>\#[^\r\n]*|\s+)
    |(?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
        |"(?:[^"\\\r\n]|\\.)*"|'(?:[^'\\\r\n]|\\.)*')
    |(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    |(?P<number>(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?)
    |(?P<word>[?$]?[^\s(){}\[\]<>"',;|/+*=!^&\#.]+(?:\.+[^\s(){}\[\]<>"',;|/+*=!^&\#.]+)*)
    |(?P<open>[({\[])
    |(?P<close>[)}\]])
    |(?P<op>\|\||&&|!=|<=|>=|\^\^|[.;|/+*=<>!^&-])
    |(?P<other>.)
    """,
    re.X | re.S,
)
_VARIABLE = re.compile(r"[?$](\w+)")


@dataclass(frozen=True)
class Token:
    kind: str  # a group name of TOKENS: string, iri, number, word, open, close, op, other
    text: str
    start: int  # offsets in the text
    end: int

    def is_word(self, *words: str) -> bool:
        """A keyword, in any case (SPARQL's keywords are case-insensitive)."""
        return self.kind == "word" and self.text.upper() in words

    @property
    def variable(self) -> str | None:
        """The variable's name without `?` or `$`, if the token is one."""
        m = _VARIABLE.fullmatch(self.text) if self.kind == "word" else None
        return m.group(1) if m else None


def tokens(text: str) -> Iterator[Token]:
    for m in TOKENS.finditer(text):
        if m.lastgroup != "skip":
            yield Token(m.lastgroup or "other", m.group(), m.start(), m.end())
