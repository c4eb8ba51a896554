"""The printable guide, /print_page/: every question, the notebooks and the glossary on one page.

A page of the site like any other (``print_page.md``, generated here, out of the nav and of
search), whose content is put together from the SAME rendered HTML as the pages it holds:

- :meth:`PrintPage.collect` keeps each page's content as the build renders it (``on_page_content``,
  after every other step); MkDocs renders every page's content before it writes any page;
- :meth:`PrintPage.finish` fills the printable page when MkDocs writes it (``on_post_page``):
  a cover (``overrides/partials/print-cover.html``), a contents list, then each section's title
  and its questions in study order (the order of the section overview's list; a question the
  overview does not list still comes, last), the notebooks, and the glossary.

What each page brings is rewritten by :func:`rewrite_html`, one linear scan over the HTML (no
regular expression that can backtrack over a long line or word): ids get the page's key as a
prefix (``concepts-tokenization--related-questions``); a link to a page on the printable page
points to its anchor there (``#concepts-tokenization``, ``#glossary--term-bpe``), any other
relative link or image is re-addressed from /print_page/; and what only makes sense on screen is
left out (the "Also searched as" line, the previous/next pager). The study toolbar, progress
and review controls are not part of a page's content. Each question gets its source number
("Q24") and level above its title; the page breaks and page numbers are extra.css's print rules.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

SRC_URI = "print_page.md"
TITLE = "The whole guide"
COVER_TEMPLATE = "partials/print-cover.html"
# MkDocs renders this page like any other; finish() puts the guide where the marker is.
MARKER = "<!-- guide-print: the pages go here -->"
SOURCE = f"""---
title: {TITLE}
description: Every question with its answer, the notebooks and the glossary on one page, to print or save as PDF.
hide:
  - navigation
  - toc
search:
  exclude: true
---

{MARKER}
"""
# Elements with one of these classes only make sense on screen (the "Also searched as" line, the pager,
# a notebook's download and Colab buttons): left out, with what they hold.
SCREEN_ONLY = ("guide-synonyms", "guide-pager", "nb-links")
# Attributes that name an id of the same page (space-separated lists for aria-*).
ID_ATTRIBUTES = ("id", "for", "aria-labelledby", "aria-describedby", "aria-controls")
URL_ATTRIBUTES = ("href", "src")
VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
RAW_TEXT = ("<script", "<style")
# The next "<" worth a look: not an end tag, nor a span of highlighted code (``<span class="n">``,
# most of a code block's tags), neither of which has anything to rewrite. The lookahead stops at
# the class's end or at the next "<", so every character is looked at once: linear.
NEXT_TAG = re.compile(r'<(?!/|span class="[a-z0-9]{1,4}">)')
LEVELS = {"foundational": "Foundational", "intermediate": "Intermediate", "advanced": "Advanced"}


def page_file(config: MkDocsConfig) -> File:
    """The printable page as a file of the site: out of the nav, linked as ``print_page.md``."""
    return File.generated(config, SRC_URI, content=SOURCE, inclusion=InclusionLevel.NOT_IN_NAV)


def page_key(src_uri: str) -> str:
    """A page's anchor on the printable page: ``concepts/tokenization.md`` -> ``concepts-tokenization``."""
    return posixpath.splitext(src_uri)[0].replace("/", "-")


def nav_order(nav: Any) -> list[str]:
    """The source paths of config.nav (a list of strings and one-key mappings), in order."""
    order: list[str] = []
    stack = [nav]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            order.append(item)
        elif isinstance(item, dict):
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))
    return order


def _url_key(url: str) -> str:
    """A site URL without ``index.html``, slashes or fragment, to compare URLs of either style."""
    url = url.split("#", 1)[0]
    if url.endswith("index.html"):
        url = url[: -len("index.html")]
    elif url.endswith(".html"):
        url = url[: -len(".html")]
    return url.strip("/")


def _is_relative(url: str) -> bool:
    return bool(url) and not url.startswith(("/", "#")) and ":" not in url.split("/", 1)[0]


@dataclass
class Rewriter:
    """Re-addresses one page's ids and links for the printable page."""

    key: str  # this page's anchor on the printable page
    page_url: str  # where the page is on the site
    print_url: str  # where the printable page is
    anchors: dict[str, str]  # _url_key(site URL) -> anchor, for every page on the printable page
    links: set[str] = field(default_factory=set)  # <link> tags already on the printable page

    def id(self, value: str) -> str:
        return " ".join(f"{self.key}--{v}" for v in value.split())

    def url(self, value: str, attribute: str) -> str:
        raw = html.unescape(value)
        if raw.startswith("@@"):  # a placeholder a later step fills in (the notebooks' shared stylesheet)
            return value
        if raw.startswith("#"):
            return html.escape(f"#{self.key}--{raw[1:]}" if len(raw) > 1 else f"#{self.key}")
        if not _is_relative(raw):
            return value
        path, _, fragment = raw.partition("#")
        base = (
            self.page_url
            if self.page_url.endswith("/") or not self.page_url
            else posixpath.dirname(self.page_url) + "/"
        )
        target = posixpath.normpath(posixpath.join(base, path)) if path else self.page_url
        if target == ".":
            target = ""
        if path.endswith("/") and target:
            target += "/"
        anchor = self.anchors.get(_url_key(target)) if attribute == "href" else None
        if anchor is not None:
            return html.escape(f"#{anchor}--{fragment}" if fragment else f"#{anchor}")
        moved = get_relative_url(target or ".", self.print_url)
        if path.endswith("/") and not moved.endswith("/"):
            moved += "/"
        return html.escape(moved + (f"#{fragment}" if fragment else ""))

    def tag(self, tag: str) -> str:
        """``tag`` (``<name attr="v" ...>``) with its ids and addresses rewritten; linear in its length."""
        out: list[str] = []
        n = len(tag)
        i = 1
        while i < n and not tag[i].isspace() and tag[i] not in "/>":
            i += 1
        out.append(tag[:i])
        while i < n:
            start = i
            while i < n and (tag[i].isspace() or tag[i] == "/"):
                i += 1
            name_start = i
            while i < n and not tag[i].isspace() and tag[i] not in "=>/":
                i += 1
            name = tag[name_start:i].lower()
            if i >= n or tag[i] != "=" or not name:
                if i == name_start:  # ">" or a stray character: keep the rest as it is
                    out.append(tag[start:])
                    break
                out.append(tag[start:i])
                continue
            i += 1
            quote = tag[i] if i < n and tag[i] in "\"'" else ""
            if quote:
                end = tag.find(quote, i + 1)
                end = n - 1 if end < 0 else end
                value = tag[i + 1 : end]
                after = end + 1
            else:
                end = i
                while end < n and not tag[end].isspace() and tag[end] != ">":
                    end += 1
                value = tag[i:end]
                after = end
            if name == "loading":  # images load at once: printing must not wait for a scroll
                i = after
                continue
            if name in ID_ATTRIBUTES and value:
                value = self.id(value)
            elif name in URL_ATTRIBUTES:
                value = self.url(value, name)
            q = quote or '"'
            out.append(f"{tag[start:name_start]}{name}={q}{value}{q}")
            i = after
        return "".join(out)


def _tag_name(tag: str) -> str:
    """The lower-case name of a start tag (``<span class="n">`` -> ``span``)."""
    end = 1
    while end < len(tag) and (tag[end].isalnum() or tag[end] == "-"):
        end += 1
    return tag[1:end].lower()


def _element_end(text: str, start: int, name: str) -> int:
    """Where the element whose start tag ends at ``start`` ends (after its end tag): a forward scan
    counting the start and end tags of ``name``; the end of ``text`` if it is not closed."""
    depth = 1
    i = start
    opening, closing = f"<{name}", f"</{name}"
    while depth:
        lt = text.find("<", i)
        if lt < 0:
            return len(text)
        gt = text.find(">", lt + 1)
        if gt < 0:
            return len(text)
        i = gt + 1
        after = text[lt + len(closing) : lt + len(closing) + 1]
        if text.startswith(closing, lt) and (after == ">" or after.isspace()):
            depth -= 1
        elif text.startswith(opening, lt) and text[gt - 1] != "/":
            after = text[lt + len(opening) : lt + len(opening) + 1]
            if after == ">" or after.isspace():
                depth += 1
    return i


def rewrite_html(text: str, rewriter: Rewriter, screen_only: tuple[str, ...] = SCREEN_ONLY) -> str:
    """One page's content for the printable page: one pass, linear in ``len(text)``.

    Every step moves forward: to the next ``<`` worth a look (:data:`NEXT_TAG` passes over end tags
    and highlighted code's ``<span class="n">``), then with ``str.find`` to its ``>``; comments and
    tags with nothing to rewrite are left where they are and copied in one piece with the text
    around them; script and style are copied whole; an element left out is followed to its end tag
    by :func:`_element_end`.
    """
    out: list[str] = []
    n = len(text)
    copied = 0  # text[:copied] is in out, or left out
    i = 0
    find = text.find
    search = NEXT_TAG.search
    while True:
        found = search(text, i)
        if found is None:
            break
        lt = found.start()
        second = text[lt + 1 : lt + 2]
        if second == "!":
            end = find("-->", lt + 4) if text.startswith("<!--", lt) else find(">", lt + 2)
            i = n if end < 0 else end + (3 if text.startswith("<!--", lt) else 1)
            continue
        gt = find(">", lt + 1)
        if gt < 0:
            break
        i = gt + 1
        if second == "/" or not second.isalpha():
            continue
        tag = text[lt:i]
        if text.startswith(RAW_TEXT, lt):
            close = find(f"</{_tag_name(tag)}", i)
            i = n if close < 0 else close
            continue
        if text.startswith("<link", lt):
            if tag in rewriter.links:  # the same stylesheet again (every notebook brings it)
                out.append(text[copied:lt])
                copied = i
                continue
            rewriter.links.add(tag)
        if 'class="' in tag and any(word in tag for word in screen_only) and _has_class(tag, screen_only):
            name = _tag_name(tag)
            if name not in VOID and text[gt - 1] != "/":
                out.append(text[copied:lt])
                copied = i = _element_end(text, i, name)
                continue
        if "id=" in tag or "href=" in tag or "src=" in tag or "for=" in tag or "aria-" in tag or "loading=" in tag:
            new = rewriter.tag(tag)
            if new != tag:
                out.append(text[copied:lt])
                out.append(new)
                copied = i
    out.append(text[copied:])
    return "".join(out)


def _has_class(tag: str, names: tuple[str, ...]) -> bool:
    start = tag.find('class="')
    if start < 0:
        return False
    end = tag.find('"', start + 7)
    classes = tag[start + 7 : end if end >= 0 else len(tag)].split()
    return any(name in classes for name in names)


@dataclass
class Collected:
    """What the printable page keeps of one page."""

    src_uri: str
    url: str
    title: str
    meta: dict[str, Any]
    content: str


@dataclass
class PrintPage:
    """One build's printable page: the pages' content as rendered, then the page put together."""

    pages: dict[str, Collected] = field(default_factory=dict)

    def content(self, content: str, page: Page, config: MkDocsConfig) -> str:
        """Keep a page's rendered content (questions, notebooks, the glossary and section overviews).

        The printable page's own content becomes its cover (an <h1>, so Material adds no other)
        and the marker where :meth:`finish` puts the rest.
        """
        meta = page.meta or {}
        src = page.file.src_uri
        if src == SRC_URI:
            cover = f'<section class="guide-print-cover">{_cover(config)}</section>'
            return f'<div class="guide-print" id="guide-print">{cover}{MARKER}</div>'
        if meta.get("question") or meta.get("section_overview") or src.endswith(".ipynb") or src == "glossary.md":
            self.pages[src] = Collected(src, page.url, str(page.title or ""), dict(meta), content)
        return content

    def finish(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """The printable page's HTML: the guide where the marker is (other pages are returned as they are)."""
        if page.file.src_uri != SRC_URI or MARKER not in output:
            return output
        return output.replace(MARKER, self.render(page.url, config), 1)

    def outline(
        self, config: MkDocsConfig
    ) -> tuple[list[tuple[Collected, list[Collected]]], list[Collected], Collected | None]:
        """The sections (overview, questions in study order), the notebooks and the glossary."""
        order = {src: index for index, src in enumerate(nav_order(config.nav))}
        last = len(order)
        ranked = sorted(self.pages.values(), key=lambda p: (order.get(p.src_uri, last), p.src_uri))
        # A long section's overview comes in pages (index.md, page/2.md, ...): each lists its part, in order.
        overviews: dict[str, list[Collected]] = {}
        for p in ranked:
            if p.meta.get("section_overview"):
                overviews.setdefault(str(p.meta.get("section")), []).append(p)
        by_url = {_url_key(p.url): p for p in ranked if p.meta.get("question")}
        sections = []
        placed: set[str] = set()
        for section, pages in overviews.items():
            pages.sort(key=lambda p: (not p.src_uri.endswith("index.md"), _natural(p.src_uri)))
            questions = []
            for url in (url for overview in pages for url in _data_urls(overview.content)):
                question = by_url.get(_url_key(url))
                if question is not None and question.src_uri not in placed:
                    questions.append(question)
                    placed.add(question.src_uri)
            questions += [
                p
                for p in ranked
                if p.meta.get("question") and str(p.meta.get("section")) == section and p.src_uri not in placed
            ]
            placed.update(p.src_uri for p in questions)
            sections.append((pages[0], questions))
        stray = [p for p in ranked if p.meta.get("question") and p.src_uri not in placed]
        if stray:  # a question whose section has no overview page: still printed, last
            sections.append((Collected("", "", "Other questions", {}, ""), stray))
        notebooks = [p for p in ranked if p.src_uri.endswith(".ipynb")]
        return sections, notebooks, self.pages.get("glossary.md")

    def render(self, print_url: str, config: MkDocsConfig) -> str:
        sections, notebooks, glossary = self.outline(config)
        printed = [q for _, qs in sections for q in qs] + notebooks + ([glossary] if glossary else [])
        anchors = {_url_key(p.url): page_key(p.src_uri) for p in printed}
        contents: list[str] = []
        body: list[str] = []
        links: set[str] = set()

        def entry(anchor: str, title: str, number: str = "") -> str:
            label = f'<span class="guide-print-toc__number">{number}</span> ' if number else ""
            return (
                f'<a href="#{anchor}">{label}<span class="guide-print-toc__title">{html.escape(title)}</span>'
                f'<span class="guide-print-toc__page"></span></a>'
            )

        def held(p: Collected, extra: str = "") -> str:
            key = page_key(p.src_uri)
            rewriter = Rewriter(key, p.url, print_url, anchors, links)
            return f'<article class="guide-print-page" id="{key}">{extra}{rewrite_html(p.content, rewriter)}</article>'

        groups = [
            (overview.title, f"section-{overview.meta.get('section') or 'other'}", questions)
            for overview, questions in sections
        ]
        groups.append(("Notebooks", "section-notebooks", notebooks))
        for title, anchor, pages in groups:
            if not pages:
                continue
            items = []
            parts = []
            for p in pages:
                number = p.meta.get("question")
                label = question_label(number)
                level = LEVELS.get(str(p.meta.get("level")), "")
                items.append(f"<li>{entry(page_key(p.src_uri), p.title, label)}</li>")
                about = " · ".join(x for x in (label, level) if x)
                parts.append(held(p, f'<p class="guide-print-about">{about}</p>' if about else ""))
            contents.append(f"<li>{entry(anchor, title)}<ol>{''.join(items)}</ol></li>")
            heading = f"<h1>{html.escape(title)}</h1>"
            body.append(f'<section class="guide-print-section" id="{anchor}">{heading}{"".join(parts)}</section>')
        if glossary is not None:
            contents.append(f"<li>{entry(page_key(glossary.src_uri), glossary.title)}</li>")
            body.append(held(glossary))
        return (
            '<nav class="guide-print-toc" aria-labelledby="guide-print-contents">'
            f'<h1 id="guide-print-contents">Contents</h1><ol>{"".join(contents)}</ol></nav>'
            f"{''.join(body)}"
        )


def _natural(text: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key that puts page/10 after page/9."""
    parts: list[tuple[int, int | str]] = []
    digits = ""
    word = ""
    for char in text + "\0":
        if char.isdigit():
            if word:
                parts.append((1, word))
                word = ""
            digits += char
        else:
            if digits:
                parts.append((0, int(digits)))
                digits = ""
            word += char
    return tuple(parts)


def _data_urls(content: str) -> list[str]:
    """The ``data-url`` values of a section overview's question list, in order (a linear scan)."""
    urls = []
    i = 0
    while (start := content.find('data-url="', i)) >= 0:
        end = content.find('"', start + 10)
        if end < 0:
            break
        urls.append(html.unescape(content[start + 10 : end]))
        i = end + 1
    return urls


def question_label(number: object) -> str:
    """ "Q24" for a source question (its number), "G3" for one of the guide's (its id "g3")."""
    if isinstance(number, bool) or not number:
        return ""
    return f"Q{number}" if isinstance(number, int) else str(number).upper()


def _cover(config: MkDocsConfig) -> str:
    return config.theme.get_env().get_template(COVER_TEMPLATE).render(config=config)
