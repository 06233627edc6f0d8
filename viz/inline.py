"""Self-contained HTML pages: scripts and styles inlined into a template, allowed by their hashes.

Shared by the graph page (viz/html.py) and kg serve's query page (endpoint/query_page.py): both work
offline and forbid every request their own content does not need, so nothing is loaded from elsewhere.
"""

from __future__ import annotations

import base64
import hashlib
import re

from kgerrors import KgError


def csp_source(text: str) -> str:
    """The Content-Security-Policy source that allows exactly this inline script or style."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def check_inlinable(name: str, text: str, element: str) -> None:
    """Refuse an asset that would end its `<script>` or `<style>` element early and spill into the page."""
    end = f"</{element}"
    if end in text.lower():
        raise KgError(f"{name} contains {end!r}: cannot inline it")


def fill(template: str, slots: dict[str, str]) -> str:
    """`@@NAME@@` slots of `template` filled in one pass, so no inserted text is scanned for more."""
    return re.sub(r"@@([A-Z]+)@@", lambda m: slots[m.group(1)], template)
