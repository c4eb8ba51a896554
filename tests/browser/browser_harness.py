"""Shared pieces of the browser tests (kept out of conftest.py so test modules can import them)."""

from __future__ import annotations

from guide_testing import CHROMIUM, CHROMIUM_ARGS, IN_CI, ROOT  # noqa: F401 - re-exported for the tests

ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
# Lines for the end of the run (search metrics, artifact folders).
REPORT: list[str] = []


def wait_for_material(page) -> None:
    """Wait until Material's scripts ran on this page view (study.js then did too)."""
    page.wait_for_function("() => window.document$ !== undefined && document.readyState === 'complete'")


# axe-core, pinned in package.json; violations of these impacts fail a test.
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")


def run_axe(page) -> list[dict]:
    """axe's blocking violations on the page as a reader sees it at rest.

    Back at the top first (a full-page screenshot or a click scrolls, and Material fades
    the tabs out while scrolled), then wait until every CSS transition has finished:
    axe would otherwise measure colours mid-fade.
    """
    page.evaluate("window.scrollTo(0, 0)")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [v for v in result if v["impact"] in BLOCKING]
