"""The guide as a PDF: the printable page (/print_page/) printed by headless Chromium.

    studyguide pdf                        # builds the site, writes dist/llm-interview-guide.pdf
    studyguide pdf --site-dir site -o x.pdf   # print an already built site

The page is the guide's own (src/studyguide/site/print_page.py): every question with
its number, answer, key points and corrections, the notebooks with their outputs and
the glossary, a contents list and a page break per question. It is served on
127.0.0.1 and printed by Debian's Chromium (its headless shell, or chromium; or $CHROMIUM)
through Playwright: light scheme, A4 with page numbers (extra.css's @page rule), and a
document outline (bookmarks) made from the headings. Chromium has no target-counter(),
so the contents get their page numbers in two passes: print, read each entry's page
from the PDF's outline (pypdf), write the numbers into the contents, print again (and
again if a number moved; the number's box has a fixed width, so two prints do). Nothing is loaded from another
origin: a request for one fails the command. Slow (Chromium and a build take several
seconds), so the normal build does not make it; releases do (the workflow).
"""

from __future__ import annotations

import io
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from studyguide.errors import GuideError
from studyguide.project import Project
from studyguide.write import check_output, write_if_changed

DEFAULT_PATH = "dist/llm-interview-guide.pdf"
PRINT_PAGE = "print_page/"
# The print page is complete when every image (the notebooks' figures) has loaded.
READY = """() => document.readyState === 'complete'
  && Array.from(document.images).every((img) => img.complete)"""
TIMEOUT_MS = 60_000
# Chromium makes the outline from the headings' levels. Each question, notebook and the
# glossary has an <h1>: one level deeper inside a section, the questions nest under it.
# Each question's "Related questions" stays on the page, out of the outline.
OUTLINE_LEVELS = """() => {
  document.querySelectorAll('#guide-print .guide-print-section .guide-print-page')
    .forEach((page) => page.querySelectorAll('h1, h2, h3, h4, h5').forEach((heading) => {
      heading.setAttribute('aria-level', String(Number(heading.tagName.slice(1)) + 1));
    }));
  document.querySelectorAll('#guide-print h2[id$="--related-questions"]')
    .forEach((heading) => heading.setAttribute('aria-hidden', 'true'));
}"""
CONTENTS_TITLES = """() => Array.from(document.querySelectorAll('#guide-print .guide-print-toc__title'),
  (title) => title.textContent)"""
SET_PAGE_NUMBERS = """(numbers) => document.querySelectorAll('#guide-print .guide-print-toc__page')
  .forEach((cell, index) => { cell.textContent = numbers[index] || ''; })"""
MAX_PASSES = 3


def squeeze(text: str) -> str:
    """Text to compare a heading with its bookmark: no whitespace or permalink sign, ligatures spelled out."""
    return "".join(unicodedata.normalize("NFKC", text).split()).replace("¶", "")


def outline_pages(pdf: bytes) -> list[tuple[str, int]]:
    """Every bookmark of a PDF, depth first: its squeezed title and its page (from 1)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    found: list[tuple[str, int]] = []
    stack = [iter(reader.outline)]
    while stack:
        item = next(stack[-1], None)
        if item is None:
            stack.pop()
        elif isinstance(item, list):
            stack.append(iter(item))
        else:
            found.append((squeeze(item.title), reader.get_destination_page_number(item) + 1))
    return found


def contents_pages(titles: list[str], bookmarks: list[tuple[str, int]]) -> list[int | None]:
    """The page of each contents entry: the next bookmark with its title, in document order."""
    pages: list[int | None] = []
    position = 0
    for title in titles:
        wanted = squeeze(title)
        for index in range(position, len(bookmarks)):
            if bookmarks[index][0] == wanted:
                pages.append(bookmarks[index][1])
                position = index + 1
                break
        else:
            pages.append(None)
    return pages


@dataclass(frozen=True)
class PdfResult:
    """What was printed: the file, its size, the page's questions and figures, and the contents' page numbers."""

    path: Path
    size: int
    questions: int
    images: int
    contents: tuple[int | None, ...] = ()
    passes: int = 1

    def summary(self) -> str:
        return (
            f"PDF: {self.path} ({self.size / 1024:.0f} KB; {self.questions} question pages, {self.images} figures;"
            f" contents numbered in {self.passes} passes)"
        )


def print_page_pdf(site_dir: Path, output: Path, chromium: str) -> PdfResult:
    """Serve ``site_dir`` locally and print its printable page to ``output`` with Chromium."""
    from playwright.sync_api import sync_playwright

    from studyguide.outputs.browser import CHROMIUM_ARGS

    if not Path(chromium).is_file():
        fix = "apt-get install chromium-headless-shell (or chromium), or set CHROMIUM"
        raise GuideError(chromium, None, "Chromium not found", fix)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            return print_with(browser, site_dir, output)
        finally:
            browser.close()


def print_with(browser, site_dir: Path, output: Path) -> PdfResult:  # noqa: ANN001 - a Playwright Browser
    """Print ``site_dir``'s printable page to ``output`` in a fresh context of a running ``browser``."""
    from studyguide.outputs.browser import serve_static

    if not (site_dir / PRINT_PAGE / "index.html").is_file():
        raise GuideError(
            site_dir / PRINT_PAGE,
            None,
            "no printable page in the built site",
            "build the site with the hook in mkdocs.yml (hooks/guide.py)",
        )
    check_output(output)
    elsewhere: list[str] = []
    with serve_static(site_dir) as base:
        origin = urlsplit(base).netloc
        context = browser.new_context(color_scheme="light", locale="en-US")
        try:
            page = context.new_page()

            def refuse(route) -> None:  # noqa: ANN001 - Playwright's Route
                if urlsplit(route.request.url).netloc == origin or route.request.url.startswith("data:"):
                    route.continue_()
                else:
                    elsewhere.append(route.request.url)
                    route.abort()

            page.route("**/*", refuse)
            page.goto(base + PRINT_PAGE, wait_until="load")
            page.wait_for_function(READY, timeout=TIMEOUT_MS)
            page.evaluate(OUTLINE_LEVELS)
            page.emulate_media(media="print", color_scheme="light")
            questions = page.locator("#guide-print .guide-print-page .guide-answer").count()
            images = page.locator("#guide-print img").count()
            titles = page.evaluate(CONTENTS_TITLES)
            numbers: list[int | None] = []
            for passes in range(1, MAX_PASSES + 1):  # noqa: B007 - the count is reported
                # A4 with the margins and page numbers of extra.css's @page rule.
                data = page.pdf(
                    format="A4", print_background=True, prefer_css_page_size=True, outline=True, tagged=True
                )
                found = contents_pages(titles, outline_pages(data))
                if found == numbers:
                    break
                numbers = found
                page.evaluate(SET_PAGE_NUMBERS, numbers)
            else:
                raise GuideError(output, None, f"the contents' page numbers still moved after {MAX_PASSES} prints")
        finally:
            context.close()
    if elsewhere:
        raise GuideError(elsewhere[0], None, f"the printable page asked for {len(elsewhere)} file(s) from elsewhere")
    # Written only once the PDF is whole and checked, by the one safe writer.
    write_if_changed(output, data)
    return PdfResult(output, len(data), questions, images, tuple(numbers), passes)


def build_and_print(project: Project, output: Path, chromium: str, site_dir: Path | None = None) -> PdfResult:
    """Print ``site_dir``'s printable page, or build the site into a temporary folder first."""
    check_output(output)  # before the build and the browser: a link at the output is refused at once
    if site_dir is not None:
        return print_page_pdf(site_dir, output, chromium)
    from studyguide.outputs.offline import build_site

    with tempfile.TemporaryDirectory(prefix="studyguide-pdf-") as folder:
        built = Path(folder) / "site"
        build_site(built, {}, project.config)
        return print_page_pdf(built, output, chromium)
