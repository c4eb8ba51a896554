"""Every page loads from its own origin only, with no failed request and no console error."""

from __future__ import annotations

from browser_harness import REPORT, wait_for_material

# Question pages loaded here: every third. tests/browser/test_links.py opens every question page
# under the same recorder (no request off the origin, no failed request, no console error): each
# by instant navigation, and each by a full load through its short link on the build without it.
QUESTION_STEP = 3


def test_every_page_stays_on_origin_without_errors(new_page, base_url, sitemap):
    assert len(sitemap.questions) >= 1 and sitemap.sections and sitemap.notebooks, "site looks empty"
    questions = {q.url for q in sitemap.questions}
    spread = {q.url for q in sitemap.questions[::QUESTION_STEP]}
    pages = [url for url in sitemap.all_pages if url not in questions or url in spread]
    page, recorder = new_page(base_url)
    for url in pages:
        page.goto(base_url + url)
        wait_for_material(page)
    # Open the search once, so the worker and the index are loaded too.
    page.goto(base_url)
    wait_for_material(page)
    page.locator(".md-search__input").click()
    page.wait_for_function("() => !/Initializ/i.test(document.querySelector('.md-search-result__meta').textContent)")
    REPORT.append(f"pages checked for requests and console errors: {len(pages)} ({recorder.requests} requests)")
    recorder.assert_clean()


def test_normal_build_has_no_offline_plugin(site_dir):
    """Only the offline build loads the iframe-worker shim (and never from a CDN)."""
    pages = list(site_dir.rglob("*.html"))
    assert pages
    offenders = [p for p in pages if "iframe-worker" in (text := p.read_text(encoding="utf-8")) or "unpkg.com" in text]
    assert not offenders, f"{len(offenders)} pages load the offline shim, e.g. {offenders[0]}"
    assert not (site_dir / "search" / "search_index.js").exists(), "offline search index in the normal build"
