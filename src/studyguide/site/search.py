"""The site's search index, written after the build (from the ``post_build`` hook).

Material's search plugin writes ``search/search_index.json`` (its configuration and
one document per page section, as lunr.js indexes them). This module rewrites that
file for the guide's own search worker (``docs/assets/javascripts/search-worker.js``,
MiniSearch behind Material's search box and result list):

* a question page becomes one document with weighted fields: its title, number,
  curated synonyms, key terms (its key-point labels and the glossary headwords it
  defines), tags, answer text, and the guide's "strong answer" points (weighted
  low: they mention many topics in passing). They are read from each page's HTML
  as MkDocs renders it (``SearchPages.collect``, from the ``page_content`` hook),
  so the index costs no second pass over the source document;
* each glossary headword becomes a document of its own (``glossary/#term-…``);
* every other page Material indexed (notebooks, section overviews, Performance …)
  stays, as one document with its text, ranked below questions (``KIND_PRIOR``);
* the configuration gains ``guide``: the field weights, the kind priors, the filler
  words that never decide ranking, and the abbreviations of ``data/search.yml``.

Pages Material leaves out (``search.exclude``, ``data-search-exclude``) stay out:
only locations in Material's index are used. How the worker ranks is in the README.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

INDEX = "search/search_index.json"
GLOSSARY_PAGE = "glossary.md"

# How much a match in each field counts (BM25 per field, times this weight).
FIELD_WEIGHTS = {"title": 6.0, "synonyms": 5.0, "terms": 4.0, "tags": 2.0, "text": 1.0, "extra": 0.6}
# A page's kind multiplies its score: the question about a topic first, then the
# glossary's definition, the notebooks, and the site's own pages last.
KIND_PRIOR = {"question": 1.0, "glossary": 0.12, "notebook": 0.2, "page": 0.12}
# The worker's other numbers (see the README, "How search ranks"): BM25F's saturation k and
# length normalisation b; what a match counts as a prefix of the word being typed, as a
# one-edit correction, and as an abbreviation's expansion (or the reverse), against the word
# itself; the bonus for two query words side by side in a field (times the field's weight);
# and the power of the share of query words a page has.
RANKING = {"k": 6.0, "b": 0.3, "prefix": 0.3, "correction": 0.6, "expansion": 0.8, "phrase": 2.0, "coverage": 3.0}
# Words that only shape a question ("how does X work", "X vs Y"): dropped from the
# index and from queries alike, so they never decide the ranking.
FILLER = sorted(
    """a about an and are as at be been being between by can could compare comparison concept define
    definition describe did difference differences differ discuss do does doing explain explanation for
    from give how i importance important in into is it its me mean meaning means my of on or overview
    role should significance so tell than that the their them there these they this those to understand
    use used using versus vs was way ways we were what when where which while who why will with work
    working works would you your""".split()
)

# Inline tags go without a trace ("GPT<abbr>-2</abbr>"), the others leave a space.
INLINE_TAG_RE = re.compile(r"</?(?:a|abbr|b|code|em|i|mark|span|strong|sub|sup|u)\b[^>]*>")
TAG_RE = re.compile(r"<[^>]+>")
# A heading's permalink: Material's (headerlink) and the notebooks' (nbconvert's anchor-link).
HEADERLINK_RE = re.compile(r'<a class="(?:headerlink|anchor-link)"[^>]*>[^<]*</a>')
SPACE_RE = re.compile(r"\s+")
WORD_RE = re.compile(r"^[a-z0-9]+$")


def plain(value: str) -> str:
    """Text without markup (tags, headings' permalinks "¶", and the backticks of inline code in
    the guide's Markdown), entities resolved, whitespace collapsed."""
    text = TAG_RE.sub(" ", INLINE_TAG_RE.sub("", HEADERLINK_RE.sub("", value)))
    return SPACE_RE.sub(" ", html.unescape(text).replace("`", "")).strip()


# Script and style text is no page text; a page's parts start at its headings.
RAW_TEXT_RE = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.S | re.I)
HEADING_SPLIT_RE = re.compile(r"(?=<h[1-6]\b)")
SYNONYMS_RE = re.compile(r'<p class="guide-synonyms">(.*?)</p>', re.S)
DIV_RE = re.compile(r"<div\b([^>]*)>|</div>")
CLASS_RE = re.compile(r'\bclass="([^"]*)"')
TITLE_RE = re.compile(r'<p class="admonition-title">(.*?)</p>', re.S)
DROP_RE = re.compile(
    r'<p class="(?:guide-key-points-label|guide-missing|guide-review|guide-synonyms|admonition-title)">.*?</p>', re.S
)
POINT_RE = re.compile(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", re.S)
ITEM_RE = re.compile(r"<li>(.*?)</li>", re.S)


def answer_parts(content: str) -> tuple[str, list[str]]:
    """The answer's HTML (the guide's own answer included; corrections, notes and examples
    left out) and the strong-answer points, from the page's ``guide-answer`` block."""
    begin = content.find('<div class="guide-answer">')
    if begin < 0:
        return "", []
    depth, cursor, kept, strong, child = 0, begin + len('<div class="guide-answer">'), [], [], None
    for match in DIV_RE.finditer(content, cursor):
        if match.group(0) != "</div>":
            depth += 1
            if depth == 1:
                kept.append(content[cursor : match.start()])
                classes = CLASS_RE.search(match.group(1) or "")
                child = (classes.group(1) if classes else "", match.end())
            continue
        if depth == 0:  # the end of guide-answer
            kept.append(content[cursor : match.start()])
            break
        depth -= 1
        if depth == 0 and child is not None:
            classes, inner_start = child
            inner = content[inner_start : match.start()]
            title = TITLE_RE.search(inner)
            title_text = plain(title.group(1)).lower() if title else ""
            if not {"admonition", "highlight"} & set(classes.split()):
                kept.append(inner)  # other blocks of the answer itself (code is left out: its
                # identifiers, self.attention and the like, read as phrases they are not)
            elif "strong answer" in title_text:
                strong = [plain(item) for item in ITEM_RE.findall(inner)]
            elif "guide" in classes.split() and "answer" in title_text:
                kept.append(inner)  # the guide's own answer where the source gives none
            cursor = match.end()
    return DROP_RE.sub(" ", " ".join(kept)), strong


@dataclass
class SearchPages:
    """What the index needs of each page, collected while MkDocs renders it.

    Every page that is not left out of search is recorded in render order (Material's
    order). A question page's fields are kept, a notebook's text, and the glossary page's
    title: their documents are made of those, so :meth:`collect` tells the build to spare
    Material's plugin parsing these pages (a notebook ranks below the questions by its kind,
    ``KIND_PRIOR``, not by a page boost).
    """

    questions: dict[str, dict[str, Any]] = field(default_factory=dict)
    notebooks: dict[str, dict[str, Any]] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)  # page locations, as Material writes them
    glossary: tuple[str, str] | None = None  # the glossary page's location and title

    def collect(
        self, url: str, meta: dict[str, Any], content: str, src_uri: str = "", title: str = "", notebook: bool = False
    ) -> bool:
        """Keep a page's place and, for a question page, a notebook or the glossary, what the index
        needs of it (a notebook's content comes without its stylesheets: see notebook_pages).

        True when the index is written from what was kept here (Material's entries for the
        page are not needed); pages with ``search.exclude`` are left out, as Material leaves them.
        """
        search = meta.get("search")
        if isinstance(search, dict) and search.get("exclude"):
            return False
        self.order.append(url)
        if src_uri == GLOSSARY_PAGE:
            self.glossary = (url, plain(title))
            return True
        if notebook:
            # One text per part, as Material's sections: a heading and what follows it.
            parts = (plain(part) for part in HEADING_SPLIT_RE.split(RAW_TEXT_RE.sub(" ", content)))
            text = [part for part in parts if part]
            self.notebooks[url] = {"location": url, "kind": "notebook", "title": plain(title), "text": text}
            return True
        number = meta.get("question")  # the source's number, or the guide's own id ("g3")
        if isinstance(number, bool) or not isinstance(number, int | str) or not number:
            return False
        synonyms = SYNONYMS_RE.search(content)
        answer_html, strong = answer_parts(content)
        points = [(plain(t), plain(d)) for t, d in POINT_RE.findall(answer_html)]
        self.questions[url] = {
            "location": url,
            "kind": "question",
            "number": number,
            "title": plain(str(meta.get("title", ""))),
            "synonyms": plain(synonyms.group(1)).split(":", 1)[-1].strip().split(", ") if synonyms else [],
            "terms": [term for term, _ in points],
            "tags": [str(tag) for tag in meta.get("tags") or []],
            "text": [plain(POINT_RE.sub(" ", answer_html))] + [f"{t}: {d}" for t, d in points],
            "extra": strong,
            "points": dict(points),
        }
        return True


def _slug(url: str) -> str:
    """A question's slug from its location: ``concepts/tokenization/`` or, offline, ``concepts/tokenization.html``."""
    return url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".html")


def question_documents(pages: SearchPages, glossary: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """One document per question page, by its site URL; a glossary headword that one of the
    page's key points defines (the glossary's `source`) is one of its key terms."""
    docs = {url: {k: v for k, v in doc.items() if k != "points"} for url, doc in pages.questions.items()}
    by_slug = {_slug(url): doc for url, doc in docs.items()}
    for term in glossary:
        for slug, _ in term["source"]:
            if slug in by_slug:
                by_slug[slug]["terms"] = _unique(by_slug[slug]["terms"] + [term["term"], *term["variants"]])
    return docs


def glossary_documents(pages: SearchPages, glossary: list[dict[str, Any]], url: str) -> list[dict[str, Any]]:
    """One document per glossary headword, at its anchor on the glossary page: its variants as
    synonyms, the guide's definition and the key points it comes from as text."""
    points = {}
    for question_url, doc in pages.questions.items():
        for label, definition in doc["points"].items():
            points[(_slug(question_url), label.lower())] = definition
    docs = []
    for term in glossary:
        text = [plain(term["guide"])] if term["guide"] else []
        text += [points[(slug, label.lower())] for slug, label in term["source"] if (slug, label.lower()) in points]
        docs.append(
            {
                "location": f"{url}#{term['anchor']}",
                "kind": "glossary",
                "title": plain(term["term"]),
                "synonyms": list(term["variants"]),
                "text": text,
            }
        )
    return docs


def page_documents(material_docs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Material's section documents merged into one per page (the page's own title first)."""
    pages: dict[str, dict[str, Any]] = {}
    for doc in material_docs:
        location = doc["location"].split("#", 1)[0]
        page = pages.get(location)
        if page is None:
            kind = "notebook" if location.startswith("notebooks/") else "page"
            page = pages[location] = {"location": location, "kind": kind, "title": plain(doc["title"]), "text": []}
        if "#" in doc["location"]:
            page["text"].append(plain(doc["title"]))
        if doc.get("text"):
            page["text"].append(plain(doc["text"]))
    return pages


def build_documents(
    material_docs: list[dict[str, Any]], pages: SearchPages, glossary: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The documents of the guide's index, in the order the pages were built, at Material's
    locations (``slug/`` normally, ``slug.html`` in the offline build): the question pages, the
    notebooks and the glossary from what :class:`SearchPages` kept, every other page from
    Material's entries."""
    questions = question_documents(pages, glossary)
    material = page_documents(material_docs)
    docs: list[dict[str, Any]] = []
    built = set(pages.order)
    for location in [*pages.order, *(url for url in material if url not in built)]:
        if location in questions:
            docs.append(questions[location])
        elif pages.glossary and location == pages.glossary[0]:
            docs.append({"location": location, "kind": "page", "title": pages.glossary[1], "text": []})
            docs.extend(glossary_documents(pages, glossary, location))
        elif location in pages.notebooks:
            docs.append(pages.notebooks[location])
        elif location in material:
            docs.append(material[location])
    return docs


def guide_config(abbreviations: list[list[Any]]) -> dict[str, Any]:
    return {
        "version": 1,
        "weights": FIELD_WEIGHTS,
        "kinds": KIND_PRIOR,
        "ranking": RANKING,
        "filler": FILLER,
        "abbreviations": abbreviations,
    }


def write_index(site_dir: Path, terms: dict[str, Any], pages: SearchPages) -> int:
    """Rewrite the built site's search index for the guide's worker; its size in bytes (0: no index).

    ``terms`` is the ``search`` entry of generated/site.yml: the abbreviations and the glossary's
    headwords, as the generator checked them.
    """
    path = site_dir / INDEX
    if not path.is_file():  # the search plugin is off
        return 0
    index = json.loads(path.read_text(encoding="utf-8"))
    index["config"]["guide"] = guide_config(terms["abbreviations"])
    index["docs"] = build_documents(index["docs"], pages, terms["glossary"])
    text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text, encoding="utf-8")
    return len(text.encode())


def _unique(values: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for value in values:
        if value.lower() not in seen:
            seen.add(value.lower())
            out.append(value)
    return out
