"""Light to read, fast to build: sizes of the built site and the hooks' page transforms.

Only sizes and structure are checked here, never times: the timings are figures
for `studyguide bench`, which compares them side by side on one machine.
"""

from __future__ import annotations

import base64
import gzip
import html
import json
import re
import struct
import zlib
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from guide_testing import ROOT
from mkdocs.exceptions import PluginError

from studyguide.dev import bench as benchmark
from studyguide.dev.testing import PAGE_BUDGETS as BUDGETS
from studyguide.generate import Texts, merge
from studyguide.site import notebook_pages as notebooks


def gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def holds_back_search_index(text: str) -> bool:
    """Whether a page inlines overrides/partials/search-on-demand.js before Material's bundle."""
    bundle = text.find("assets/javascripts/bundle.")
    return 0 <= text.find("__searchIndex") < bundle


def first_visit(site: Path, page: str) -> dict[str, int]:
    """What a browser loads up front for `page`: each local file and its gzipped size."""
    html = site / page / "index.html"
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    sizes = {str(html.relative_to(site)): gzipped(html)}
    references = [tag["href"] for tag in soup.select('link[rel="stylesheet"][href], link[rel="icon"][href]')]
    references += [tag["src"] for tag in soup.select("script[src]")]
    references += [tag["src"] for tag in soup.select("img[src]") if tag.get("loading") != "lazy"]
    config = json.loads(soup.select_one("#__config").string)
    references.append(config["search"])  # Material starts its search worker on load
    if not holds_back_search_index(html.read_text(encoding="utf-8")):
        # ... and its bundle then fetches the index at once (base + "/search/search_index.json").
        references.append(config["base"] + "/search/search_index.json")
    for reference in references:
        if reference and not reference.startswith(("http:", "https:", "data:")):
            target = (html.parent / reference.split("?")[0]).resolve()
            sizes[str(target.relative_to(site.resolve()))] = gzipped(target)
    return sizes


@pytest.mark.parametrize("page", sorted(BUDGETS))
def test_first_visit_is_within_budget(built_site: Path, page: str):
    sizes = first_visit(built_site, page)
    assert not any(name.startswith("search/") for name in sizes), "the search index must load on demand"
    total = sum(sizes.values())
    assert total <= BUDGETS[page], f"{total} bytes gzipped: {sorted(sizes.items(), key=lambda kv: -kv[1])}"


def test_notebook_pages_share_one_stylesheet(built_site: Path):
    links = set()
    for page in sorted((built_site / "notebooks").glob("*/index.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert not soup.select("article style"), f"{page}: inlined <style> left"
        assert not soup.select('img[src^="data:"]'), f"{page}: inlined image left"
        (link,) = [a["href"] for a in soup.select('article link[rel="stylesheet"]')]
        links.add((page.parent / link).resolve())
        for img in soup.select("article img"):
            assert img["loading"] == "lazy" and int(img["width"]) > 0 and int(img["height"]) > 0
            assert (page.parent / img["src"]).is_file()
    (stylesheet,) = links
    assert stylesheet.is_file() and stylesheet.stat().st_size < 150_000


def test_every_page_loads_the_search_index_on_demand(built_site: Path):
    for page in [built_site / "404.html", *sorted(built_site.glob("**/index.html"))]:
        text = page.read_text(encoding="utf-8")
        if "bundle." not in text:
            continue  # a redirect page
        assert holds_back_search_index(text), page


# ---------------------------------------------------------------- the hooks' transforms


def test_split_styles_moves_the_templates_styles_out():
    content = (
        '<style type="text/css">a{color:red}</style>\n<div class="jupyter-wrapper"><p>x</p>'
        "<style scoped>.dataframe{}</style></div> <!-- jupyter-wrapper -->\n<style>b{}</style>"
    )
    rest, css = notebooks.split_styles(content)
    assert (
        rest
        == '<div class="jupyter-wrapper"><p>x</p><style scoped>.dataframe{}</style></div> <!-- jupyter-wrapper -->\n'
    )
    assert css == "a{color:red}\nb{}\n"
    assert notebooks.split_styles("<style>a{}</style><p>not a notebook</p>") == (
        "<style>a{}</style><p>not a notebook</p>",
        "",
    )


def test_prune_css_keeps_what_can_match():
    css = (
        '/* comment */@charset "UTF-8";'
        ".jupyter-wrapper{--a:1}"
        ".jupyter-wrapper :root{--b:2}"
        ".jp-Used,.jp-Unused{color:red}"
        ".jp-Cell:not(.jp-mod-active) .jp-Used{opacity:.5}"
        ".bp3-button{x:y}"
        "@media (max-width:1px){.jp-Unused{a:b}.jp-Used{c:d}}"
        "@media print{.lm-Widget{a:b}}"
        "@keyframes spin{from{a:b}to{c:d}}"
        ".md-typeset .unknown{kept:yes}"
    )
    pruned = notebooks.prune_css(css, {"jp-Used", "jp-Cell"})
    assert pruned.split("\n") == [
        '@charset "UTF-8";',
        ".jupyter-wrapper{--a:1}",
        ".jp-Used{color:red}",
        ".jp-Cell:not(.jp-mod-active) .jp-Used{opacity:.5}",
        "@media (max-width:1px){.jp-Used{c:d}}",
        "@keyframes spin{from{a:b}to{c:d}}",
        ".md-typeset .unknown{kept:yes}",
    ]


def test_split_selectors_respects_parentheses():
    assert notebooks.split_selectors("a, :is(b, c) d,e") == ["a", ":is(b, c) d", "e"]


def tiny_png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xff" * 3 * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def test_split_figures_writes_lazy_files_beside_the_page():
    png = tiny_png(3, 2)
    content = f'<p>x</p><img alt="plot" src="data:image/png;base64,{base64.b64encode(png).decode()}"/>'
    new, figures = notebooks.split_figures(content, "notebooks/demo/")
    ((path, data),) = figures.items()
    assert data == png and re.fullmatch(r"notebooks/demo/figure-[0-9a-f]{10}\.png", path)
    name = path.rsplit("/", 1)[1]
    assert new == f'<p>x</p><img alt="plot" src="{name}" width="3" height="2" loading="lazy" decoding="async"/>'
    # Without directory URLs (the offline build) the page is notebooks/demo.html.
    _, figures = notebooks.split_figures(content, "notebooks/demo.html")
    assert next(iter(figures)).startswith("notebooks/figure-")


def test_split_figures_puts_back_the_alt_text_the_notebook_keeps():
    png, other = tiny_png(3, 2), tiny_png(2, 2)
    data = base64.b64encode(png).decode()
    notebook = {
        "cells": [
            {"cell_type": "markdown", "source": "text"},
            {
                "cell_type": "code",
                "outputs": [
                    {  # as nbformat stores it: base64 in lines, the alt text in the output's metadata
                        "output_type": "display_data",
                        "data": {"image/png": [data[:8] + "\n", data[8:]], "text/plain": "<Figure>"},
                        "metadata": {"image/png": {"alt": 'A white "3 by 2" square'}},
                    },
                    {"output_type": "display_data", "data": {"image/png": base64.b64encode(other).decode()}},
                ],
            },
        ]
    }
    alts = notebooks.figure_alts(notebook)
    assert list(alts.values()) == ['A white "3 by 2" square']
    placeholder = f'alt="{notebooks.DEFAULT_ALT}"'
    content = "".join(
        f'<img {placeholder} class="" src="data:image/png;base64,{base64.b64encode(image).decode()}"/>'
        for image in (png, other)
    )
    new, figures = notebooks.split_figures(content, "notebooks/demo/", alts)
    assert len(figures) == 2
    assert new.startswith('<img alt="A white &quot;3 by 2&quot; square" class="" src="figure-')
    assert new.count(placeholder) == 1  # the figure the notebook gives no alt text keeps the placeholder
    with pytest.raises(PluginError, match=r"notebooks/demo\.ipynb: 1 figure\(s\) without alt text"):
        notebooks.require_alt_texts(new, "notebooks/demo.ipynb")
    notebooks.require_alt_texts(notebooks.split_figures(content.split("/>")[0] + "/>", "x/", alts)[0], "x")


# ---------------------------------------------------------------- the benchmark's pure parts


def test_synthetic_document_has_unique_titles_and_the_same_shape():
    text = (ROOT / "source" / "llm-interview-questions.txt").read_text(encoding="utf-8")
    synthetic = benchmark.synthesize_document(text, 3)
    titles = [m["title"] for line in synthetic.splitlines() if (m := benchmark.QUESTION_LINE.match(line))]
    original = [m["title"] for line in text.splitlines() if (m := benchmark.QUESTION_LINE.match(line))]
    assert len(titles) == 3 * len(original)
    assert len(set(titles)) == 3 * len(set(original))  # the question printed twice stays one question
    assert synthetic.startswith(text.rstrip("\n"))
    assert synthetic.count("```") == 3 * text.count("```")


def test_long_sections_are_listed_by_their_overview_in_the_product_nav():
    """The nav rule the benchmark's 100x figures rely on is the product's (render_site_data)."""
    from studyguide.outputs.pages import NAV_QUESTIONS_MAX, render_site_data

    text = (ROOT / "source" / "llm-interview-questions.txt").read_text(encoding="utf-8")
    curated = (ROOT / "data" / "questions.yml").read_text(encoding="utf-8")
    site = merge(Texts(source=benchmark.synthesize_document(text, 10), curated=curated)).site
    data = yaml.safe_load(render_site_data(site, {}))
    cut = []
    for section in site.sections:
        (entry,) = [item[html.escape(section.title)] for item in data["nav"] if html.escape(section.title) in item]
        assert entry == [f"{section.id}/index.md"]
        cut.append(f"/{section.id}/")
    assert len(site.entries) > NAV_QUESTIONS_MAX and data["not_in_nav"] == cut


def test_benchmark_help_explains_itself(capsys):
    """`studyguide bench --help` says what is measured and lists every option and group."""
    with pytest.raises(SystemExit) as exit_info:
        benchmark.main(["--help"])
    assert exit_info.value.code == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert help_text.startswith("usage: studyguide bench"), help_text[:200]
    assert "Measure the study guide side by side" in help_text
    for option in ("--repeat", "--scales", "--skip", "--chromium", "--write-docs"):
        assert option in help_text, option
    for group in benchmark.GROUPS:
        assert f" {group} " in help_text, f"the help does not describe the {group!r} group"
