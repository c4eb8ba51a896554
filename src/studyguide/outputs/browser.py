"""Headless Chromium and a local static server: what the product needs to print the guide (``studyguide pdf``).

The tests and the benchmark use the same definitions (:mod:`studyguide.dev.testing` re-exports them).
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

# Debian's chromium-headless-shell when it is installed: the same Chromium build made for
# automation (Playwright's default headless browser), which does the tests' work in about four
# fifths of the time the full browser takes; else Debian's chromium; $CHROMIUM overrides both.
HEADLESS_SHELL, FULL_BROWSER = "/usr/bin/chromium-headless-shell", "/usr/bin/chromium"
CHROMIUM = os.environ.get("CHROMIUM") or (HEADLESS_SHELL if os.path.isfile(HEADLESS_SHELL) else FULL_BROWSER)
# Headless Chromium on a machine with no network: without the background-networking
# flags it keeps trying to reach Google's services.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

TEXT_TYPES = {
    ".html": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".txt": "text/plain",
}


LOC = re.compile(r"<loc>([^<]*)</loc>")


def sitemap_served_at(sitemap: str, base_url: str) -> str:
    """The sitemap as the site built for ``base_url`` would have it (what `mkdocs serve` does).

    Material's instant navigation only takes over a click on a link whose address, with the
    page's scheme and host name put in, is in the sitemap; so a site served at another port or
    path than its ``site_url`` silently falls back to full page loads. The locations' common
    prefix (the ``site_url``: the home page comes first) is replaced by ``base_url``.
    """
    locations = LOC.findall(sitemap)
    if not locations:
        return sitemap
    prefix = os.path.commonprefix(locations)
    prefix = prefix[: prefix.rfind("/") + 1]
    return LOC.sub(lambda m: "<loc>" + base_url + m[1].removeprefix(prefix) + "</loc>", sitemap)


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """Static files like a real host at this address: gzip for text when asked, quiet, and the
    sitemap's addresses this server's (:func:`sitemap_served_at`)."""

    def log_message(self, *args: object) -> None:
        pass

    def send_head(self):  # noqa: ANN201 - the base class's signature
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not urlsplit(self.path).path.endswith("/"):
                return super().send_head()  # the redirect to the folder's URL with a slash
            path = path / "index.html"
        kind = TEXT_TYPES.get(path.suffix)
        sitemap = path.name == "sitemap.xml"
        gzipped = "gzip" in self.headers.get("Accept-Encoding", "")
        if kind is None or not path.is_file() or not (gzipped or sitemap):
            return super().send_head()
        body = path.read_bytes()
        if sitemap:
            host = self.headers.get("Host") or f"127.0.0.1:{self.server.server_address[1]}"
            base = f"http://{host}/" + urlsplit(self.path).path.removeprefix("/").removesuffix("sitemap.xml")
            body = sitemap_served_at(body.decode("utf-8"), base).encode("utf-8")
        if gzipped:
            body = gzip.compress(body, compresslevel=6, mtime=0)
        return self._send(body, kind, gzipped)

    def _send(self, body: bytes, kind: str, gzipped: bool) -> io.BytesIO:
        self.send_response(200)
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text") else ""))
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve_static(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on a free local port; yields the base URL."""
    handler = functools.partial(StaticHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def launch_browser(chromium: str = CHROMIUM) -> Iterator[object]:
    """Headless Chromium under Playwright (Debian's chromium: no browser download)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()
