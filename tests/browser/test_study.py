"""Study features, by mouse and by keyboard, in light and dark: self-test mode,
copy short link, "Mark studied" with per-section progress, export and import."""

from __future__ import annotations

import json

import pytest
from browser_harness import wait_for_material

TOGGLE = ".guide-toolbar .guide-selftest-toggle"
ANSWER = "article .guide-answer"


def _activate(page, selector: str, how: str, start: str = "article h1") -> None:
    """Press a control the way a person would: click it, or Tab to it and press Enter."""
    target = page.locator(selector).first
    if how == "mouse":
        target.click()
        return
    # Start keyboard navigation just before the control (a click on non-focusable
    # text moves the sequential focus starting point there), then Tab to it.
    page.locator(start).first.click(position={"x": 2, "y": 2})
    for _ in range(25):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            page.keyboard.press("Enter")
            return
    raise AssertionError(f"{selector} cannot be reached with Tab")


def _goto(page, url: str) -> None:
    page.goto(url)
    wait_for_material(page)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("how", ["mouse", "keyboard"])
def test_study_features(how, scheme, new_page, base_url, sitemap, tmp_path):
    page, recorder = new_page(base_url, color_scheme=scheme, permissions=["clipboard-read", "clipboard-write"])
    first, second = sitemap.questions[0], sitemap.questions[1]
    section = first.url.split("/")[0] + "/"

    # Self-test: off by default, hides answers behind "Show answer" when on.
    _goto(page, base_url + first.url)
    assert page.locator(ANSWER).first.is_visible()
    assert not page.locator(".guide-reveal").first.is_visible()
    _activate(page, TOGGLE, how)
    assert page.locator(TOGGLE).get_attribute("aria-pressed") == "true"
    assert not page.locator(ANSWER).first.is_visible()
    _activate(page, ".guide-reveal", how)
    assert page.locator(ANSWER).first.is_visible()
    assert page.locator(".guide-reveal").first.get_attribute("aria-expanded") == "true"

    # Remembered on other pages (instant navigation) and on the next visit; printing shows all.
    page.locator(f"a[href$='{second.url.split('/')[1]}/']").first.click()
    page.wait_for_url(base_url + second.url)
    # Material changes the address before it swaps the content in: wait for the new page's toolbar
    # (the first page's answer, revealed above, would otherwise still be there to see).
    page.locator(f".guide-toolbar[data-question='{second.number}']").wait_for()
    wait_for_material(page)
    assert not page.locator(ANSWER).first.is_visible()
    _goto(page, base_url + section)
    assert page.locator(".guide-item .guide-answer").count() > 1
    assert not page.locator(".guide-item .guide-answer").first.is_visible()
    assert page.locator(".guide-item .guide-reveal").first.is_visible()
    page.emulate_media(media="print")
    assert page.locator(".guide-item .guide-answer").first.is_visible()
    assert not page.locator(".guide-reveal").first.is_visible()
    page.emulate_media(media="screen")
    _activate(page, TOGGLE, how)
    assert page.locator(".guide-item .guide-answer").first.is_visible()

    # Copy link: the full short link, with visible confirmation.
    _goto(page, base_url + first.url)
    _activate(page, ".guide-copy-link", how)
    expected = f"{base_url}q/{first.number}/"
    page.wait_for_function("() => document.querySelector('.guide-copy-link').textContent === 'Link copied'")
    assert page.evaluate("navigator.clipboard.readText()") == expected
    page.wait_for_function(
        "t => document.querySelector('.guide-toolbar .guide-status').textContent.includes(t)", arg=expected
    )

    # Studied: shows on the section overview and the home page.
    _activate(page, ".guide-reviewed", how)
    assert page.locator(".guide-reviewed").get_attribute("aria-pressed") == "true"
    total = len([q for q in sitemap.questions if q.url.startswith(section)])
    _goto(page, base_url + section)
    row = page.locator(".guide-progress__section")
    assert row.count() == 1 and f"1 of {total} studied" in row.text_content()
    assert page.locator(f".guide-item[data-url='{first.url}'] .guide-badge").is_visible()
    _goto(page, base_url)
    home_rows = page.locator(".guide-progress__section")
    assert home_rows.count() == len(sitemap.sections)
    assert f"1 of {total} studied" in page.locator(".guide-progress__section", has_text=f"1 of {total}").text_content()

    # Export, forget, import: progress comes back.
    with page.expect_download() as download:
        _activate(page, ".guide-export", how, start=".guide-progress h2")
    saved = tmp_path / "progress.json"
    download.value.save_as(saved)
    data = json.loads(saved.read_text())
    assert list(data["marked"]) == [first.url.split("/")[1]] and data["version"] == 4
    page.evaluate("localStorage.clear()")
    _goto(page, base_url)
    assert f"0 of {total} studied" in page.locator(".guide-progress__section").first.text_content()
    with page.expect_file_chooser() as chooser:
        _activate(page, ".guide-import", how, start=".guide-progress h2")
    chooser.value.set_files(saved)
    page.wait_for_function(
        "() => /Imported 0 review schedules and 1 studied mark\\./"
        ".test(document.querySelector('.guide-progress .guide-status').textContent)"
    )
    assert page.locator(".guide-progress__section", has_text=f"1 of {total} studied").count() == 1
    recorder.assert_clean()
