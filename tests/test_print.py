"""The printable guide (/print_page/, src/studyguide/site/print_page.py): what it holds, in the real build,
at 10x scale, and with a very long word (the page is put together in linear time)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from guide_testing import AT_10X, ROOT, build_site, copy_project, run_generate, squeeze

from studyguide.generate import merge_project
from studyguide.inputs.markup import plain
from studyguide.model import CodeBlock, KeyPoint
from studyguide.project import Project
from studyguide.site.print_page import Rewriter, rewrite_html

SITE = merge_project(Project(ROOT)).site


def heading(element) -> str:
    """An element's first heading, without its permalink sign, squeezed."""
    return squeeze(element.find("h1").get_text()).removesuffix("¶")


def load(site: Path) -> BeautifulSoup:
    path = site / "print_page" / "index.html"
    assert path.is_file(), "the build wrote no printable page"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def print_page(built_site: Path) -> BeautifulSoup:
    return load(built_site)


def test_every_question_with_its_number_answer_key_points_and_corrections(print_page):
    root = print_page.select_one("#guide-print")
    assert root is not None
    sections = root.select("section.guide-print-section")
    titles = [heading(s) for s in sections]
    assert titles == [squeeze(s.title) for s in SITE.sections] + ["Notebooks"], "sections in the site's order"
    for entry in SITE.entries:
        page = root.select_one(f"article.guide-print-page#{entry.section}-{entry.slug}")
        assert page is not None, f"{entry.url} is not on the printable page"
        assert heading(page) == squeeze(plain(entry.title))
        about = page.select_one(".guide-print-about").get_text()
        assert about.startswith(f"{entry.label} ") or about == entry.label, about
        text = squeeze(page.get_text())
        for block in entry.question.blocks:
            if isinstance(block, KeyPoint):
                wanted = [block.term, block.definition]
            elif isinstance(block, CodeBlock):
                wanted = [block.code]
            else:
                wanted = [block.text]
            for piece in wanted:
                assert squeeze(plain(piece)) in text, f"{entry.slug}: {piece[:60]!r} missing"
        for erratum in entry.errata:
            assert squeeze(erratum.find) in text, f"{entry.slug}: the erratum does not quote the source"
        section = page.find_parent("section", class_="guide-print-section")
        assert heading(section) == squeeze(next(s.title for s in SITE.sections if s.id == entry.section))
    ids = [a.get("id") for a in root.select("article.guide-print-page")]
    order = [f"{e.section}-{e.slug}" for s in SITE.sections for e in SITE.in_section(s.id)]
    assert [i for i in ids if i in order] == order, "questions in study order"


def test_nothing_that_only_makes_sense_on_screen(print_page):
    root = print_page.select_one("#guide-print")
    text = root.get_text()
    assert "Also searched as" not in text
    assert "⏎" not in text, "the Review page's keyboard instructions"
    for selector in (
        ".guide-synonyms",
        ".guide-pager",
        ".guide-toolbar",
        ".guide-progress",
        "#guide-review",
        "kbd",
        ".nb-links",
    ):
        assert root.select_one(selector) is None, f"{selector} is on the printable page"
    for key in ("index", "concepts-index", "tags", "performance", "review"):
        assert root.select_one(f"article#{key}") is None, key


def test_contents_list_every_question_and_links_stay_on_the_page(print_page, built_site):
    root = print_page.select_one("#guide-print")
    ids = [tag["id"] for tag in root.select("[id]")]
    assert len(ids) == len(set(ids)), "ids are unique"
    ids = set(ids)
    toc = root.select(".guide-print-toc a")
    targets = [a["href"] for a in toc]
    for entry in SITE.entries:
        assert f"#{entry.section}-{entry.slug}" in targets, f"{entry.slug} is not in the contents"
    numbers = [a.select_one(".guide-print-toc__number") for a in toc]
    assert sum(n is not None for n in numbers) == len(SITE.entries)
    assert all(a.select_one(".guide-print-toc__page") is not None for a in toc)
    for link in root.select("a[href]"):
        href = link["href"]
        if href.startswith("#"):
            assert href[1:] in ids, f"{href} points nowhere on the printable page"
        elif not re.match(r"[a-z]+:", href):
            path = (built_site / "print_page" / href.split("#")[0]).resolve()
            assert path.is_file() or (path / "index.html").is_file(), href
    # Cross-links between questions and to the glossary point into the page.
    related = root.select_one(f"article#{SITE.entries[0].section}-{SITE.entries[0].slug}")
    assert any(a["href"].startswith("#glossary--term-") for a in print_page.select("#guide-print a.guide-term"))
    assert related.select("h2 + ul a[href^='#']"), "related questions point into the page"


def test_notebooks_with_outputs_and_the_glossary(print_page, built_site):
    root = print_page.select_one("#guide-print")
    notebooks = root.select("article.guide-print-page[id^=notebooks-]")
    assert len(notebooks) == len(list((ROOT / "notebooks").glob("*.ipynb")))
    for notebook in notebooks:
        assert notebook.select(".jp-OutputArea-output"), f"{notebook['id']}: no outputs"
    for image in root.select("img"):
        assert not image.has_attr("loading"), "images load at once: printing does not wait for a scroll"
        source = image["src"]
        assert not source.startswith(("http:", "https:", "//")), source
        if not source.startswith("data:"):
            assert (built_site / "print_page" / source).resolve().is_file(), source
    glossary = root.select_one("article.guide-print-page#glossary")
    assert glossary is not None and len(glossary.select("dt")) > 50


def test_light_and_self_contained(built_site, print_page):
    size = (built_site / "print_page" / "index.html").stat().st_size
    # mkdocs-jupyter inlines ~600 KB of styles per notebook; the page must get the shared file instead.
    assert size < 1_500_000, f"printable page is {size} bytes"
    assert "@@jupyter-shared-css" not in str(print_page)
    assert len(print_page.select("link[href*='assets/stylesheets/jupyter-']")) == 1
    for tag in print_page.select("link[rel~=stylesheet], link[rel~=icon], link[rel~=preload], script[src], img[src]"):
        address = tag.get("href") or tag.get("src")
        assert not re.match(r"(https?:)?//", address), f"loads {address} from elsewhere"
    search = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"location":"print_page/' not in search, "the printable page repeats every page: out of search"


def test_home_and_sections_link_the_deck_and_the_printable_page(built_site):
    pages = [built_site / "index.html", *(built_site / s.id / "index.html" for s in SITE.sections)]
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one("article")
        deck = article.select_one("a[href$='downloads/llm-interview-guide.apkg'][download]")
        assert deck is not None, f"{page}: no deck link"
        assert (page.parent / deck["href"]).resolve().is_file()
        printable = article.select_one("a[href$='print_page/']")
        assert printable is not None, f"{page}: no link to the printable page"
        assert (page.parent / printable["href"] / "index.html").resolve().is_file()


# ---------------------------------------------------------------- long input, large documents


def test_rewriting_keeps_long_words_lines_and_odd_markup_intact():
    rewriter = Rewriter("concepts-x", "concepts/x/", "print_page/", {"glossary": "glossary"})
    word = "a" * 100_000
    line = " ".join(f'x{i} = "{i}" <' for i in range(300))  # a 3 kB line of code, escaped as a page has it
    text = (
        f'<h1 id="t">T</h1><p>{word}</p><pre><code>{line.replace("<", "&lt;")}</code></pre>'
        f'<p class="guide-synonyms">Also searched as: {word}</p>'
        f'<a href="../../glossary/#term-bpe">BPE</a><a href="#t">up</a><img src="figure.png" alt="" loading="lazy">'
        f'<p>href="{word}</p><script>if (a < b && c > d) {{ x = "<p id=q>"; }}</script>'
        f"<!-- {word} <p> -->"
    )
    out = rewrite_html(text, rewriter)
    assert f"<p>{word}</p>" in out
    assert line.replace("<", "&lt;") in out
    assert "Also searched as" not in out
    assert '<h1 id="concepts-x--t">' in out
    assert '<a href="#glossary--term-bpe">' in out and '<a href="#concepts-x--t">' in out
    assert '<img src="../concepts/x/figure.png" alt="">' in out
    assert f'<p>href="{word}</p>' in out
    assert 'x = "<p id=q>"' in out, "script text is copied as it is"
    assert out.endswith(f"<!-- {word} <p> -->")


class Scanned(str):
    """A page's HTML that counts the characters its ``find`` calls look at."""

    count = 0

    def find(self, sub, start=0, end=None):  # noqa: ANN001, ANN201 - str's own signature
        end = len(self) if end is None else end
        found = super().find(sub, start, end)
        Scanned.count += (found + len(sub) if found >= 0 else end) - start
        return found


def scanned(text: str) -> int:
    Scanned.count = 0
    rewrite_html(Scanned(text), Rewriter("k", "concepts/x/", "print_page/", {}))
    return Scanned.count


@pytest.mark.parametrize("size", [10_000, 100_000, 1_000_000])
def test_the_scan_looks_at_each_character_a_bounded_number_of_times(size):
    """Linear, not timed: the characters the rewrite's scans look at, for a long word right after a tag
    (where the plugin's regex backtracked), a long line of highlighted code, and a screen-only element."""
    spans = '<span class="mi">1</span><span class="p">,</span> ' * (size // 50)
    text = (
        f"<p>{'x' * size}</p><pre><code>{spans}</code></pre>"
        f'<p class="guide-synonyms">Also searched as: {"y" * size}</p><p id="a">{"z " * (size // 2)}</p>'
    )
    assert scanned(text) <= 2 * len(text)


def test_a_100_kb_word_builds_in_linear_time(tmp_path):
    """The print-site plugin's anchor regex took 128 s on a 100 kB word (quadratic); this build has
    a 300 kB word, which that would take over 15 minutes: it must finish within a deadline a normal
    build meets many times over, even on a busy machine."""
    project = copy_project(tmp_path / "project")
    source = project / "source" / "llm-interview-questions.txt"
    word = "x" * 300_000
    text = source.read_text(encoding="utf-8")
    marker = "Embeddings: High-dimensional numerical representations of tokens."
    assert text.count(marker) == 1
    # A paragraph of its own: in the HTML the word follows a tag with no space (the plugin's worst case).
    source.write_text(text.replace(marker, f"{marker}\n\n{word}"), encoding="utf-8")
    assert run_generate(project, "-q").returncode == 0
    try:
        result = build_site(project, tmp_path / "site", timeout=300)
    except subprocess.TimeoutExpired:
        pytest.fail("the build with a 300 kB word did not finish in 300 s")
    assert result.returncode == 0, result.stderr
    assert word in (tmp_path / "site" / "print_page" / "index.html").read_text(encoding="utf-8")


@AT_10X
def test_every_question_is_printed_at_10x(built_at_10x):
    """Past 100 questions the section question pages leave the nav: the printable page still holds every one."""
    project, built = built_at_10x
    site = merge_project(Project(project)).site
    assert len(site.entries) > 100
    root = load(built).select_one("#guide-print")
    ids = [a["id"] for a in root.select("article.guide-print-page")]
    assert [i for i in ids if not i.startswith(("notebooks-", "glossary"))] == [
        f"{e.section}-{e.slug}" for s in site.sections for e in site.in_section(s.id)
    ]
    assert len(root.select(".guide-print-toc .guide-print-toc__number")) == len(site.entries)
