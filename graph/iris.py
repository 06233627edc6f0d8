"""The one way IRIs are minted from their parts, so that the same thing gets the same IRI in every
report and every run: entities, reified statements (graph/build.py) and observations
(graph/observations.py)."""

from __future__ import annotations

import hashlib


def digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
