"""The printable guide (/print_page/, print-site plugin) in the real build: every answer, in sections."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from guide_testing import ROOT, squeeze

from studyguide.generate import merge_project
from studyguide.inputs.markup import plain
from studyguide.model import CodeBlock, KeyPoint
from studyguide.project import Project

SITE = merge_project(Project(ROOT)).site


def heading(section) -> str:
    """A section's first heading, without its permalink sign, squeezed."""
    return squeeze(section.find("h1").get_text()).removesuffix("¶")


@pytest.fixture(scope="module")
def print_page(built_site: Path) -> BeautifulSoup:
    path = built_site / "print_page" / "index.html"
    assert path.is_file(), "the build wrote no printable page"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_every_question_with_its_answer_key_points_and_corrections(print_page):
    root = print_page.select_one("#print-site-page")
    assert root is not None
    sections = root.select("section.print-page.md-section")
    titles = [heading(s) for s in sections]
    assert titles[:4] == [squeeze(s.title) for s in SITE.sections], "sections in the site's order"
    for entry in SITE.entries:
        page = root.select_one(f"section.print-page#{entry.section}-{entry.slug}")
        assert page is not None, f"{entry.url} is not on the printable page"
        assert heading(page) == squeeze(plain(entry.title))
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
        # In its section, in study order.
        section = page.find_parent("section", class_="md-section")
        assert heading(section) == squeeze(next(s.title for s in SITE.sections if s.id == entry.section))
    ids = [s.get("id") for s in root.select("section.print-page:not(.md-section)")]
    order = [f"{e.section}-{e.slug}" for e in SITE.entries]
    assert [i for i in ids if i in order] == order


def test_notebooks_with_outputs_and_the_glossary(print_page, built_site):
    root = print_page.select_one("#print-site-page")
    notebooks = root.select("section.print-page[id^=notebooks-]")
    assert len(notebooks) == len(list((ROOT / "notebooks").glob("*.ipynb")))
    for notebook in notebooks:
        assert notebook.select(".jp-OutputArea-output"), f"{notebook['id']}: no outputs"
    # Figures are files of the site (not inlined), and resolve from the printable page.
    for image in root.select("img"):
        source = image["src"]
        assert not source.startswith(("http:", "https:", "//")), source
        if not source.startswith("data:"):
            assert (built_site / "print_page" / source).resolve().is_file(), source
    glossary = root.select_one("section.print-page#glossary")
    assert glossary is not None and len(glossary.select("dt")) > 50
    # Not the home page, the section overviews or the site's own pages.
    for key in ("index", "concepts", "tags", "performance"):
        assert root.select_one(f"section.print-page#{key}") is None, key


def test_light_and_self_contained(built_site, print_page):
    size = (built_site / "print_page" / "index.html").stat().st_size
    # mkdocs-jupyter inlines ~600 KB of styles per notebook; the page must get the shared file instead.
    # The whole guide with its notebooks is about 1 MB; inlined notebook CSS would add 1.4 MB.
    assert size < 1_500_000, f"printable page is {size} bytes"
    assert "@@jupyter-shared-css" not in str(print_page)
    for tag in print_page.select("link[rel~=stylesheet], link[rel~=icon], link[rel~=preload], script[src], img[src]"):
        address = tag.get("href") or tag.get("src")
        assert not re.match(r"(https?:)?//", address), f"loads {address} from elsewhere"
    assert print_page.select_one("#print-page-toc") is not None
    assert print_page.select_one(".guide-toolbar") is None, "no study controls on the printable page"


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
