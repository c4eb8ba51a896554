"""Search finds the question: queries typed into Material's search box, scored by rank.

The queries come from tests/data/search-relevance.json (SEARCH_QUERIES overrides),
written as candidates type them (terms, phrases, questions, typos, abbreviations,
"X vs Y", question numbers) before the ranking was tuned; search is tuned through
fields and weights in general, not for this list. Each query lists what counts as
a hit: question numbers (`expect_questions`) and/or site paths (`expect_urls`,
matched as a prefix, so "glossary/" takes any glossary term). The run reports
hit@1, hit@3 and the mean reciprocal rank (overall and per kind of query), writes
every ranking to test-artifacts/search-results.json, and fails under the floors below.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import threading
from pathlib import Path
from urllib.parse import urlsplit

from browser_harness import ARTIFACTS, REPORT, ROOT, wait_for_material

QUERIES = Path(os.environ.get("SEARCH_QUERIES", ROOT / "tests" / "data" / "search-relevance.json"))
MIN_HIT_AT_1 = 0.90
MIN_HIT_AT_3 = 0.97

# The result list's pages, best first: Material groups results by page, the page's own link
# first, then its sections (glossary terms) as further links of the same item.
RESULT_LINKS = """() => Array.from(
    document.querySelectorAll('.md-search-result__list > .md-search-result__item'),
    item => item.querySelector(':scope > a.md-search-result__link').href)"""
RESULTS_READY = """() => {
    const meta = document.querySelector('.md-search-result__meta').textContent;
    return /matching|no matching/i.test(meta);
}"""


def _rank(hrefs: list[str], base_url: str, expected: set[int | str], sitemap) -> tuple[int | None, list]:
    """1-based rank of the first expected result (a question number, or a URL prefix), and the list as numbers/URLs."""
    ranked = []
    base_path = urlsplit(base_url).path.rsplit("/", 1)[0] + "/"
    for href in hrefs:
        path = urlsplit(href).path
        url = path[len(base_path) :] if path.startswith(base_path) else path
        if url.endswith(".html"):  # the offline build's addresses: slug.html, index.html
            url = url[: -len("index.html")] if url.endswith("index.html") else url[: -len(".html")] + "/"
        question = sitemap.by_url.get(url)
        ranked.append(question.number if question else url)
    for index, item in enumerate(ranked, start=1):
        # A guide question's id ("g1") matches exactly; an expected URL ("glossary/") as a prefix.
        prefixes = [e for e in expected if isinstance(e, str) and e.endswith("/")]
        if item in expected or any(str(item).startswith(e) for e in prefixes):
            return index, ranked
    return None, ranked


def _search(page, query: str) -> list[str]:
    """Put `query` in Material's search box and return the result list it renders for it.

    Material queries the worker on keyup. The box is emptied first and its (empty) results
    awaited, so the next results rendered are this query's own: no timing guess.
    """
    box = page.locator(".md-search__input")
    box.fill("")
    box.press("End")
    page.wait_for_function(f"() => !({RESULTS_READY})()")
    box.fill(query)
    box.press("End")
    page.wait_for_function(RESULTS_READY)
    return page.evaluate(RESULT_LINKS)


def _scores(rows: list[dict]) -> tuple[float, float, float]:
    n = len(rows)
    hit1 = sum(1 for r in rows if r["rank"] == 1) / n
    hit3 = sum(1 for r in rows if r["rank"] and r["rank"] <= 3) / n
    mrr = sum(1 / r["rank"] for r in rows if r["rank"]) / n
    return hit1, hit3, mrr


def relevance_report(page, base_url: str, sitemap, label: str) -> tuple[str, list[str], tuple[float, float, float]]:
    """Type every query of the relevance set into the open page's search; the summary, the misses and the scores."""
    queries = json.loads(QUERIES.read_text(encoding="utf-8"))
    page.locator(".md-search__input").click()
    page.wait_for_function("() => !/Initializ/i.test(document.querySelector('.md-search-result__meta').textContent)")
    rows, misses = [], []
    for entry in queries:
        expected = set(entry.get("expect_questions", [])) | set(entry.get("expect_urls", []))
        rank, ranked = _rank(_search(page, entry["q"]), base_url, expected, sitemap)
        rows.append(
            {
                "q": entry["q"],
                "kind": entry.get("kind", ""),
                "expect": sorted(map(str, expected)),
                "rank": rank,
                "top": ranked[:5],
            }
        )
        if rank != 1:
            misses.append(f"{entry['q']!r}: expected {sorted(map(str, expected))}, rank {rank}, got {ranked[:5]}")
    hit1, hit3, mrr = _scores(rows)
    kinds = sorted({r["kind"] for r in rows})
    by_kind = {k: dict(zip(("hit@1", "hit@3", "mrr"), _scores([r for r in rows if r["kind"] == k]))) for k in kinds}
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"search-results-{label}.json").write_text(
        json.dumps({"hit@1": hit1, "hit@3": hit3, "mrr": mrr, "by_kind": by_kind, "queries": rows}, indent=1) + "\n"
    )
    summary = f"search ({label}): {len(rows)} queries, hit@1 {hit1:.1%}, hit@3 {hit3:.1%}, MRR {mrr:.3f}"
    REPORT.append(summary)
    REPORT.extend(f"  search not first: {m}" for m in misses)
    print(summary)
    return summary, misses, (hit1, hit3, mrr)


def test_search_ranks_the_expected_question(new_page, base_url, sitemap):
    page, recorder = new_page(base_url)
    page.goto(base_url)
    wait_for_material(page)
    summary, misses, (hit1, hit3, _) = relevance_report(page, base_url, sitemap, "online")
    recorder.assert_clean()
    assert hit1 >= MIN_HIT_AT_1 and hit3 >= MIN_HIT_AT_3, f"{summary}; not first:\n" + "\n".join(misses)


def test_filler_words_never_decide_the_ranking(new_page, base_url):
    """How a question is phrased around its topic changes nothing: the same pages, in the same order."""
    page, recorder = new_page(base_url)
    page.goto(base_url)
    wait_for_material(page)
    page.locator(".md-search__input").click()
    for topic, phrasings in {
        "lora": ["how does lora work", "what is lora", "explain lora"],
        "bert roberta": ["bert vs roberta", "difference between bert and roberta"],
        "gradient checkpointing": ["what is gradient checkpointing", "explain the concept of gradient checkpointing"],
    }.items():
        plain = _search(page, topic + " ")
        assert plain, f"{topic!r} finds nothing"
        for phrasing in phrasings:
            assert _search(page, phrasing + " ") == plain, f"{phrasing!r} ranks differently from {topic!r}"
    recorder.assert_clean()


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


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _serve(directory: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def test_search_under_the_sites_path_share_links_and_highlighting(new_page, site_dir, tmp_path):
    """As hosted, under /llm-interview-guide/: a ?q= link opens with its results, a result
    carries ?h= and its page marks the words, and the keyboard picks a result."""
    (tmp_path / "llm-interview-guide").symlink_to(site_dir, target_is_directory=True)
    server, root = _serve(tmp_path)
    try:
        base = root + "llm-interview-guide/"
        page, recorder = new_page(base)
        page.goto(base + "training/?q=atention")
        wait_for_material(page)
        page.wait_for_function(RESULTS_READY)
        first = page.locator(".md-search-result__item > a.md-search-result__link").first
        href = first.get_attribute("href")
        assert "/llm-interview-guide/concepts/attention-mechanisms/" in href, href
        assert "h=attention" in href, f"the typo's correction is what the page highlights: {href}"
        assert page.locator(".md-search-result mark").first.text_content().lower().startswith("attention")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        page.wait_for_url("**/concepts/attention-mechanisms/?h=*")
        wait_for_material(page)
        marks = page.locator("article mark")
        marks.first.wait_for()
        assert marks.count() > 3 and marks.first.text_content().lower().startswith("attention")
        recorder.assert_clean()
    finally:
        server.shutdown()
