"""The offline build (`studyguide offline`): its release zip, unpacked, opens
from file:// with working search and links, and loads nothing from elsewhere."""

from __future__ import annotations

import zipfile

from browser_harness import REPORT, wait_for_material
from test_search import MIN_HIT_AT_1, MIN_HIT_AT_3, relevance_report


def test_offline_zip_opens_from_disk(new_page, offline_zip, sitemap, tmp_path):
    with zipfile.ZipFile(offline_zip) as archive:
        names = archive.namelist()
        archive.extractall(tmp_path)
    top = {name.split("/")[0] for name in names}
    assert len(top) == 1, f"the zip should hold one folder, not {sorted(top)}"
    root = tmp_path / top.pop()
    assert (root / "index.html").is_file()
    assert (root / "search" / "search_index.js").is_file(), "offline search index missing"
    pages = list(root.rglob("*.html"))
    assert not [p for p in pages if "unpkg.com" in p.read_text(encoding="utf-8")], "a page loads the CDN shim"
    assert (root / "q" / f"{sitemap.questions[0].number}.html").is_file()

    page, recorder = new_page("file://")
    home = root.joinpath("index.html").as_uri()
    page.goto(home)
    wait_for_material(page)

    # Search works from disk (the worker runs through the local iframe-worker shim).
    question = sitemap.questions[0]
    page.locator(".md-search__input").click()
    page.keyboard.type(question.title.split("?")[0][:40], delay=20)
    first = page.locator(".md-search-result__item > a.md-search-result__link").first
    first.wait_for(timeout=15_000)
    first.click()
    page.wait_for_url("file://**/*.html*")
    assert page.locator("article h1").first.is_visible()

    # The relevance set ranks from disk as it does online (the same index and worker).
    page.goto(home)
    wait_for_material(page)
    summary, misses, (hit1, hit3, _) = relevance_report(page, home, sitemap, "offline")
    assert hit1 >= MIN_HIT_AT_1 and hit3 >= MIN_HIT_AT_3, f"{summary}; not first:\n" + "\n".join(misses)

    # Links: a section tab, a question on it, its short link, a glossary term.
    page.goto(home)
    wait_for_material(page)
    section = question.url.split("/")[0]
    page.locator(f".md-tabs__link[href$='{section}/index.html']").click()
    page.wait_for_url(f"**/{section}/index.html")
    slug = question.url.split("/")[1]
    page.locator(f"article a[href$='{slug}.html']").first.click()
    page.wait_for_url(f"**/{section}/{slug}.html")
    wait_for_material(page)
    assert question.title in page.locator("article h1").text_content()
    page.locator(".guide-toolbar").wait_for()
    # Study tools work from disk too; progress uses the same keys as online.
    page.locator(".guide-reviewed").click()
    page.goto(root.joinpath(section, "index.html").as_uri())
    wait_for_material(page)
    assert "1 of" in page.locator(".guide-progress__section").text_content()
    assert page.locator(f".guide-item[data-url='{question.url}'] .guide-badge").is_visible()

    page.goto(root.joinpath("q", f"{question.number}.html").as_uri())
    page.wait_for_url(f"**/{section}/{slug}.html")
    wait_for_material(page)
    assert question.title in page.locator("article h1").text_content()

    term = sitemap.glossary_terms[len(sitemap.glossary_terms) // 2]
    page.goto(root.joinpath("glossary.html").as_uri() + f"#{term}")
    wait_for_material(page)
    box = page.locator(f"#{term}").bounding_box()
    assert box and 0 < box["y"] < 900, f"#{term} is not in view"

    # Notebooks open too.
    notebook = sitemap.notebooks[0].rstrip("/")
    page.goto(root.joinpath(f"{notebook}.html").as_uri())
    wait_for_material(page)
    assert page.locator(".jupyter-wrapper").first.is_visible()

    REPORT.append(f"offline zip: {len(names)} files, opened from file:// with search and links")
    recorder.assert_clean()
