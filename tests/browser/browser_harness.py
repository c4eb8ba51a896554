"""Shared pieces of the browser tests (kept out of conftest.py so test modules can import them)."""

from __future__ import annotations

import os
from pathlib import Path

from studyguide.testing import CHROMIUM, CHROMIUM_ARGS  # noqa: F401 - re-exported for the tests

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
IN_CI = os.environ.get("CI", "").lower() == "true"
# Lines for the end of the run (search metrics, artifact folders).
REPORT: list[str] = []


def wait_for_material(page) -> None:
    """Wait until Material's scripts ran on this page view (study.js then did too)."""
    page.wait_for_function("() => window.document$ !== undefined && document.readyState === 'complete'")
