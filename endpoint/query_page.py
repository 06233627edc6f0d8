"""The query page `kg serve` shows at `/`: an editor, the saved queries, a Run button, a results table.

The page is static — the same bytes whatever the store holds — so it is served at once; the saved
queries come from `/queries.json` and the counts from the endpoint itself, both fetched by its script
after it has drawn. It works with no network beyond the server: script and style are inline, and its
Content-Security-Policy lets it run only its own script (by hash) and connect only to its own origin.
Answers hold report text, which the script writes only as text (assets/query.js).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path

from kgerrors import InputError
from viz.inline import check_inlinable, csp_source, fill

# checked out or installed editable, the repository's saved queries; else those where kg is run
SAVED = (Path(__file__).resolve().parents[1] / "queries", Path("queries"))


@cache
def page() -> bytes:
    """The page's HTML (built once: it depends on nothing but the assets)."""
    js, css = _asset("query.js"), _asset("query.css")
    check_inlinable("query.js", js, "script")
    check_inlinable("query.css", css, "style")
    return fill(_asset("query.html"), {"CSP": csp(header=False), "JS": js, "CSS": css}).encode("utf-8")


@cache
def csp(header: bool = True) -> str:
    """The policy, sent as a header and written in the page; only the header can forbid framing
    (a browser ignores `frame-ancestors` in a `<meta>`, and says so in its console)."""
    rules = [
        "default-src 'none'",
        f"script-src {csp_source(_asset('query.js'))}",
        f"style-src {csp_source(_asset('query.css'))}",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
    ]
    return "; ".join([*rules, "frame-ancestors 'none'"] if header else rules)


def saved_folder(given: str | Path | None = None) -> Path | None:
    """The folder of saved queries: the one given, else the first of SAVED that exists."""
    if given is not None:
        if not Path(given).is_dir():
            raise InputError(f"{given}: no such folder of saved queries")
        return Path(given).resolve()
    return next((p.resolve() for p in SAVED if p.is_dir()), None)


def saved_queries(folder: Path | None) -> list[dict[str, str]]:
    """Each `.rq` file of `folder`, by name: its text, and the title and description its opening
    comment gives (`# Projects per district: how many projects each district has, …`)."""
    if folder is None or not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.glob("*.rq")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # one unreadable file leaves the others listed
        title, description = _heading(text)
        out.append({"name": path.name, "title": title or path.stem, "description": description, "text": text})
    return out


def saved_json(folder: Path | None) -> bytes:
    return json.dumps(saved_queries(folder), ensure_ascii=False).encode("utf-8")


def _heading(text: str) -> tuple[str, str]:
    """The opening comment's first paragraph, split at its first colon: (title, the whole paragraph)."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("#") or not line.strip("# "):
            break
        lines.append(line.lstrip("#").strip())
    paragraph = " ".join(lines)
    title = paragraph.split(":", 1)[0] if ":" in paragraph else paragraph
    return title.strip(), paragraph


@cache
def _asset(name: str) -> str:
    return resources.files("endpoint").joinpath("assets", name).read_text(encoding="utf-8")
