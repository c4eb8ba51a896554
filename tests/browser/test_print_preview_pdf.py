"""The printable guide in Chromium: print preview, the PDF (`studyguide pdf`), and the offline copy."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
import zipfile

from browser_harness import REPORT, ROOT, SCREENSHOTS, wait_for_material
from guide_testing import require

from studyguide.generate import merge_project
from studyguide.inputs.markup import plain
from studyguide.outputs import pdf
from studyguide.project import Project

PdfReader = require("pypdf").PdfReader  # skipped without pypdf, required under CI=true
SITE = merge_project(Project(ROOT)).site
QUESTIONS = "#guide-print .guide-print-section .guide-print-page:not([id^=notebooks-])"


def squeeze(text: str) -> str:
    """Text without whitespace, ligatures spelled out (a PDF's text has "ﬀ" for "ff")."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def test_print_preview_shows_every_answer_and_no_controls(new_page, base_url):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for scheme, width in (("light", 1280), ("dark", 390)):
        page, recorder = new_page(base_url, color_scheme=scheme)
        page.set_viewport_size({"width": width, "height": 900})
        # Self-test on: it hides answers everywhere else, never on the printable page.
        page.add_init_script("localStorage.setItem('llm-guide.selftest', 'on')")
        page.goto(base_url + "print_page/")
        wait_for_material(page)
        answers = page.locator("#guide-print .guide-answer")
        assert answers.count() == len(SITE.entries)
        assert page.locator("body.guide-selftest").count() == 1
        assert answers.nth(7).is_visible(), "self-test hid an answer on the printable page"
        page.emulate_media(media="print")
        hidden = page.evaluate(
            """() => Array.from(document.querySelectorAll('#guide-print .guide-answer'))
                .filter((el) => getComputedStyle(el).display === 'none').length"""
        )
        assert hidden == 0
        for control in (".guide-reveal", ".md-code__nav", ".md-header", ".md-sidebar", ".md-footer"):
            shown = page.locator(control).evaluate_all(
                "(els) => [els.length, els.filter((el) => el.getClientRects().length > 0).length]"
            )
            assert shown[0] > 0 and shown[1] == 0, f"{control}: {shown[1]} of {shown[0]} show in print"
        # A page break before every question, the table of contents lists them all.
        breaks = page.locator(QUESTIONS).evaluate_all("(els) => els.map((el) => getComputedStyle(el).breakBefore)")
        assert len(breaks) == len(SITE.entries) and set(breaks) == {"page"}
        assert page.locator(".guide-print-toc a").count() >= len(SITE.entries) + len(SITE.sections)
        # Nothing that only makes sense on screen is on the page at all.
        assert page.locator("#guide-print .guide-synonyms, #guide-print .guide-pager, #guide-review").count() == 0
        page.screenshot(path=str(SCREENSHOTS / f"print-preview-{scheme}-{width}.png"))
        page.locator(f"#{SITE.entries[13].section}-{SITE.entries[13].slug}").scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / f"print-preview-question-{scheme}-{width}.png"))
        recorder.assert_clean()


def test_a_section_page_prints_without_study_controls(new_page, base_url):
    page, recorder = new_page(base_url)
    page.add_init_script("localStorage.setItem('llm-guide.selftest', 'on')")
    page.goto(base_url + f"{SITE.sections[0].id}/")
    wait_for_material(page)
    assert page.locator(".guide-takeaway a[download]").is_visible()
    page.emulate_media(media="print")
    for control in (".guide-toolbar", ".guide-progress", ".guide-takeaway", ".guide-reveal"):
        assert not page.locator(control).first.is_visible(), f"{control} shows in print"
    assert page.locator(".guide-item .guide-answer").first.is_visible()
    recorder.assert_clean()


def test_pdf_has_every_question_an_outline_and_sensible_pages(browser, site_dir, tmp_path):
    output = tmp_path / "guide.pdf"
    result = pdf.print_with(browser, site_dir, output)
    assert result.questions == len(SITE.entries)
    reader = PdfReader(output)
    pages = len(reader.pages)
    # A page (or more) per question, plus cover, contents, section titles, notebooks, glossary.
    assert len(SITE.entries) + len(SITE.sections) < pages < 4 * len(SITE.entries), pages
    texts = [squeeze(page.extract_text()) for page in reader.pages]  # pypdf: about 7 s; once
    text = "".join(texts)
    # Each title is in the contents and heads its page.
    missing = [e.title for e in SITE.entries if text.count(squeeze(plain(e.title))) < 2]
    assert not missing, f"not in the PDF's text: {missing[:5]}"
    # Nothing that only makes sense on screen: synonyms, the Review page's keys, study controls.
    for screen_only in ("Alsosearchedas", "⏎", "Markreviewed", "Copylink", "OpeninColab"):
        assert squeeze(screen_only) not in text, f"{screen_only!r} is in the PDF"
    # The summary is the answer's first sentence, except for a question the source answers with
    # code or key points only (its summary is written for the section lists).
    answered = [e for e in SITE.entries if e.question.answer or e.is_guide]
    for entry in answered[:: len(answered) // 6]:
        first_sentence = squeeze(entry.summary)[:60]
        assert first_sentence in text, f"{entry.slug}: answer not in the PDF"

    # Bookmarks: the sections at the top, their questions nested under them.
    outline: dict[str, list[str]] = {}
    current = None
    for item in reader.outline:
        if isinstance(item, list):
            if current is not None:
                outline[current] += [child.title for child in item if not isinstance(child, list)]
        else:
            current = item.title.strip()
            outline[current] = []
    for section in SITE.sections:
        assert section.title in outline, f"no bookmark for {section.title}: {list(outline)[:10]}"
        children = [squeeze(t) for t in outline[section.title]]
        assert children == [squeeze(plain(e.title)) for e in SITE.in_section(section.id)]
    assert {"Contents", "Notebooks", "Glossary"} <= set(outline)

    # The contents give each question's page (two passes): the page with its number and title.
    order: list = []
    for section in SITE.sections:
        order += [section, *SITE.in_section(section.id)]
    assert None not in result.contents and len(result.contents) == len(order) + 2 + len(
        list((ROOT / "notebooks").glob("*.ipynb"))
    )
    assert list(result.contents) == sorted(result.contents)
    assert result.passes == 2, "the numbers moved a line of the contents"
    contents_text = "".join(texts[1 : result.contents[0] - 1])
    for index in range(1, len(order), 7):
        entry, number = order[index], result.contents[index]
        if entry in SITE.sections:
            continue
        title = squeeze(plain(entry.title))
        assert entry.label in texts[number - 1] and title in texts[number - 1], entry.slug
        assert f"{title}{number}" in contents_text, f"{entry.slug}: no page number {number} in the contents"
    if shutil.which("pdftoppm"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "4", str(output), str(SCREENSHOTS / "pdf-page")],
            check=True,
        )
    REPORT.append(f"pdf: {pages} pages, {result.size / 1024:.0f} KB, {len(reader.outline)} top-level bookmarks")


def test_offline_zip_has_the_deck_and_a_working_printable_page(new_page, offline_zip, tmp_path):
    with zipfile.ZipFile(offline_zip) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path)
    (top,) = {name.split("/")[0] for name in names}
    assert f"{top}/downloads/llm-interview-guide.apkg" in names
    root = tmp_path / top
    page, recorder = new_page("file://")
    page.goto(root.joinpath("index.html").as_uri())
    wait_for_material(page)
    page.locator("article a[href$='print_page.html']").first.click()
    page.wait_for_url("**/print_page.html")
    assert page.locator("#guide-print .guide-answer").count() == len(SITE.entries)
    # Links inside the page stay inside it; figures load from disk.
    entry = SITE.entries[20]
    assert page.locator(f".guide-print-toc a[href='#{entry.section}-{entry.slug}']").count() == 1
    assert page.evaluate("() => Array.from(document.images).every((img) => img.complete)")
    recorder.assert_clean()
