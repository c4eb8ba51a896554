"""Search finds the question: queries typed into Material's search box, scored by rank.

The queries come from tests/data/search-queries.json (SEARCH_QUERIES overrides),
a sample of what a study group types; search is tuned for queries like these in
general, not for this list:
each lists the question numbers that count as a hit. The run reports hit@1,
hit@3 and the mean reciprocal rank, and writes every ranking to
test-artifacts/search-results.json.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import urlsplit

from browser_harness import ARTIFACTS, REPORT, ROOT, wait_for_material

QUERIES = Path(os.environ.get("SEARCH_QUERIES", ROOT / "tests" / "data" / "search-queries.json"))
MIN_HIT_AT_3 = 0.95

# The result list's page links, best first (Material groups results by page).
RESULT_LINKS = """() => Array.from(
    document.querySelectorAll('.md-search-result__list > .md-search-result__item > a.md-search-result__link'),
    a => a.href)"""
RESULTS_READY = """() => {
    const meta = document.querySelector('.md-search-result__meta').textContent;
    return /matching|no matching/i.test(meta);
}"""


def _rank(hrefs: list[str], base_url: str, expected: set[int | str], sitemap) -> tuple[int | None, list]:
    """1-based rank of the first result that is an expected question, and the list as numbers/URLs."""
    ranked = []
    base_path = urlsplit(base_url).path
    for href in hrefs:
        path = urlsplit(href).path
        url = path[len(base_path) :] if path.startswith(base_path) else path
        question = sitemap.by_url.get(url)
        ranked.append(question.number if question else url)
    for index, item in enumerate(ranked, start=1):
        if item in expected:
            return index, ranked
    return None, ranked


def _search(page, query: str) -> list[str]:
    box = page.locator(".md-search__input")
    box.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.keyboard.type(query, delay=25)
    page.wait_for_function(RESULTS_READY)
    # Results update per keystroke: read until two reads agree.
    previous = None
    for _ in range(20):
        page.wait_for_timeout(120)
        current = page.evaluate(RESULT_LINKS)
        if current == previous:
            return current
        previous = current
    return previous


def test_search_ranks_the_expected_question(new_page, base_url, sitemap):
    queries = json.loads(QUERIES.read_text(encoding="utf-8"))
    page, recorder = new_page(base_url)
    page.goto(base_url)
    wait_for_material(page)
    page.locator(".md-search__input").click()
    page.wait_for_function("() => !/Initializ/i.test(document.querySelector('.md-search-result__meta').textContent)")

    rows, misses = [], []
    for entry in queries:
        expected = set(entry["expect_questions"])
        rank, ranked = _rank(_search(page, entry["q"]), base_url, expected, sitemap)
        rows.append({"q": entry["q"], "expect": sorted(expected, key=str), "rank": rank, "top": ranked[:5]})
        if rank is None or rank > 3:
            misses.append(f"{entry['q']!r}: expected {sorted(expected, key=str)}, got {ranked[:5]}")

    n = len(rows)
    hit1 = sum(1 for r in rows if r["rank"] == 1) / n
    hit3 = sum(1 for r in rows if r["rank"] and r["rank"] <= 3) / n
    mrr = sum(1 / r["rank"] for r in rows if r["rank"]) / n
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "search-results.json").write_text(
        json.dumps({"hit@1": hit1, "hit@3": hit3, "mrr": mrr, "queries": rows}, indent=1) + "\n"
    )
    summary = f"search: {n} queries, hit@1 {hit1:.1%}, hit@3 {hit3:.1%}, MRR {mrr:.3f}"
    REPORT.append(summary)
    REPORT.extend(f"  search miss: {m}" for m in misses)
    print(summary)
    recorder.assert_clean()
    assert hit3 >= MIN_HIT_AT_3, f"{summary}; misses:\n" + "\n".join(misses)


def test_search_index_is_fetched_only_when_the_reader_searches(new_page, base_url):
    """The browser's real requests: none for the index on page load, one once the search opens."""
    page, recorder = new_page(base_url)
    fetched: list[str] = []
    page.on("request", lambda request: "search_index.json" in request.url and fetched.append(request.url))
    page.goto(base_url + "concepts/attention-mechanisms/")
    wait_for_material(page)
    page.wait_for_load_state("networkidle")
    assert fetched == [], f"the index was fetched on page load: {fetched}"
    page.keyboard.press("/")
    page.wait_for_function("() => !/Initializ/i.test(document.querySelector('.md-search-result__meta').textContent)")
    assert len(fetched) == 1, f"expected one index request once the search opened, got {fetched}"
    recorder.assert_clean()
