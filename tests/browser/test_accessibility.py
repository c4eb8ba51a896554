"""Accessibility (axe-core) and screenshots of the main kinds of page, light and dark.

axe-core comes from the pinned npm package (npm ci) and is injected into the
page, so nothing is fetched. Serious and critical violations fail the test;
the screenshots (test-artifacts/screenshots/) are for a person to look at.
"""

from __future__ import annotations

import functools
import json

import pytest
from browser_harness import ARTIFACTS, AXE, IN_CI, REPORT, ROOT, SCREENSHOTS, run_axe, wait_for_material

SCHEME = {"light": "default", "dark": "slate"}


@functools.cache
def _pages(sitemap) -> dict[str, str]:
    question = sitemap.questions[0]
    # The first question with a code block (only the article holds highlighted code).
    with_code = next((q for q in sitemap.questions if 'class="highlight"' in sitemap.text(q.url)), question)
    return {
        "home": "",
        "section": question.url.split("/")[0] + "/",
        "question": question.url,
        "question-code": with_code.url,
        "glossary": "glossary/",
        "notebook": sitemap.notebooks[0],
    }


def _describe(violations: list[dict]) -> list[str]:
    lines = []
    for v in violations:
        nodes = "; ".join(
            f"{n['target']} {' '.join(n.get('failureSummary', '').split())[:160]}" for n in v["nodes"][:4]
        )
        lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes): {v['help']}: {nodes}")
    return lines


# The top of a page, as far as a person looks at it. A full-page capture of the longest pages
# (the Review page holds every card) took over 10 s on a loaded 2-core machine.
SCREENSHOT_HEIGHT = 3000


def _screenshot(page, path) -> None:
    width, height = page.evaluate("[innerWidth, document.documentElement.scrollHeight]")
    clip = {"x": 0, "y": 0, "width": width, "height": min(height, SCREENSHOT_HEIGHT)}
    page.screenshot(path=path, full_page=True, clip=clip)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_accessibility_and_screenshots(scheme, new_page, base_url, sitemap):
    if not AXE.is_file():
        message = f"{AXE.relative_to(ROOT)} is missing: run `npm ci`"
        pytest.fail(message) if IN_CI else pytest.skip(message)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page, recorder = new_page(base_url, color_scheme=scheme)
    found: dict[str, list[str]] = {}

    views = list(_pages(sitemap).items())
    for name, url in views:
        page.goto(base_url + url)
        wait_for_material(page)
        assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEME[scheme], f"{name}: palette"
        _screenshot(page, SCREENSHOTS / f"{name}-{scheme}.png")
        found[name] = _describe(run_axe(page))

    # The study tools switched on: self-test mode with one answer revealed, a page reviewed.
    question_url = _pages(sitemap)["question"]
    page.goto(base_url + question_url)
    wait_for_material(page)
    page.locator(".guide-reviewed").click()
    page.locator(".guide-selftest-toggle").click()
    _screenshot(page, SCREENSHOTS / f"question-selftest-{scheme}.png")
    found["question (self-test on)"] = _describe(run_axe(page))
    page.goto(base_url + _pages(sitemap)["section"])
    wait_for_material(page)
    page.screenshot(path=SCREENSHOTS / f"section-progress-{scheme}.png", full_page=False)
    found["section (self-test on, progress)"] = _describe(run_axe(page))

    # The search dialog, open with results.
    page.goto(base_url)
    wait_for_material(page)
    page.locator(".md-search__input").click()
    page.keyboard.type("attention", delay=20)
    page.wait_for_selector(".md-search-result__item")
    page.screenshot(path=SCREENSHOTS / f"search-{scheme}.png")
    found["search dialog"] = _describe(run_axe(page))
    page.evaluate("localStorage.clear()")

    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"axe-{scheme}.json").write_text(json.dumps(found, indent=1) + "\n")
    total = sum(len(v) for v in found.values())
    REPORT.append(f"axe ({scheme}): {len(found)} views, {total} serious/critical violations")
    problems = [f"{name}: {line}" for name, lines in found.items() for line in lines]
    assert not problems, "\n".join(problems)
    recorder.assert_clean()
