"""The endpoint against pages in a real browser (headless Debian Chromium): DNS rebinding, a foreign
page's script, and the one-GET crash an <img> could send. Skipped where /usr/bin/chromium is missing.

Chromium's --host-resolver-rules stand in for an attacker's DNS: `evil.example` resolves to loopback,
as it would after a rebinding.
"""

from __future__ import annotations

import contextlib
import urllib.parse

import pytest

from tests.hostile.served import kg_serve
from tests.hostile.test_endpoint_hostile import ASK, DEEP, answers
from tests.viz.browser import CHROMIUM, chromium, page_site

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")

RULES = "--host-resolver-rules=MAP evil.example 127.0.0.1, MAP attacker.example 127.0.0.1"


@contextlib.contextmanager
def attacker_site(endpoint_port: int):
    """A page on another origin that tries to read the endpoint and to crash it."""
    deep = urllib.parse.quote(DEEP)
    ask = urllib.parse.quote(ASK)
    page = f"""<!doctype html><meta charset="utf-8"><body>
<img id="bomb" src="http://127.0.0.1:{endpoint_port}/sparql?query={deep}">
<script>
window.result = fetch("http://127.0.0.1:{endpoint_port}/sparql?query={ask}")
  .then(r => r.text().then(t => "read " + r.status + " " + t), e => "blocked " + e.name);
</script>""".encode()

    with page_site(page) as port:
        yield f"http://attacker.example:{port}/"


@pytest.fixture(scope="module")
def browser():
    with chromium(network=True, args=(RULES,)) as ctx:
        yield ctx


@pytest.fixture(scope="module")
def server(seed_store):
    with kg_serve(seed_store, "--timeout", "5") as s:
        yield s


def test_a_rebound_name_gets_nothing(browser, server):
    page = browser.new_page()
    res = page.goto(f"http://evil.example:{server.port}/")
    assert res.status == 403 and "names it was bound to" in page.inner_text("body")
    # script of that page, same-origin for the browser, reads only the refusal
    answer = page.evaluate("fetch('/sparql?query=ASK%7B%7D').then(r => r.status + ' ' + r.url)")
    assert answer.startswith("403 ")
    page.close()


def test_the_page_under_its_own_name_is_served(browser, server):
    page = browser.new_page()
    res = page.goto(f"{server.url}/")
    assert res.status == 200 and "发展报告知识图谱" in page.content()
    page.close()


def test_a_foreign_page_can_neither_read_nor_crash_the_endpoint(browser, server):
    with attacker_site(server.port) as url:
        page = browser.new_page()
        page.goto(url)
        outcome = page.evaluate("window.result")
        page.wait_for_function("document.getElementById('bomb').complete")
        page.close()
    assert outcome.startswith("blocked"), outcome
    assert server.process.poll() is None and answers(server)
