"""Headless Debian Chromium driven by playwright, with every network request blocked and recorded.

Never a downloaded browser: playwright only drives /usr/bin/chromium, with a fresh profile.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class Watch:
    """What a page did besides drawing: requests it tried, console errors, dialogs it opened."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@contextlib.contextmanager
def chromium(
    viewport: tuple[int, int] = (1400, 900), *, network: bool = False, args: tuple[str, ...] = ()
) -> Iterator:
    """A browser context; unless `network`, every request other than a file:// one is aborted (and
    still recorded). `args` are more Chromium flags (e.g. --host-resolver-rules for a fake site)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p, tempfile.TemporaryDirectory(prefix="kg-chromium-") as profile:
        ctx = p.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            args=[*FLAGS, *args],
            headless=True,
            viewport={"width": viewport[0], "height": viewport[1]},
            service_workers="block",
        )
        if not network:
            ctx.route(
                "**/*",
                lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort(),
            )
        try:
            yield ctx
        finally:
            ctx.close()


def open_page(ctx, path: Path, timeout_ms: int = 30_000):
    """Open `path` in a new tab, wait until the page says it is ready; returns (page, Watch)."""
    page = ctx.new_page()
    watch = Watch()
    page.on("request", lambda r: watch.requests.append(r.url))
    page.on("console", lambda m: watch.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: watch.errors.append(str(e)))
    page.on("dialog", lambda d: (watch.dialogs.append(d.message), d.dismiss()))
    page.goto(path.resolve().as_uri())
    page.wait_for_function("window.kgReady === true", timeout=timeout_ms)
    return page, watch


@contextlib.contextmanager
def page_site(page: bytes) -> Iterator[int]:
    """A loopback HTTP server answering every GET with `page` (an HTML page of "another origin" for
    the browser tests; the host name the browser uses for it is mapped by --host-resolver-rules). Its port."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args) -> None:
            pass

    site = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    try:
        yield site.server_address[1]
    finally:
        site.shutdown()
        site.server_close()
