"""The guide as a PDF: the printable page (/print_page/) printed by headless Chromium.

    studyguide pdf                        # builds the site, writes dist/llm-interview-guide.pdf
    studyguide pdf --site-dir site -o x.pdf   # print an already built site

The page is the print-site plugin's (see mkdocs.yml): every question with its
answer, key points and corrections, the notebooks with their outputs and the
glossary, a table of contents and a page break per question. It is served on
127.0.0.1 and printed by Debian's Chromium (/usr/bin/chromium, or $CHROMIUM)
through Playwright: light scheme, A4 with page numbers (the plugin's @page rule), and a document outline
(bookmarks) made from the headings. Nothing is loaded from another origin: a
request for one fails the command. Slow (Chromium and a build take several
seconds), so the normal build does not make it; releases do (the workflow).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from studyguide.errors import GuideError
from studyguide.project import Project
from studyguide.write import check_output, write_if_changed

DEFAULT_PATH = "dist/llm-interview-guide.pdf"
PRINT_PAGE = "print_page/"
# The print page is complete when print-site.js has copied the table of contents
# into it and every image (the notebooks' figures) has loaded.
READY = """() => document.readyState === 'complete'
  && document.querySelector('#print-page-toc ul') !== null
  && Array.from(document.images).every((img) => img.complete)"""
TIMEOUT_MS = 60_000
# Chromium makes the outline from the headings' levels. The plugin gives every page
# an <h1>, sections included: one level deeper inside a section, the questions nest
# under it. Each question's "Related questions" stays on the page, out of the outline.
OUTLINE_LEVELS = """() => {
  document.querySelectorAll('#print-site-page section.md-section section.print-page')
    .forEach((page) => page.querySelectorAll('h1, h2, h3, h4, h5').forEach((heading) => {
      heading.setAttribute('aria-level', String(Number(heading.tagName.slice(1)) + 1));
    }));
  document.querySelectorAll('#print-site-page h2[id$="related-questions"]')
    .forEach((heading) => heading.setAttribute('aria-hidden', 'true'));
}"""


@dataclass(frozen=True)
class PdfResult:
    """What was printed: the file, its size, and the page's questions and figures."""

    path: Path
    size: int
    questions: int
    images: int

    def summary(self) -> str:
        return f"PDF: {self.path} ({self.size / 1024:.0f} KB; {self.questions} question pages, {self.images} figures)"


def print_page_pdf(site_dir: Path, output: Path, chromium: str) -> PdfResult:
    """Serve ``site_dir`` locally and print its printable page to ``output`` with Chromium."""
    from playwright.sync_api import sync_playwright

    from studyguide.outputs.browser import CHROMIUM_ARGS

    if not Path(chromium).is_file():
        raise GuideError(chromium, None, "Chromium not found", "apt-get install chromium, or set CHROMIUM")
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
            site_dir / PRINT_PAGE, None, "no printable page in the built site", "enable print-site in mkdocs.yml"
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
            # Lazy images load only in view: load them all before printing.
            page.evaluate("() => document.querySelectorAll('img[loading]').forEach((img) => img.loading = 'eager')")
            page.wait_for_function(READY, timeout=TIMEOUT_MS)
            page.evaluate(OUTLINE_LEVELS)
            page.emulate_media(media="print", color_scheme="light")
            questions = page.locator("#print-site-page section.print-page .guide-answer").count()
            images = page.locator("#print-site-page img").count()
            pdf = page.pdf(
                format="A4",
                print_background=True,
                # A4 with the margins and page numbers of the plugin's @page rule.
                prefer_css_page_size=True,
                outline=True,
                tagged=True,
            )
        finally:
            context.close()
    if elsewhere:
        raise GuideError(elsewhere[0], None, f"the printable page asked for {len(elsewhere)} file(s) from elsewhere")
    # Written only once the PDF is whole and checked, by the one safe writer.
    write_if_changed(output, pdf)
    return PdfResult(output, len(pdf), questions, images)


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
