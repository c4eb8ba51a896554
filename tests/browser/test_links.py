"""Links land: short links, question URLs and glossary anchors open on the right
content, scrolled into view, with instant navigation on and off.

Each target is reached the way a reader gets there: by clicking a link in the
page they are on (a link is added to the page for the purpose), so with instant
navigation on, Material's router handles it; the second site is built without
instant navigation, where every click is a full page load.
"""

from __future__ import annotations

import re
import time

import pytest
from browser_harness import REPORT, wait_for_material

# The target is visible: below the sticky header and above the bottom of the window.
IN_VIEW = """(id) => {
    const el = id ? document.getElementById(id) : document.querySelector('article h1');
    if (!el) return false;
    const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
    const box = el.getBoundingClientRect();
    return box.top >= header - 2 && box.top < window.innerHeight - 20 && box.height > 0;
}"""
# Follow links to each term from within the glossary; return the terms that did not come into view.
SAME_PAGE_TERMS = (
    """async (terms) => {
    const inView = """
    + IN_VIEW
    + """;
    const missed = [];
    for (const id of terms) {
        const a = Object.assign(document.createElement('a'), {href: '#' + id, textContent: 'go'});
        // Out of the flow: a link put into the article would make the browser lay out the
        // whole glossary again for each term (25 ms each).
        a.style.position = 'fixed';
        document.body.append(a);
        a.click();
        a.remove();
        // Checked at once, then at each frame for up to a second.
        const until = performance.now() + 1000;
        let ok = location.hash === '#' + id && inView(id);
        while (!ok && performance.now() < until) {
            await new Promise(r => requestAnimationFrame(r));
            ok = location.hash === '#' + id && inView(id);
        }
        if (!ok) missed.push(id);
    }
    return missed;
}"""
)
# Where the target is, for the failure message.
WHERE = """(id) => {
    const el = id ? document.getElementById(id) : document.querySelector('article h1');
    const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
    return el ? `target top ${Math.round(el.getBoundingClientRect().top)}, header bottom ${Math.round(header)}, `
        + `window height ${window.innerHeight}, scrollY ${Math.round(scrollY)}` : 'target missing';
}"""
TERM_SHOWN = "(id) => document.getElementById(id) !== null"
QUESTION_SHOWN = """([number, title]) => {
    const bar = document.querySelector('.guide-toolbar[data-question]');
    const h1 = document.querySelector('article h1');
    return bar !== null && bar.dataset.question === String(number)
        && h1 !== null && h1.textContent.replace(/\\s+/g, ' ').includes(title);
}"""


def _follow(page, base_url: str, href: str) -> None:
    """Click a link to href put into the current page.

    The click is a DOM click event, which is what Material's router listens to;
    a mouse click through Playwright would only add its actionability waits.
    """
    page.evaluate(
        """(href) => {
            document.getElementById('__probe')?.remove();
            const a = Object.assign(document.createElement('a'), {id: '__probe', href, textContent: 'go'});
            a.style.position = 'fixed';  // out of the flow: the page is not laid out again
            document.body.append(a);
            setTimeout(() => a.click(), 0);
        }""",
        base_url + href,
    )


def _wait_landed(page, base_url: str, href: str, path: str, check: str, arg, target_id: str | None) -> str | None:
    """After following href: a problem, or None when the page shows the right content, in view."""
    try:
        page.wait_for_url(re.compile("^" + re.escape(base_url + path) + r"(\?.*)?(#.*)?$"))
    except Exception as error:  # noqa: BLE001 - report every miss, not just the first
        return f"{href}: landed on {page.url} ({type(error).__name__})"
    try:
        page.wait_for_function(
            f"([arg, id]) => document.readyState === 'complete' && ({check})(arg) && ({IN_VIEW})(id)",
            arg=[arg, target_id],
            timeout=10_000,
        )
    except Exception as error:  # noqa: BLE001
        where = page.evaluate(WHERE, target_id)
        return f"{href}: wrong content or not scrolled into view at {page.url} ({type(error).__name__}; {where})"
    return None


# Pages (tabs) driven side by side: a link is followed in each, then each is checked.
# Full loads overlap well in two tabs (23 s for the no-instant run, 28 s in one); instant
# navigations do not (25 s in two, 14 s in one).
TABS = {"instant": 1, "no-instant": 2}
# Glossary terms reached from another page; the rest are followed within the glossary.
CROSS_PAGE_TERMS = 12
# Short links followed with instant navigation on (every one is followed without it).
SHORT_LINKS_CLICKED = 10


def _land_all(pages, base_url: str, tasks: list[tuple]) -> list[str]:
    """Run (href, path, check, arg, target_id) tasks, one per page at a time."""
    problems = []
    for start in range(0, len(tasks), len(pages)):
        batch = list(zip(pages, tasks[start : start + len(pages)]))
        for page, (href, *_rest) in batch:
            _follow(page, base_url, href)
        for page, task in batch:
            problem = _wait_landed(page, base_url, *task)
            problems += [problem] if problem else []
    return problems


@pytest.mark.parametrize("mode", ["instant", "no-instant"])
def test_links_land(mode, new_page, request, sitemap):
    base_url = request.getfixturevalue("base_url" if mode == "instant" else "base_url_no_instant")
    page, recorder = new_page(base_url)
    pages = [page, *(page.context.new_page() for _ in range(TABS[mode] - 1))]
    for tab in pages:
        tab.set_default_timeout(10_000)
        if tab is not page:
            recorder.attach(tab)
        tab.goto(base_url)
        wait_for_material(tab)

    questions, terms = sitemap.questions, sitemap.glossary_terms
    short_tasks, tasks = [], []
    short_links = sorted(sitemap.short_links.items())
    for number, url in short_links:
        question = sitemap.by_number[number]
        assert question.url == url, f"/q/{number}/ points at {url}, but question {number} is {question.url}"
    # A short link is pasted into a chat and opened: a full load, which is what every link is
    # without instant navigation, so there each one is followed; with it, a spread of them (a
    # short link is a redirect page, not in the sitemap: a full load even with instant navigation).
    if mode == "instant":
        short_links = short_links[:: max(1, len(short_links) // SHORT_LINKS_CLICKED)]
    for number, url in short_links:
        short_tasks.append((f"q/{number}/", url, QUESTION_SHOWN, [number, sitemap.by_number[number].title], None))
    # Questions, each followed from the page before (a question page), and a
    # spread of glossary terms in between, so every link is a move to another page.
    # Without instant navigation a question link is a full load of the question
    # URL, which the short links above have just done for every question.
    step = max(1, len(terms) // CROSS_PAGE_TERMS)
    cross = terms[::step][:CROSS_PAGE_TERMS]
    for index, question in enumerate(questions if mode == "instant" else questions[: len(cross)]):
        tasks.append((question.url, question.url, QUESTION_SHOWN, [question.number, question.title], None))
        if index < len(cross):
            tasks.append((f"glossary/#{cross[index]}", "glossary/", TERM_SHOWN, cross[index], cross[index]))
    problems = _land_all(pages, base_url, short_tasks)
    for tab in pages:
        tab.evaluate("window.__firstDocument = true")  # survives only instant navigation
    problems += _land_all(pages, base_url, tasks)
    checked = len(short_tasks) + len(tasks)
    # Material's router took every link (one document all along), or none did (every link loaded):
    # served at another address than its site_url, the site falls back to full loads unnoticed.
    assert [tab.evaluate("window.__firstDocument === true") for tab in pages] == [mode == "instant"] * len(pages)

    # The other terms from within the glossary (same-page links), in one go.
    rest = [t for t in terms if t not in cross]
    if rest:
        problems += _land_all([page], base_url, [("glossary/", "glossary/", TERM_SHOWN, rest[0], None)])
        problems += [f"glossary/#{t}: not scrolled into view" for t in page.evaluate(SAME_PAGE_TERMS, rest)]
        checked += len(rest)

    REPORT.append(f"links ({mode}): {checked} checked, {len(problems)} problems")
    assert not problems, f"{len(problems)} of {checked} links did not land:\n" + "\n".join(problems[:20])
    recorder.assert_clean()


@pytest.mark.parametrize("mode", ["instant", "no-instant"])
def test_followed_term_link_stays_the_address(mode, new_page, request, sitemap):
    """After landing on a glossary term and reading on, the address still names the term,
    so a copied link lands on it (not on the letter heading above it).

    The copy is opened in a new page, as a reader pasting it would. A reload of the same
    page is not a check of this: Chromium then either restores where the reader had
    scrolled to or scrolls to the fragment, depending on timing, and both are right."""
    base_url = request.getfixturevalue("base_url" if mode == "instant" else "base_url_no_instant")
    page, recorder = new_page(base_url)
    page.goto(base_url + sitemap.questions[0].url)
    wait_for_material(page)
    term = sitemap.glossary_terms[len(sitemap.glossary_terms) // 2]
    _follow(page, base_url, f"glossary/#{term}")
    assert _wait_landed(page, base_url, f"glossary/#{term}", "glossary/", TERM_SHOWN, term, term) is None
    for _ in range(3):
        page.mouse.wheel(0, 120)
        page.wait_for_timeout(400)  # longer than Material's 250 ms scroll debounce
    assert page.evaluate("location.hash") == f"#{term}"
    pasted, pasted_recorder = new_page(base_url)
    pasted.goto(page.url)
    wait_for_material(pasted)
    pasted.wait_for_function(f"(id) => ({IN_VIEW})(id)", arg=term)
    recorder.assert_clean()
    pasted_recorder.assert_clean()


@pytest.mark.parametrize("mode", ["instant", "no-instant"])
def test_same_page_links_keep_the_page(mode, new_page, request, sitemap):
    """Links within a page (glossary terms, heading permalinks) move within it: the page is
    not fetched and swapped in again, so a revealed answer stays revealed, and each link
    lands on its own target even when followed in quick succession."""
    base_url = request.getfixturevalue("base_url" if mode == "instant" else "base_url_no_instant")
    page, recorder = new_page(base_url)
    page.goto(base_url + "glossary/")
    wait_for_material(page)
    page.wait_for_load_state("networkidle")
    fetched: list[str] = []
    page.on("request", lambda r: r.url.split("#")[0].endswith(("/glossary/", "/glossary")) and fetched.append(r.url))
    terms = sitemap.glossary_terms[1::9][:6]
    for term in terms:
        page.evaluate(
            """(id) => { const a = Object.assign(document.createElement('a'), {href: '#' + id, textContent: 'go'});
                         document.querySelector('article').prepend(a); a.click(); a.remove(); }""",
            term,
        )
        page.wait_for_timeout(40)  # quicker than Material's 100 ms scroll bookkeeping
    page.wait_for_timeout(1000)  # what must not happen (a fetch of the page) has had time to
    assert fetched == [], f"following same-page links fetched the page again: {fetched}"
    assert page.evaluate("location.hash") == f"#{terms[-1]}"
    assert page.evaluate(f"(id) => ({IN_VIEW})(id) && document.querySelector(':target')?.id === id", terms[-1])

    question = sitemap.questions[0]
    page.goto(base_url + question.url)
    wait_for_material(page)
    page.wait_for_load_state("networkidle")
    page.locator(".guide-toolbar .guide-selftest-toggle").click()
    page.locator(".guide-reveal").first.click()
    page.locator("article .headerlink").first.click()
    page.wait_for_timeout(1000)  # what must not happen (the page swapped in again) has had time to
    assert page.locator(".guide-reveal").first.get_attribute("aria-expanded") == "true", "the answer was hidden again"
    recorder.assert_clean()


def test_a_link_followed_right_after_scrolling_lands_at_the_top(new_page, base_url, sitemap):
    """Material stores the scroll offset 100 ms after scrolling stops. A link followed sooner, to a
    page slower than that to arrive (a phone's network), must not land the new page at the old
    page's offset; and Back, taken as quickly, returns to where the reader was on the old page."""
    page, recorder = new_page(base_url)
    page.goto(base_url + "glossary/")
    wait_for_material(page)
    question = sitemap.questions[len(sitemap.questions) // 2]

    def slowly(route):
        time.sleep(0.4)
        route.continue_()

    page.route(re.compile(re.escape(base_url) + r"(glossary|" + re.escape(question.url.rstrip("/")) + r")/$"), slowly)
    scrolled = page.evaluate(
        """async () => {
            window.scrollTo(0, 2500);
            await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
            return Math.round(scrollY); }"""
    )
    _follow(page, base_url, question.url)  # a frame or two after the scroll was seen: well within 100 ms
    assert scrolled > 1000
    page.wait_for_function(QUESTION_SHOWN, arg=[question.number, question.title])
    page.wait_for_timeout(300)  # past Material's 100 ms offset bookkeeping
    assert page.evaluate("scrollY") == 0, "the new page opened where the glossary had been scrolled to"

    page.evaluate("window.scrollTo(0, 600); history.back()")
    page.wait_for_function("() => document.getElementById('" + sitemap.glossary_terms[0] + "') !== null")
    page.wait_for_function("(y) => Math.abs(scrollY - y) < 2", arg=scrolled)
    recorder.assert_clean()
