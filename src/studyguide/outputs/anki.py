"""The Anki deck: one note per question, a sub-deck per section, the same bytes for the same content.

    studyguide anki [-o PATH]      # dist/llm-interview-guide.apkg

Two steps, like the pages: the generator renders the deck's content from the
merged site model into generated/anki.json (:func:`render_deck_data`, checked by
`studyguide check`); the site build packages it as
``downloads/llm-interview-guide.apkg`` (:mod:`studyguide.site.build`), and so
does `studyguide anki`, with the parent deck's name and the pages' addresses
from mkdocs.yml (site_name, site_url).

A note's front is the question; its back the source's answer, key points and
code, then what the guide adds (labelled as its own), the errata (quoting the
original) and the page's address. Tags: ``llm-guide::section::<id>`` and
``llm-guide::topic::<tag>`` (and ``llm-guide::level::<level>`` when curated).

Deterministic: model and deck ids and note GUIDs are hashes of stable strings
(GUIDs of the question slugs, so importing a newer deck updates the notes
already imported instead of adding copies); every timestamp is one fixed value,
``SOURCE_DATE_EPOCH`` when set (the workflow sets the commit's time, since Anki's
importer updates a note only from a newer one) and 2024-01-01 otherwise; the SQLite collection
is built in memory and zipped with fixed dates.
"""

from __future__ import annotations

import functools
import hashlib
import html
import io
import itertools
import json
import re
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import genanki
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from studyguide.errors import GuideError
from studyguide.inputs.markup import U_CLOSE, U_OPEN, guide_paragraphs, guide_spans
from studyguide.marks import GENERATED_MARK
from studyguide.model import CodeBlock, Entry, KeyPoint, Paragraph, Site
from studyguide.outputs.archive import write_zip
from studyguide.project import Project

TEMPLATES = Path(__file__).resolve().parent / "templates" / "anki"
# Where `studyguide anki` writes by default, and where the build puts it in the site.
DEFAULT_PATH = "dist/llm-interview-guide.apkg"
SITE_PATH = "downloads/llm-interview-guide.apkg"
# The seed of every id and GUID: never change it, or imported decks stop updating.
NAMESPACE = "llm-interview-guide"
TAG_PREFIX = "llm-guide"
# 2024-01-01T00:00:00Z: the timestamp of every note, card, deck and model unless SOURCE_DATE_EPOCH is set.
DEFAULT_TIMESTAMP = 1_704_067_200
# SOURCE_DATE_EPOCH: ASCII digits only (no sign, no spaces, no exponent), up to 9999-12-31.
SOURCE_DATE_EPOCH_RE = re.compile(r"[0-9]{1,12}")
MAX_TIMESTAMP = 253_402_300_799
FIELDS = ("Question", "Answer", "Guide", "Errata", "Link", "Section", "Number", "FollowUps")
# MathJax's delimiters in Anki: a backslash before a bracket or parenthesis.
ANKI_MATH_RE = re.compile(r"\\([(\[)\]])")
WORD_JOINER = "\u2060"
# Anki ids are 64-bit, but genanki and Anki's own examples keep model and deck ids in [2^30, 2^31).
ID_RANGE = (1 << 30, 1 << 31)
# "<u>text</u>" in the source, the only markup it uses (already HTML-escaped here).
U_ESCAPED = (html.escape(U_OPEN), html.escape(U_CLOSE))


@dataclass(frozen=True)
class Run:
    """Consecutive blocks of one kind within a group: key points form one list."""

    kind: str  # "points", "code" or "text"
    items: tuple[Paragraph | KeyPoint | CodeBlock, ...]


@dataclass(frozen=True)
class NoteGroup:
    """A sub-heading (or none) and its runs of blocks."""

    heading: str | None
    runs: tuple[Run, ...]


@dataclass(frozen=True)
class NoteData:
    """One note as it goes into the deck: fields by name, tags, its sub-deck and its place in study order."""

    guid: str
    deck: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    due: int


def stable_id(label: str) -> int:
    """A model or deck id from a stable string, in genanki's recommended range."""
    digest = int.from_bytes(hashlib.sha256(f"{NAMESPACE}:{label}".encode()).digest()[:8], "big")
    low, high = ID_RANGE
    return low + digest % (high - low)


def note_guid(slug: str) -> str:
    """A note's GUID: from the question's slug, which never changes once published."""
    return genanki.guid_for(NAMESPACE, slug)


def deck_timestamp(environ: Mapping[str, str]) -> int:
    """``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) when set, else the fixed default.

    A value that is not a whole number of seconds since 1970 (before the year 10000) is
    an error naming the variable: a deck silently dated otherwise would not update
    the notes readers imported.
    """
    value = environ.get("SOURCE_DATE_EPOCH")
    if value is None or value == "":
        return DEFAULT_TIMESTAMP
    if not SOURCE_DATE_EPOCH_RE.fullmatch(value) or int(value) > MAX_TIMESTAMP:
        raise GuideError(
            "SOURCE_DATE_EPOCH",
            None,
            f"{value[:40]!r} is not a time: it must be a whole number of seconds since 1970-01-01 UTC",
            "set it to a commit's time (`git log -1 --format=%ct`), or unset it for 2024-01-01",
        )
    return int(value)


def neutralize_anki(field: str) -> str:
    """A field's HTML with Anki's own markup shown as written, not acted on.

    Anki reads ``[sound:…]``, ``[latex]…[/latex]`` and ``[$]…[/$]`` in a field's HTML,
    and MathJax typesets ``\\(…\\)`` and ``\\[…\\]`` in its text: every "[" becomes
    an entity (the browser shows "[", Anki sees no markup) and a word joiner keeps
    each backslash from its bracket (MathJax sees no delimiter). HTML tags hold
    neither character, so the field's markup is unchanged.
    """
    return ANKI_MATH_RE.sub(lambda match: "\\" + WORD_JOINER + match.group(1), field).replace("[", "&#91;")


def inline_html(text: str) -> Markup:
    """Source text as HTML: escaped, with ``<u>…</u>`` as emphasis (as on the pages)."""
    escaped = html.escape(text, quote=False)
    return Markup(escaped.replace(U_ESCAPED[0], "<em>").replace(U_ESCAPED[1], "</em>"))


def guide_html(text: str) -> Markup:
    """The guide's own text as HTML: its `code` and *emphasis* spans (as on the pages), the rest escaped.

    The spans come from :func:`studyguide.inputs.markup.guide_spans`, as for the pages
    (:func:`studyguide.outputs.pages.render_guide`): one reading of the text, two renderings.
    Paragraphs after the first are separated by a line break.
    """
    paragraphs: list[str] = []
    for paragraph in guide_paragraphs(text):
        parts: list[str] = []
        for kind, piece in guide_spans(paragraph):
            escaped = html.escape(piece, quote=False)
            parts.append({"code": f"<code>{escaped}</code>", "em": f"<em>{escaped}</em>"}.get(kind, escaped))
        paragraphs.append("".join(parts))
    return Markup("<br><br>".join(paragraphs))


@functools.cache
def make_environment() -> Environment:
    """Jinja2 for the note fields: HTML, escaped by default (one per process)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["inline"] = inline_html
    env.filters["guide"] = guide_html
    return env


def note_groups(entry: Entry) -> tuple[tuple[Paragraph, ...], tuple[NoteGroup, ...]]:
    """The answer paragraphs, then each group's blocks as runs (so key points make one <dl>)."""
    # Imported here: the build packages the deck from generated/anki.json and needs none of the renderer.
    from studyguide.outputs.pages import group_blocks

    answer, groups = group_blocks(entry)
    result: list[NoteGroup] = []
    for group in groups:
        runs: list[Run] = []
        for kind, items in itertools.groupby(group.items, key=_kind):
            runs.append(Run(kind, tuple(items)))
        result.append(NoteGroup(group.heading, tuple(runs)))
    return answer, tuple(result)


def _kind(block: Paragraph | KeyPoint | CodeBlock) -> str:
    if isinstance(block, KeyPoint):
        return "points"
    return "code" if isinstance(block, CodeBlock) else "text"


def deck_name(site_name: str, section_title: str | None = None) -> str:
    """The parent deck, or a section's sub-deck (``Parent::Section``)."""
    return site_name if section_title is None else f"{site_name}::{section_title}"


def anki_tag(*parts: str) -> str:
    """A hierarchical Anki tag; Anki tags cannot hold spaces."""
    return "::".join([TAG_PREFIX, *(part.strip().replace(" ", "-") for part in parts)])


def deck_data(site: Site) -> dict[str, Any]:
    """The deck's content from the merged site: sub-decks and notes in study order (pure, JSON-ready).

    What depends on mkdocs.yml (the parent deck's name, the pages' addresses) is
    added when the deck is packaged, so that this stays the generator's business.
    """
    env = make_environment()
    answer_template = env.get_template("answer.html.j2")
    guide_template = env.get_template("guide.html.j2")
    errata_template = env.get_template("errata.html.j2")
    follow_ups_template = env.get_template("follow-ups.html.j2")
    titles = {section.id: section.title for section in site.sections}
    notes: list[dict[str, Any]] = []
    for entry in site.entries:
        answer, groups = note_groups(entry)
        tags = [anki_tag("section", entry.section), *(anki_tag("topic", tag) for tag in entry.tags)]
        if entry.level:
            tags.append(anki_tag("level", entry.level))
        notes.append(
            {
                "guid": note_guid(entry.slug),
                "section": titles.get(entry.section, entry.section),
                "url": entry.url,
                "tags": sorted(set(tags)),
                "fields": {
                    "Question": str(guide_html(entry.title) if entry.is_guide else inline_html(entry.title)),
                    "Answer": answer_template.render(
                        answer=answer, groups=groups, code_repaired=entry.code_repaired
                    ).strip(),
                    "Guide": guide_template.render(guide_answer=entry.guide_answer, additions=entry.additions).strip(),
                    "FollowUps": follow_ups_template.render(follow_ups=entry.follow_ups).strip(),
                    "Errata": errata_template.render(errata=entry.errata).strip(),
                    "Number": entry.label,
                },
            }
        )
    sections = [{"title": section.title, "description": section.description} for section in site.sections]
    return {"sections": sections, "notes": notes}


def render_deck_data(site: Site, source_name: str) -> str:
    """generated/anki.json: the deck's content, written by the generator and packaged by the build."""
    data = {"generated": f"{GENERATED_MARK} from {source_name}; do not edit", **deck_data(site)}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def collect_notes(data: Mapping[str, Any], site_name: str, site_url: str) -> tuple[NoteData, ...]:
    """Every note of the deck's content, with its sub-deck and its page's address, in study order."""
    base = site_url.rstrip("/") + "/"
    notes: list[NoteData] = []
    for position, note in enumerate(data["notes"], start=1):
        fields = {**note["fields"], "Link": html.escape(base + note["url"]), "Section": html.escape(note["section"])}
        fields = {name: neutralize_anki(value) for name, value in fields.items()}
        notes.append(
            NoteData(
                guid=note["guid"],
                deck=deck_name(site_name, note["section"]),
                fields=tuple(fields[name] for name in FIELDS),
                tags=tuple(note["tags"]),
                due=position,
            )
        )
    return tuple(notes)


def make_model() -> genanki.Model:
    """The note type: the fields above, one card (question on the front, the rest on the back)."""
    return genanki.Model(
        stable_id("model:v1"),
        "LLM interview guide question",
        fields=[{"name": name} for name in FIELDS],
        templates=[
            {
                "name": "Question",
                "qfmt": (TEMPLATES / "front.html").read_text(encoding="utf-8"),
                "afmt": (TEMPLATES / "back.html").read_text(encoding="utf-8"),
            }
        ],
        css=(TEMPLATES / "style.css").read_text(encoding="utf-8"),
        sort_field_index=FIELDS.index("Number"),
    )


def make_package(data: Mapping[str, Any], site_name: str, site_url: str) -> genanki.Package:
    """The parent deck and one sub-deck per section (in the site's order), with every note."""
    model = make_model()
    parent = genanki.Deck(
        stable_id(f"deck:{site_name}"),
        deck_name(site_name),
        description=f"{len(data['notes'])} interview questions about large language models, from {site_url}",
    )
    decks = [parent]
    by_name: dict[str, genanki.Deck] = {}
    for section in data["sections"]:
        name = deck_name(site_name, section["title"])
        deck = genanki.Deck(
            stable_id(f"deck:{name}"), name, description=neutralize_anki(html.escape(section["description"]))
        )
        by_name[name] = deck
        decks.append(deck)
    for note in collect_notes(data, site_name, site_url):
        by_name[note.deck].add_note(
            genanki.Note(model=model, fields=list(note.fields), tags=list(note.tags), guid=note.guid, due=note.due)
        )
    return genanki.Package(decks)


def render_deck(data: Mapping[str, Any], site_name: str, site_url: str, timestamp: int = DEFAULT_TIMESTAMP) -> bytes:
    """The .apkg file's bytes: the collection built in memory, zipped with fixed dates."""
    package = make_package(data, site_name, site_url)
    connection = sqlite3.connect(":memory:")
    try:
        # genanki numbers notes and cards from the timestamp in milliseconds, in order.
        package.write_to_db(connection.cursor(), timestamp, itertools.count(timestamp * 1000))
        connection.commit()
        collection = connection.serialize()
    finally:
        connection.close()
    buffer = io.BytesIO()
    write_zip(buffer, (("collection.anki2", collection), ("media", b"{}")))
    return buffer.getvalue()


def load_deck_data(path: Path, display: str) -> dict[str, Any]:
    """Read generated/anki.json; a located error when it is missing or unreadable."""
    if not path.is_file():
        raise GuideError(display, None, "the deck's content is missing", "run `studyguide generate`")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data.get("notes"), list) or not isinstance(data.get("sections"), list):
            raise ValueError("no notes or sections")
    except (ValueError, AttributeError) as error:
        raise GuideError(display, None, f"not the deck's content: {error}", "run `studyguide generate`") from None
    return data


def site_settings(config: Mapping[str, object]) -> tuple[str, str]:
    """The deck's name (site_name) and the pages' base address (site_url) from mkdocs.yml."""
    site_name = str(config.get("site_name") or "LLM interview guide")
    site_url = str(config.get("site_url") or "")
    return site_name, site_url


def project_deck(project: Project, config: Mapping[str, Any], environ: Mapping[str, str]) -> tuple[bytes, int]:
    """The deck of a project as the build makes it, and its note count (reads generated/anki.json)."""
    data = load_deck_data(project.deck_data, project.display(project.deck_data))
    site_name, site_url = site_settings(config)
    return render_deck(data, site_name, site_url, deck_timestamp(environ)), len(data["notes"])
