"""Support shared by the tests and the benchmark: project copies, ports, servers, the browser, budgets.

Defined once here so that the suite and ``studyguide bench`` measure the same
things the same way. Nothing here is used by the site build itself.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import os
import shutil
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

PYTHON = sys.executable
# What a copy of the project needs to generate, build and serve the site.
PROJECT_PARTS = (
    "mkdocs.yml", "data", "source", "docs", "generated", "hooks", "overrides", "notebooks", "third_party",
)  # fmt: skip
# MkDocs 1.x and Material print a notice about MkDocs 2 on every run; it is not actionable here.
QUIET_MKDOCS_ENV = {"DISABLE_MKDOCS_2_WARNING": "true", "NO_MKDOCS_2_WARNING": "1"}

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
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

# First-visit budgets in gzipped bytes: page, stylesheets, scripts, the search worker
# Material starts, and the images loaded up front (site path -> bytes).
PAGE_BUDGETS = {"": 100_000, "concepts/attention-mechanisms/": 100_000, "notebooks/gpt2-tokenizer/": 150_000}

TEXT_TYPES = {
    ".html": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".txt": "text/plain",
}


def mkdocs_env() -> dict[str, str]:
    """The environment to run mkdocs in: this one, without the MkDocs 2 notice."""
    return {**os.environ, **QUIET_MKDOCS_ENV}


def copy_project(root: Path, target: Path) -> Path:
    """Copy the parts of the checkout at ``root`` that the generator and the build use into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = root / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, target / part)
    return target


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """Static files like a real host: gzip for text when asked, quiet."""

    def log_message(self, *args: object) -> None:
        pass

    def send_head(self):  # noqa: ANN201 - the base class's signature
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not urlsplit(self.path).path.endswith("/"):
                return super().send_head()  # the redirect to the folder's URL with a slash
            path = path / "index.html"
        kind = TEXT_TYPES.get(path.suffix)
        if kind is None or not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text") else ""))
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
