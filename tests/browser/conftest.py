"""Browser test harness: build the site once, serve it on 127.0.0.1, drive Chromium.

Environment:
  CHROMIUM          browser binary (default: chromium-headless-shell if installed, else chromium;
                    studyguide.outputs.browser.CHROMIUM); missing -> skip, or fail when CI=true
  SITE_DIR          reuse a built site instead of building one (saves a build)
  SITE_DIR_NO_INSTANT, OFFLINE_ZIP   the same for the other two builds
Artifacts (screenshots, search metrics) go to test-artifacts/; the run prints where.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser_harness import CHROMIUM, REPORT, ROOT, SCREENSHOTS
from guide_testing import launch_browser, require, serve_static, unavailable
from sitemap import SiteMap


def _run(cmd: list[str]) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        pytest.fail(f"{' '.join(cmd)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-5000:]}", pytrace=False)


# ---- Sites ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The normal build (`mkdocs build --strict`), or SITE_DIR."""
    if os.environ.get("SITE_DIR"):
        return Path(os.environ["SITE_DIR"]).resolve()
    out = tmp_path_factory.mktemp("site") / "site"
    _run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)])
    return out


@pytest.fixture(scope="session")
def site_dir_no_instant(tmp_path_factory) -> Path:
    """The same site with instant navigation turned off, or SITE_DIR_NO_INSTANT."""
    if os.environ.get("SITE_DIR_NO_INSTANT"):
        return Path(os.environ["SITE_DIR_NO_INSTANT"]).resolve()
    out = tmp_path_factory.mktemp("site-no-instant") / "site"
    _run([sys.executable, str(Path(__file__).parent / "build_variant.py"), "no-instant", str(out)])
    return out


@pytest.fixture(scope="session")
def offline_zip(tmp_path_factory) -> Path:
    """The release zip of the offline build (studyguide offline), or OFFLINE_ZIP."""
    if os.environ.get("OFFLINE_ZIP"):
        return Path(os.environ["OFFLINE_ZIP"]).resolve()
    tmp = tmp_path_factory.mktemp("offline")
    zip_path = tmp / "offline.zip"
    _run([sys.executable, "-m", "studyguide", "offline", "--site-dir", str(tmp / "site"), "--zip", str(zip_path)])
    return zip_path


@pytest.fixture(scope="session")
def sitemap(site_dir) -> SiteMap:
    return SiteMap(site_dir)


@pytest.fixture(scope="session")
def base_url(site_dir):
    with serve_static(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def base_url_no_instant(site_dir_no_instant):
    with serve_static(site_dir_no_instant) as url:
        yield url


# ---- Browser ------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    require("playwright")
    if not (shutil.which(CHROMIUM) or Path(CHROMIUM).is_file()):
        unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium-headless-shell or chromium, or set CHROMIUM)")
    with launch_browser(CHROMIUM) as browser:
        yield browser


@dataclass
class Recorder:
    """Everything a page did that a test may object to; nothing is blocked."""

    origin: str
    outside: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: int = 0

    def attach(self, page) -> None:
        page.on("request", self._on_request)
        page.on("requestfailed", self._on_failed)
        page.on("response", self._on_response)
        page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text} @ {page.url}"))
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e} @ {page.url}"))

    def _on_request(self, request) -> None:
        self.requests += 1
        scheme = urlsplit(request.url).scheme
        if scheme in ("data", "blob", "about"):
            return
        if self.origin == "file://" and scheme == "file":
            return
        if not request.url.startswith(self.origin):
            self.outside.append(request.url)

    def _on_failed(self, request) -> None:
        # ERR_ABORTED is the browser cancelling a request because the test
        # navigated on (e.g. the search worker of the page being left).
        if request.failure != "net::ERR_ABORTED":
            self.failed.append(f"{request.url} ({request.failure})")

    def _on_response(self, response) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.url} (HTTP {response.status})")

    def assert_clean(self) -> None:
        assert not self.outside, f"requests left the origin: {self.outside[:10]}"
        assert not self.failed, f"failed requests: {self.failed[:10]}"
        assert not self.errors, f"console errors: {self.errors[:10]}"


@pytest.fixture
def new_page(browser):
    """Factory: a fresh page (own context) whose requests and errors are recorded."""
    contexts = []

    def make(origin: str, color_scheme: str = "light", **options):
        context = browser.new_context(color_scheme=color_scheme, viewport={"width": 1280, "height": 900}, **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        recorder = Recorder(origin)
        recorder.attach(page)
        return page, recorder

    yield make
    for context in contexts:
        context.close()


# ---- Running in parallel (make test: pytest-xdist) and reporting ----------------

BROWSER_TESTS = Path(__file__).parent


def pytest_collection_modifyitems(items):
    """With pytest-xdist (make test: --dist loadgroup), the tests that need one of the session's
    extra builds run in one worker each, so that no build is made twice; the others spread."""
    for item in items:
        if BROWSER_TESTS not in item.path.parents:
            continue
        if "offline_zip" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("offline-build"))
        elif "no-instant" in item.name:
            item.add_marker(pytest.mark.xdist_group("no-instant-build"))


class _WorkerReports:
    """Under pytest-xdist: each worker's browser report lines go to the controller's summary."""

    def pytest_sessionfinish(self, session):
        if hasattr(session.config, "workeroutput"):
            session.config.workeroutput["browser_report"] = list(REPORT)

    def pytest_testnodedown(self, node, error):
        REPORT.extend(getattr(node, "workeroutput", {}).get("browser_report", []))


def pytest_configure(config):
    config.addinivalue_line("markers", "xdist_group(name): tests that run in one pytest-xdist worker")
    if config.pluginmanager.hasplugin("xdist"):
        config.pluginmanager.register(_WorkerReports(), "browser-worker-reports")


def pytest_terminal_summary(terminalreporter):
    lines = list(REPORT)
    if SCREENSHOTS.is_dir() and any(SCREENSHOTS.iterdir()):
        lines.append(f"screenshots: {SCREENSHOTS}")
    if lines:
        terminalreporter.section("browser tests")
        for line in lines:
            terminalreporter.write_line(line)
