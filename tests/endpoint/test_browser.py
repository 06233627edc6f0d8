"""The query page and CORS in a real browser (headless Debian Chromium), every request blocked but
those to the server itself. Skipped where /usr/bin/chromium is missing.
"""

from __future__ import annotations

import contextlib

import pytest

from graph.store import open_store
from tests.conftest import ROOT, seed
from tests.endpoint.test_server import running
from tests.viz.browser import CHROMIUM, Watch, chromium, page_site

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")

HOSTILE = "<img src=x onerror=alert(1)>"
PROJECTS = """PREFIX kg: <https://w3id.org/devreport-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?name WHERE { GRAPH ?g { ?d a kg:District ; rdfs:label ?name } }"""


@pytest.fixture(scope="module")
def browser():
    pytest.importorskip("playwright.sync_api")
    with chromium(network=True, args=("--host-resolver-rules=MAP app.example 127.0.0.1",)) as ctx:
        yield ctx


def open_query_page(ctx, url: str):
    """The page at `url`/ in a new tab, where only requests to `url` go through; (page, Watch)."""
    page = ctx.new_page()
    watch = Watch()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(url + "/") else r.abort())
    page.on("request", lambda r: watch.requests.append(r.url))
    page.on("console", lambda m: watch.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: watch.errors.append(str(e)))
    page.on("dialog", lambda d: (watch.dialogs.append(d.message), d.dismiss()))
    page.goto(url + "/")
    page.wait_for_function("() => window.kgQueryReady === true", timeout=30_000)
    return page, watch


def run_saved(page, name: str) -> None:
    page.click(f"#saved button[data-name='{name}']")
    page.click("#run")
    page.wait_for_function("() => window.kgRuns >= 1", timeout=60_000)


def test_a_saved_query_one_click_away_runs_and_shows_rows(browser, seed_store):
    with running(seed_store, workers=2) as (url, store):
        page, watch = open_query_page(browser, url)
        text = (ROOT / "queries" / "projects-per-district.rq").read_text(encoding="utf-8")
        run_saved(page, "projects-per-district.rq")
        assert page.input_value("#query") == text
        header = page.eval_on_selector_all("#result thead th", "ths => ths.map(t => t.textContent)")
        assert header == ["district", "projects"]
        rows = page.eval_on_selector_all(
            "#result tbody tr", "trs => trs.map(tr => [...tr.cells].map(td => td.textContent))"
        )
        want = {(str(d), str(n)) for d, n in store.query(text).rows}
        assert {(d.removesuffix("@zh"), n) for d, n in rows} == want and len(rows) > 3
        page.wait_for_function("() => document.getElementById('counts').textContent.length > 0")
        assert page.inner_text("#counts").startswith("5 ")  # the seeds: five reports
        assert watch.errors == [] and watch.dialogs == []  # nothing the CSP had to block, either
        assert watch.requests and all(r.startswith(url + "/") for r in watch.requests)
        page.close()


def test_a_typed_query_and_an_error(browser, seed_store):
    with running(seed_store, workers=2) as (url, _):
        page, watch = open_query_page(browser, url)
        page.fill("#query", PROJECTS)
        page.press("#query", "Control+Enter")
        page.wait_for_function("() => window.kgRuns >= 1", timeout=60_000)
        assert "历下区" in page.inner_text("#result")
        page.fill("#query", "SELEC ?x")
        page.click("#run")
        page.wait_for_function("() => window.kgRuns >= 2", timeout=60_000)
        assert "HTTP 400" in page.inner_text("#status")
        page.close()


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    """The seed report 004 under a file name holding markup, with markup in one of its sentences."""
    from graph.ingest import build

    tmp = tmp_path_factory.mktemp("hostile")
    text = seed("004").read_text(encoding="utf-8")
    sentence = "市中区建立“五个一”网格化工作推进机制"
    assert sentence in text
    folder = tmp / "in"
    folder.mkdir()
    (folder / f"{HOSTILE}.txt").write_text(text.replace(sentence, sentence + HOSTILE, 1), encoding="utf-8")
    s = open_store(tmp / "store")
    build([folder], s)
    s.close()
    return tmp / "store"


def test_markup_in_the_results_runs_nothing(browser, hostile_store):
    with running(hostile_store, workers=2) as (url, _):
        page, watch = open_query_page(browser, url)
        run_saved(page, "provenance.rq")
        cells = page.eval_on_selector_all("#result td", "tds => tds.map(td => td.textContent)")
        assert sum(HOSTILE in c for c in cells) > 1  # the report's name and the sentence, shown as text
        page.wait_for_timeout(300)
        assert watch.dialogs == [] and watch.errors == []
        assert page.evaluate("document.querySelectorAll('img, [onerror]').length") == 0
        page.close()


# ---------------------------------------------------------------- CORS, as a browser enforces it


@contextlib.contextmanager
def app_site():
    """A page of another origin (http://app.example:PORT) whose script POSTs a SPARQL query to the
    endpoint named in its URL, with a Content-Type that makes the browser send a preflight first."""
    page = b"""<!doctype html><meta charset="utf-8"><script>
const endpoint = new URLSearchParams(location.search).get("endpoint");
window.result = fetch(endpoint, {method: "POST", body: "ASK { ?s ?p ?o }",
    headers: {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}})
  .then(r => r.json()).then(d => "read " + d.boolean, e => "blocked " + e.name);
</script>"""

    with page_site(page) as port:
        yield f"http://app.example:{port}"


def _read_from(browser, origin: str, endpoint: str) -> str:
    page = browser.new_page()
    page.goto(f"{origin}/?endpoint={endpoint}/sparql")
    outcome = page.evaluate("window.result")
    page.close()
    return outcome


def test_a_page_of_an_allowed_origin_reads_and_others_do_not(browser, seed_store):
    with app_site() as origin:
        with running(seed_store, workers=1, cors=[origin]) as (url, _):
            assert _read_from(browser, origin, url) == "read true"
        with running(seed_store, workers=1) as (url, _):
            assert _read_from(browser, origin, url).startswith("blocked")
