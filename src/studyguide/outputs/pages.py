"""Render the merged site into files, all in memory: ``{path: text}``.

Templates are Jinja2 files in templates/ beside this module. Text from the
source is escaped for Markdown and HTML by :func:`render_inline`, so a
``<script>`` in an answer shows as text; only ``<u>…</u>`` becomes emphasis.
"""

from __future__ import annotations

import functools
import html
import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context

from studyguide.inputs.curated import SectionData
from studyguide.inputs.markup import (
    U_SPAN_RE,
    guide_paragraphs,
    guide_plain,
    guide_spans,
    name_key,
    plain,
    without_plural,
)
from studyguide.inputs.search_terms import SearchData
from studyguide.marks import GENERATED_MARK
from studyguide.model import CodeBlock, Entry, KeyPoint, Paragraph, Site, Subheading
from studyguide.pipeline.glossary import Glossary, GlossaryTerm, linkable_names, names_regex

TEMPLATES = Path(__file__).resolve().parent / "templates"

# Characters with a meaning in Markdown or in an enabled extension, escaped with a
# backslash anywhere in a line: code, emphasis, links, attribute lists ({: }),
# abbreviations (*[X]:), headings, tables and keys (++ctrl+alt++).
MARKDOWN_SPECIAL_RE = re.compile(r"([\\`*_{}\[\]#+])")
# At the start of a line these would start a list, a quote, a heading or a rule.
LINE_START_RE = re.compile(r"^([ \t]*)([->]|\d+\.(?=\s|$))", re.MULTILINE)
# At the start of a line these start an extension's block: an admonition (!!!), a
# details block (???), a definition (:   x) or a tilde fence (~~~). Python-Markdown
# cannot backslash-escape ? : ~, so the first character becomes its HTML entity.
BLOCK_START_RE = re.compile(r"^([ \t]*)([!?:~=])", re.MULTILINE)
BLOCK_START_ENTITIES = {"!": "&#33;", "?": "&#63;", ":": "&#58;", "~": "&#126;", "=": "&#61;"}

# "Byte Pair Encoding (BPE)": an expansion followed by its abbreviation.
ABBREVIATION_AFTER_RE = re.compile(
    # Words of at most 40 characters: unbounded ones made the search quadratic in a long word.
    r"(?P<expansion>(?:[A-Za-z][\w-]{0,39}\s){1,5}[A-Za-z][\w-]{0,39})\s\((?P<abbr>[A-Z][A-Z0-9]{1,6})s?\)"
)
# "BERT (Bidirectional Encoder Representations from Transformers)": the reverse.
ABBREVIATION_BEFORE_RE = re.compile(r"\b(?P<abbr>[A-Z][A-Z0-9]{1,6})\s\((?P<expansion>[A-Z][^()]{5,80})\)")

# At most this many glossary links in one paragraph or key point, so that a text stays readable.
TERM_LINKS_PER_TEXT = 2
# The curated difficulty levels, easiest first, and the four FSRS grades with their keys (review page).
LEVELS = ("foundational", "intermediate", "advanced")
GRADES = ((1, "Again"), (2, "Hard"), (3, "Good"), (4, "Easy"))

# Material renders the whole nav into every page, so a nav listing every question
# costs pages x questions. A site with more questions than this lists each section
# by its overview page only (every page's nav then stays the same size), and a
# section's overview is split into pages of SECTION_PAGE_SIZE questions.
NAV_QUESTIONS_MAX = 100
SECTION_PAGE_SIZE = 100

# Characters of a file name that must not reach a comment or the HTML as they are.
UNSAFE_NAME_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def escape_markdown(text: str, line_start: bool = True) -> str:
    """Escape text so Markdown, HTML and the enabled extensions show it exactly as written.

    What the source prints is data: ``!!! danger`` at the start of a line is not an
    admonition, ``++ctrl++`` not a key, ``<b>`` not HTML. (Snippets, which act
    before any escaping, are not enabled: see mkdocs.yml.) ``line_start=False`` for
    a piece that continues a line: a list, heading or block marker can only start one.
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # "|" (a table cell) cannot be backslash-escaped without tables enabled: an entity instead.
    text = text.replace("|", "&#124;")
    text = MARKDOWN_SPECIAL_RE.sub(r"\\\1", text)
    if not line_start:
        return text
    text = LINE_START_RE.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    return BLOCK_START_RE.sub(lambda m: m.group(1) + BLOCK_START_ENTITIES[m.group(2)], text)


def render_inline(text: str) -> str:
    """Source text to Markdown: escaped, with ``<u>…</u>`` as emphasis."""
    parts: list[str] = []
    position = 0
    for match in U_SPAN_RE.finditer(text):
        if not match.group("text").strip():
            continue  # "<u> </u>" underlines nothing: shown as written
        parts.append(escape_markdown(text[position : match.start()]))
        parts.append(f"*{escape_markdown(match.group('text').strip())}*")
        position = match.end()
    parts.append(escape_markdown(text[position:]))
    return "".join(parts)


def render_guide(text: str) -> str:
    """The guide's own text to Markdown: its `code` and *emphasis* spans kept, everything else escaped.

    Paragraphs (split by blank lines) stay paragraphs. The spans come from
    :func:`studyguide.inputs.markup.guide_spans`, the one reading of the guide's grammar;
    the deck renders the same spans to HTML (:func:`studyguide.outputs.anki.guide_html`).
    """
    paragraphs: list[str] = []
    for paragraph in guide_paragraphs(text):
        parts: list[str] = []
        for index, (kind, piece) in enumerate(guide_spans(paragraph)):
            if kind == "code":
                parts.append(f"`{piece}`")
            elif kind == "em":
                parts.append(f"*{escape_markdown(piece, line_start=False)}*")
            else:
                parts.append(escape_markdown(piece, line_start=index == 0))
        paragraphs.append("".join(parts))
    return "\n\n".join(paragraphs)


# Characters YAML reads as line breaks (U+0085, U+2028, U+2029) or refuses in a
# document (C1 controls, U+FFFE/U+FFFF, lone surrogates): written as \\u escapes.
YAML_UNSAFE_RE = re.compile("[\\x7f-\\x9f\\u2028\\u2029\\ud800-\\udfff\\ufffe\\uffff]")


def yaml_string(text: str) -> str:
    """A double-quoted YAML scalar for front matter (JSON strings are valid YAML).

    HTML-escaped too: the theme inserts page titles and descriptions into the
    HTML as they are, so a ``<script>`` or a quote in the source must arrive as
    entities.
    """
    escaped = html.escape(plain(text), quote=False).replace('"', "&quot;")
    return YAML_UNSAFE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(escaped, ensure_ascii=False))


def code_fence(code: str) -> str:
    """A backtick fence longer than any run of backticks inside the code."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    return "`" * max(3, longest + 1)


NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def count_noun(number: int, noun: str) -> str:
    """'four sections', 'one section', '62 questions': words up to ten, as style guides ask."""
    word = NUMBER_WORDS[number] if number < len(NUMBER_WORDS) else str(number)
    return f"{word} {noun}{'' if number == 1 else 's'}"


def count_times(number: int) -> str:
    """'once', 'twice', 'three times', '12 times'."""
    return {1: "once", 2: "twice"}.get(number) or count_noun(number, "time")


ORDINALS = ("zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def ordinal(number: int) -> str:
    """'second', 'third', ... '11th'."""
    return ORDINALS[number] if number < len(ORDINALS) else f"{number}th"


def relative_link(from_path: str, to_path: str) -> str:
    """The relative Markdown link from one docs/ file to another."""
    return posixpath.relpath(to_path, posixpath.dirname(from_path) or ".")


@dataclass(frozen=True)
class Group:
    """Blocks as laid out on a page: a heading, then paragraphs, key points or code."""

    heading: str | None
    items: tuple[Paragraph | KeyPoint | CodeBlock, ...]


def group_blocks(entry: Entry) -> tuple[tuple[Paragraph, ...], tuple[Group, ...]]:
    """The answer paragraphs, then the rest grouped under their sub-headings."""
    question = entry.question
    answer = question.answer
    groups: list[Group] = []
    heading: str | None = None
    items: list = []
    for block in question.blocks[len(answer) :]:
        if isinstance(block, Subheading):
            if heading is not None or items:
                groups.append(Group(heading, tuple(items)))
            heading, items = block.text, []
        else:
            items.append(block)
    if heading is not None or items:
        groups.append(Group(heading, tuple(items)))
    return answer, tuple(groups)


class TermLinker:
    """Links a question page's first use of each glossary term to its entry, once per term per page.

    One linker serves one page, in the order the template renders its text, so
    "first" is the first use a reader meets; the result is deterministic.
    Source text is matched before it is escaped, and every piece is escaped by
    :func:`escape_markdown` like any other source text; text inside ``<u>…</u>``
    (emphasis) is never linked.
    """

    def __init__(self, glossary: Glossary, href: str) -> None:
        self.href = href
        self.terms = linkable_names(glossary)
        self.pattern = names_regex([n for t in glossary.terms if t.link for n in t.names]) if self.terms else None
        self.used: set[str] = set()

    def markdown(self, text: str) -> str:
        """Source text to Markdown, like :func:`render_inline`, with first uses of terms linked."""
        parts: list[str] = []
        position = 0
        for match in U_SPAN_RE.finditer(text):
            parts.append(self._link(text[position : match.start()], line_start=position == 0))
            parts.append(f"*{escape_markdown(match.group('text').strip())}*")
            position = match.end()
        parts.append(self._link(text[position:], line_start=position == 0))
        return "".join(parts)

    def _term(self, used_name: str) -> GlossaryTerm | None:
        key = name_key(used_name)
        return self.terms.get(key) or self.terms.get(name_key(without_plural(used_name)))

    def _link(self, text: str, line_start: bool) -> str:
        if self.pattern is None:
            return escape_markdown(text, line_start=line_start)
        parts: list[str] = []
        position = linked = 0
        for match in self.pattern.finditer(text):
            term = self._term(match.group(0))
            if term is None or term.anchor in self.used or linked == TERM_LINKS_PER_TEXT:
                continue
            linked += 1
            self.used.add(term.anchor)
            parts.append(escape_markdown(text[position : match.start()], line_start=line_start and position == 0))
            title = html.escape(f"Glossary: {term.term}. {plain(term.preview)}", quote=False).replace('"', "&quot;")
            parts.append(
                f'[{escape_markdown(match.group(0), line_start=False)}]({self.href}#{term.anchor} "{title}")'
                "{ .guide-term }"
            )
            position = match.end()
        parts.append(escape_markdown(text[position:], line_start=line_start and position == 0))
        return "".join(parts)


def erratum_mark(entry: Entry, text: str) -> str:
    """A visible mark after a text that carries a correction, linking to the note that quotes the original.

    Every correction is shown where the wrong sentence was, not only in the list at the end.
    """
    numbers = [n for n, e in enumerate(entry.errata, start=1) if e.replace.strip() and e.replace in text]
    if not numbers:
        return ""
    return " " + " ".join(
        f'[corrected](#guide-erratum-{n} "Corrected from the source: see the note"){{ .guide-erratum-mark }}'
        for n in numbers
    )


@pass_context
def markdown_with_terms(context: Context, text: str) -> str:
    """The ``md_terms`` filter: ``md``, plus glossary links when the page has a ``term_links`` linker."""
    linker = context.get("term_links")
    return linker.markdown(text) if isinstance(linker, TermLinker) else render_inline(text)


def collect_abbreviations(site: Site) -> dict[str, str]:
    """Abbreviations the document spells out, e.g. BPE -> Byte Pair Encoding, for hover tooltips."""
    found: dict[str, str] = {}
    for entry in site.entries:
        texts = [entry.title] + [
            plain(t)
            for b in entry.question.all_blocks
            for t in ((b.term, b.definition) if isinstance(b, KeyPoint) else (getattr(b, "text", ""),))
        ]
        for text in texts:
            for match in ABBREVIATION_AFTER_RE.finditer(text):
                abbr = match.group("abbr")
                expansion = _trim_expansion(match.group("expansion"), abbr)
                if expansion and match.group(0).endswith("s)"):
                    found.setdefault(abbr + "s", expansion)
                    found.setdefault(abbr, expansion.removesuffix("s"))
                elif expansion:
                    found.setdefault(abbr, expansion)
            for match in ABBREVIATION_BEFORE_RE.finditer(text):
                found.setdefault(match.group("abbr"), match.group("expansion"))
    return dict(sorted(found.items()))


def _trim_expansion(words: str, abbr: str) -> str | None:
    """Keep the trailing words whose initials spell the abbreviation, if any do."""
    tokens = re.split(r"\s+", words)
    for start in range(len(tokens)):
        initials = "".join(part[0] for token in tokens[start:] for part in token.split("-") if part)
        if initials.casefold() == abbr.casefold():
            return " ".join(tokens[start:])
    return None


@functools.cache
def make_environment() -> Environment:
    """The Jinja2 environment: Markdown output, strict about undefined names (one per process)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters.update(
        md=render_inline,
        guide=render_guide,
        guide_plain=guide_plain,
        yaml_string=yaml_string,
        plain=plain,
        fence=code_fence,
        count=count_noun,
    )
    env.filters["md_terms"] = markdown_with_terms
    env.globals.update(
        mark=GENERATED_MARK,
        link=relative_link,
        is_point=lambda b: isinstance(b, KeyPoint),
        is_code=lambda b: isinstance(b, CodeBlock),
        is_heading=lambda b: isinstance(b, Subheading),
        times=count_times,
        ordinal=ordinal,
        erratum_mark=erratum_mark,
    )
    return env


def safe_source_name(name: str) -> str:
    """The source's file name as shown in generated comments: one line, HTML-escaped."""
    return html.escape(UNSAFE_NAME_RE.sub("?", name))


def section_pages(section_id: str, count: int) -> tuple[str, ...]:
    """The docs/ paths of a section's overview: index.md, then page/2.md, page/3.md, ..."""
    pages = max(1, -(-count // SECTION_PAGE_SIZE))
    return (f"{section_id}/index.md",) + tuple(f"{section_id}/page/{n}.md" for n in range(2, pages + 1))


def render_site(
    site: Site,
    source_name: str,
    notebooks: dict[str, str],
    glossary: Glossary | None = None,
    search: SearchData | None = None,
) -> dict[str, str]:
    """Every generated file, keyed by its path relative to the repository root.

    ``notebooks`` maps a notebook's slug to its title, for links and the nav;
    ``glossary`` (from :func:`studyguide.pipeline.glossary.build_glossary`) fills the
    glossary page and links first uses of its terms on question pages; with ``search``
    (data/search.yml), both go into generated/site.yml for the build's search index.
    """
    env = make_environment()
    glossary = glossary or Glossary()
    common = {"site": site, "source_name": safe_source_name(source_name), "notebooks": notebooks}
    files: dict[str, str] = {}
    for section in site.sections:
        files.update(render_section(env, common, site, section, glossary))
    files["docs/index.md"] = env.get_template("home.md.j2").render(common)
    files["docs/glossary.md"] = env.get_template("glossary.md.j2").render(common, glossary=glossary)
    files["docs/review.md"] = render_review(env, common, site)
    files["generated/site.yml"] = render_site_data(
        site, notebooks, collect_abbreviations(site), search_terms(glossary, search)
    )
    files["data/urls.yml"] = render_url_record(site)
    return files


def render_section(
    env: Environment, common: dict, site: Site, section: SectionData, glossary: Glossary
) -> dict[str, str]:
    """A section's overview pages, then its question pages."""
    files: dict[str, str] = {}
    entries = site.in_section(section.id)
    overview = section_pages(section.id, len(entries))
    for number, path in enumerate(overview, start=1):
        start = (number - 1) * SECTION_PAGE_SIZE
        files[f"docs/{path}"] = env.get_template("section.md.j2").render(
            common,
            section=section,
            entries=entries[start : start + SECTION_PAGE_SIZE],
            total=len(entries),
            first=start + 1,
            path=path,
            pages=overview,
            page_number=number,
        )
    by_slug = site.by_slug()
    for position, entry in enumerate(entries):
        answer, groups = group_blocks(entry)
        files[f"docs/{entry.path}"] = env.get_template("question.md.j2").render(
            common,
            section=section,
            entry=entry,
            answer=answer,
            groups=groups,
            related=[by_slug[slug] for slug in entry.related],
            previous=entries[position - 1] if position > 0 else None,
            next=entries[position + 1] if position + 1 < len(entries) else None,
            term_links=TermLinker(glossary, relative_link(entry.path, "glossary.md")),
        )
    return files


def slug_aliases(site: Site) -> dict[str, str]:
    """Old slug -> current slug, from curated redirects that lead to a question page.

    A study-set link names questions by slug; one made before a question was renamed
    or moved keeps working through the same redirects as its old URL.
    """
    slug_of = {e.path: e.slug for e in site.entries}
    aliases: dict[str, str] = {}
    for old, new in site.redirects.items():
        old_slug = posixpath.basename(old).removesuffix(".md")
        if not old.startswith("q/") and new in slug_of and old_slug != slug_of[new]:
            aliases[old_slug] = slug_of[new]
    return dict(sorted(aliases.items()))


def render_review(env: Environment, common: dict, site: Site) -> str:
    """docs/review.md: every question as a hidden card (title, answer, key points) for review mode.

    The cards are in study order; study.js's companion review.js shows one at a time.
    """
    entries = [e for section in site.sections for e in site.in_section(section.id)]
    return env.get_template("review.md.j2").render(
        common,
        entries=entries,
        sections={s.id: s.title for s in site.sections},
        groups={e.slug: group_blocks(e)[1] for e in entries},
        aliases=slug_aliases(site),
        levels=LEVELS,
        grades=GRADES,
    )


def search_terms(glossary: Glossary, search: SearchData | None) -> dict:
    """What the build's search index (studyguide.site.search) adds to the pages: the abbreviations
    of data/search.yml, and each glossary headword in file order, as checked by the generator (the
    build reads no curated file itself)."""
    terms = sorted(glossary.terms, key=lambda term: term.line)
    return {
        "abbreviations": [[a.short, list(a.long)] for a in (search.abbreviations if search else [])],
        "glossary": [
            {
                "term": term.term,
                "anchor": term.anchor,
                "variants": list(term.variants),
                "guide": term.guide or "",
                "source": [list(pair) for pair in term.source],
            }
            for term in terms
        ],
    }


def render_site_data(
    site: Site, notebooks: dict[str, str], abbreviations: dict[str, str] | None = None, search: dict | None = None
) -> str:
    """generated/site.yml, read by the build (studyguide.site.build): nav, redirects, abbreviations,
    and what the search index adds (see :func:`search_terms`).

    The nav stays linear in the number of questions: a site with more than
    NAV_QUESTIONS_MAX questions lists each section by its overview page only, and
    names the sections' folders under ``not_in_nav`` so that the strict build accepts
    their question pages.
    The abbreviations become the abbr extension's glossary (tooltips on every page).
    Nav titles are HTML-escaped: the theme inserts them into the HTML as they are.
    """
    nav: list[dict] = [{"Home": "index.md"}]
    not_in_nav: list[str] = []
    every_question = len(site.entries) <= NAV_QUESTIONS_MAX
    for section in site.sections:
        entries = site.in_section(section.id)
        if not every_question:
            nav.append({html.escape(section.title): [f"{section.id}/index.md"]})
            not_in_nav.append(f"/{section.id}/")
        else:
            nav.append({html.escape(section.title): [f"{section.id}/index.md"] + [e.path for e in entries]})
    if notebooks:
        nav.append({"Notebooks": [f"notebooks/{slug}.ipynb" for slug in notebooks]})
    nav.append({"Glossary": "glossary.md"})
    nav.append({"Review": "review.md"})
    nav += [{html.escape(page.title): page.path} for page in site.pages]
    data: dict = {"nav": nav, "redirects": site.redirects, "abbreviations": abbreviations or {}}
    if not_in_nav:
        data["not_in_nav"] = not_in_nav
    # What the study features read (progress panel, "due today", levels of study sets), at any
    # scale: from here, not from the nav, which stops listing question pages past NAV_QUESTIONS_MAX.
    data["study"] = {
        "sections": [s.id for s in site.sections],
        "questions": [
            {"url": e.url, "slug": e.slug, "section": e.section, "level": e.level or ""}
            for section in site.sections
            for e in site.in_section(section.id)
        ],
    }
    data["search"] = search or {"abbreviations": [], "glossary": []}
    header = (
        f"# {GENERATED_MARK}: navigation, redirects, abbreviations, the study features' question list "
        "and the search index's terms, read by hooks/guide.py; do not edit\n"
    )
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


def render_url_record(site: Site) -> str:
    """data/urls.yml: every question URL ever published, kept so that none moves by accident."""
    header = (
        f"# Published question URLs, {GENERATED_MARK} on every run; do not edit.\n"
        "# A URL listed here must keep working. When its question leaves the source, the\n"
        "# generator stops with an error until data/questions.yml redirects it, under\n"
        "#   redirects:\n"
        "#     - {url: <old section>/<old slug>/, to: <section>/<slug>/}   (or to: <section>/)\n"
    )
    items = [{"url": r.url, "title": r.title} for r in site.url_record]
    return header + yaml.safe_dump({"urls": items}, sort_keys=False, allow_unicode=True, width=1000)
