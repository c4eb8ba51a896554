"""The glossary: curated in data/glossary.yml, checked against the site, built into typed records.

The curated file decides what is a term. Each headword lists the key points of
the source that define it (``source:``, as ``- <question slug>: <key-point
label>``), the guide's own definition (``guide:``), other names it goes by
(``variants:``) and related headwords (``see:``). Key-point labels that name a
benefit or a use rather than a term are listed under ``not_terms:``; they stay
on their question pages only.

:func:`load_glossary` validates the file on its own (unknown keys, one headword
per term, one owner per key point and per name); :func:`build_glossary` joins it
with the merged site (unknown question slugs are errors, a curated label the
source no longer has is a warning) and returns a :class:`Glossary`, pure data
for the renderer.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints, field_validator
from slugify import slugify

from studyguide.errors import GuideError, GuideErrors
from studyguide.inputs.curated import Lines, NonEmpty, Slug, Strict, _validate, line_of, load_yaml
from studyguide.model import Entry, Erratum, KeyPoint, Paragraph, Subheading
from studyguide.pipeline.merge import U_TAG_RE, Site

Anchor = Annotated[str, StringConstraints(pattern=r"^term-[a-z0-9]+(?:-[a-z0-9]+)*$")]

# "Byte pair encoding (BPE)": a name followed by its abbreviation, both of which name the term.
ABBREVIATED_RE = re.compile(r"^(?P<name>.+?)\s+\((?P<abbr>[^()]+)\)$")
# Spaces and hyphens inside a name: "fine-tuning", "fine tuning" and "finetuning" are one name.
NAME_JOIN_RE = re.compile(r"[\s\-\u2010-\u2015]+")
# What a name's key keeps: letters and digits only.
NAME_NOISE_RE = re.compile(r"[\W_]+")
# The end of a guide definition's first sentence, for the short preview on question pages.
SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


class TermData(Strict):
    """One headword of data/glossary.yml."""

    term: NonEmpty
    variants: list[NonEmpty] = Field(default_factory=list)
    source: list[dict[Slug, NonEmpty]] = Field(default_factory=list)
    guide: NonEmpty | None = None
    see: list[NonEmpty] = Field(default_factory=list)
    questions: list[Slug] = Field(default_factory=list)
    anchors: list[Anchor] = Field(default_factory=list)
    link: bool = True

    @field_validator("source")
    @classmethod
    def _one_key_each(cls, value: list[dict[str, str]]) -> list[dict[str, str]]:
        for item in value:
            if len(item) != 1:
                raise ValueError("each source item is one '<question slug>: <key-point label>' pair")
        return value


class GlossaryData(Strict):
    """data/glossary.yml: the headwords, and the key-point labels that are not terms, by question."""

    terms: list[TermData] = Field(default_factory=list)
    not_terms: dict[Slug, list[NonEmpty]] = Field(default_factory=dict)


def name_key(name: str) -> str:
    """The key that decides whether two names are one term: case, spaces, hyphens and a plural -s ignored."""
    key = NAME_NOISE_RE.sub("", U_TAG_RE.sub("", name).casefold())
    return key[:-1] if key.endswith("s") and len(key) > 3 else key


def term_names(term: TermData) -> list[str]:
    """Every name of a term: the headword, its parts when it ends in an abbreviation, and its variants."""
    names = [term.term]
    match = ABBREVIATED_RE.match(term.term)
    if match:
        names += [match.group("name"), match.group("abbr")]
    return names + list(term.variants)


def term_anchor(name: str) -> str:
    """The anchor a headword or a key-point label has on the glossary page: ``term-`` plus its slug."""
    return "term-" + (slugify(U_TAG_RE.sub("", name)) or "x")


def load_glossary(text: str, path: Path | str) -> tuple[GlossaryData, Lines]:
    """Read data/glossary.yml: validated headwords, with every conflict inside the file reported at its line."""
    data, lines = load_yaml(text, path)
    glossary: GlossaryData = _validate(GlossaryData, data, lines, path)
    errors: list[GuideError] = []
    names: dict[str, tuple[str, int]] = {}  # name key -> (headword, line)
    claimed: dict[tuple[str, str], tuple[str, int]] = {}  # (slug, label key) -> (owner, line)
    anchors: dict[str, tuple[str, int]] = {}
    headwords = {name_key(t.term) for t in glossary.terms}
    for index, term in enumerate(glossary.terms):
        where = line_of(lines, ("terms", index)) or 0
        own: set[str] = set()
        for name in term_names(term):
            key = name_key(name)
            if key in own:
                continue
            own.add(key)
            if key in names:
                other, other_line = names[key]
                errors.append(
                    GuideError(
                        path,
                        where,
                        f"{name!r} ({term.term!r}) names the same term as {other!r} at line {other_line}",
                        "one term, one headword: merge the two entries, or drop the duplicate variant",
                    )
                )
            else:
                names[key] = (term.term, where)
        for position, item in enumerate(term.source):
            ((slug, label),) = item.items()
            at = line_of(lines, ("terms", index, "source", position)) or where
            key = (slug, name_key(label))
            if key in claimed:
                errors.append(
                    GuideError(
                        path,
                        at,
                        f"the key point {label!r} of {slug!r} is claimed by {term.term!r} "
                        f"and by {claimed[key][0]!r} (line {claimed[key][1]})",
                        "a key point defines one headword: keep it under one of them",
                    )
                )
            claimed.setdefault(key, (term.term, at))
        for position, anchor in enumerate([term_anchor(term.term), *term.anchors]):
            if anchor in anchors and anchors[anchor][0] != term.term:
                errors.append(
                    GuideError(
                        path,
                        line_of(lines, ("terms", index, "anchors", position - 1)) if position else where,
                        f"the anchor #{anchor} of {term.term!r} is also "
                        f"{anchors[anchor][0]!r}'s (line {anchors[anchor][1]})",
                        "every anchor of the glossary page must be unique",
                    )
                )
            anchors.setdefault(anchor, (term.term, where))
        for position, other in enumerate(term.see):
            if name_key(other) not in headwords or name_key(other) == name_key(term.term):
                errors.append(
                    GuideError(
                        path,
                        line_of(lines, ("terms", index, "see", position)) or where,
                        f"{term.term!r} refers to {other!r}, which is "
                        + ("itself" if name_key(other) == name_key(term.term) else "no headword of this file"),
                        "name another headword exactly as its `term:` spells it",
                    )
                )
        if not term.source and not term.guide:
            errors.append(
                GuideError(path, where, f"{term.term!r} has no definition", "add `guide:` or a `source:` key point")
            )
    for slug, labels in glossary.not_terms.items():
        for position, label in enumerate(labels):
            at = line_of(lines, ("not_terms", slug, position)) or line_of(lines, ("not_terms", slug))
            key = (slug, name_key(label))
            if key in claimed:
                errors.append(
                    GuideError(
                        path,
                        at,
                        f"the key point {label!r} of {slug!r} is listed as not a term, "
                        f"but {claimed[key][0]!r} (line {claimed[key][1]}) uses it as a definition",
                        "keep it in one place",
                    )
                )
            elif name_key(label) in names:
                errors.append(
                    GuideError(
                        path,
                        at,
                        f"{label!r} is listed as not a term, but it names the headword "
                        f"{names[name_key(label)][0]!r} (line {names[name_key(label)][1]})",
                        "list the key point under that headword's `source:` instead",
                    )
                )
            claimed.setdefault(key, ("not_terms", at or 0))
    if errors:
        raise GuideErrors(errors)
    return glossary, lines


@dataclass(frozen=True)
class SourceDefinition:
    """A key point of the source that defines a headword, as published (after errata)."""

    label: str
    definition: str
    entry: Entry
    # The errata whose corrected text is in this key point: the glossary shows their note too.
    errata: tuple[Erratum, ...]
    line: int


@dataclass(frozen=True)
class GlossaryTerm:
    """A headword with its definitions and the questions that use it."""

    term: str
    anchor: str
    # Further anchors on the headword: older links (labels merged into it) still land here.
    anchors: tuple[str, ...]
    guide: str | None
    definitions: tuple[SourceDefinition, ...]
    questions: tuple[Entry, ...]
    see: tuple[tuple[str, str], ...]
    names: tuple[str, ...]
    link: bool
    line: int

    @property
    def letter(self) -> str:
        """The heading it is listed under: its first letter, or # for digits and symbols."""
        first = self.term[:1].upper()
        return first if first.isalpha() else "#"

    @property
    def preview(self) -> str:
        """One sentence for a link's tooltip: the guide's first sentence, else the first source definition."""
        if self.guide:
            return SENTENCE_END_RE.split(self.guide, maxsplit=1)[0]
        return U_TAG_RE.sub("", self.definitions[0].definition) if self.definitions else self.term


@dataclass(frozen=True)
class NotTerm:
    """A key-point label that is not a term, with the questions it appears in and its old anchor."""

    label: str
    anchor: str | None
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Glossary:
    """The glossary page's content, alphabetical, and the warnings found while building it."""

    terms: tuple[GlossaryTerm, ...] = ()
    not_terms: tuple[NotTerm, ...] = ()
    warnings: tuple[str, ...] = ()


def name_pattern(name: str) -> str:
    """A regex for a name anywhere in running text: spaces and hyphens interchangeable, an optional plural."""
    parts = [re.escape(part) for part in NAME_JOIN_RE.split(U_TAG_RE.sub("", name).strip()) if part]
    return r"[\s\-]?".join(parts) + r"(?:e?s)?"


def names_regex(names: list[str]) -> re.Pattern[str]:
    """One case-insensitive regex for whole-word uses of any of the names, longest first."""
    alternatives = sorted({name_pattern(n) for n in names}, key=lambda p: (-len(p), p))
    return re.compile(r"(?<![\w\-])(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def entry_texts(entry: Entry) -> list[str]:
    """The text of a question page that a term can be used in: title, answer, key points, notes, guide's text."""
    texts = [entry.title]
    for block in entry.question.blocks:
        if isinstance(block, KeyPoint):
            texts += [block.term, block.definition]
        elif isinstance(block, (Paragraph, Subheading)):
            texts.append(block.text)
    texts += list(entry.additions) + ([entry.guide_answer] if entry.guide_answer else [])
    return [U_TAG_RE.sub("", text) for text in texts]


def corrections(point: KeyPoint, errata: tuple[Erratum, ...]) -> tuple[Erratum, ...]:
    """The errata whose corrected text appears in a key point (so the point as shown is a correction)."""
    text = f"{point.term}: {point.definition}"
    return tuple(e for e in errata if e.replace.strip() and e.replace in text)


def build_glossary(
    site: Site, data: GlossaryData, lines: Lines, path: Path | str, curated_slugs: Collection[str] = ()
) -> Glossary:
    """Join the curated glossary with the site: definitions, question links, anchors and warnings.

    A slug that is no question of the site is an error, unless it is one of
    ``curated_slugs`` (data/questions.yml): a curated question missing from
    the source is only skipped, with a warning, as the curated file does.
    """
    by_slug = site.by_slug()
    errors: list[GuideError] = []
    warnings: list[str] = []

    def known(slug: str, loc: tuple) -> Entry | None:
        if slug in by_slug:
            return by_slug[slug]
        if slug in curated_slugs:
            warnings.append(
                f"{path}:{line_of(lines, loc)}: {slug!r} is not in the source document; "
                "its glossary references are skipped"
            )
            return None
        errors.append(
            GuideError(
                path,
                line_of(lines, loc),
                f"{slug!r} is no question of the site",
                "use the slug of a question in data/questions.yml",
            )
        )
        return None

    claimed: set[tuple[str, str]] = set()
    terms: list[GlossaryTerm] = []
    taken_anchors: set[str] = set()
    headword_anchor = {name_key(t.term): (t.term, term_anchor(t.term)) for t in data.terms}
    for index, item in enumerate(data.terms):
        where = line_of(lines, ("terms", index)) or 0
        definitions: list[SourceDefinition] = []
        anchors = [term_anchor(item.term)]
        for position, pair in enumerate(item.source):
            ((slug, label),) = pair.items()
            loc = ("terms", index, "source", position)
            entry = known(slug, loc)
            anchors.append(term_anchor(label))
            if entry is None:
                continue
            claimed.add((slug, name_key(label)))
            points = [p for p in entry.question.key_points if name_key(p.term) == name_key(label)]
            if not points:
                warnings.append(
                    f"{path}:{line_of(lines, loc)}: question {entry.question.number} ({slug}) has no key point "
                    f"{label!r} any more (an erratum or the source changed it); {item.term!r} shows no definition "
                    "from it; update or remove this line"
                )
            for point in points:
                definitions.append(
                    SourceDefinition(
                        label=U_TAG_RE.sub("", point.term),
                        definition=point.definition,
                        entry=entry,
                        errata=corrections(point, entry.errata),
                        line=point.line,
                    )
                )
        extra_entries = [known(slug, ("terms", index, "questions", n)) for n, slug in enumerate(item.questions)]
        pattern = names_regex(term_names(item))
        users = {d.entry.slug for d in definitions} | {e.slug for e in extra_entries if e is not None}
        users |= {e.slug for e in site.entries if any(pattern.search(text) for text in entry_texts(e))}
        questions = tuple(sorted((by_slug[s] for s in users), key=lambda e: e.question.number))
        anchors = [a for a in dict.fromkeys(anchors + list(item.anchors)) if a not in taken_anchors]
        taken_anchors.update(anchors)
        see = tuple(headword_anchor[name_key(other)] for other in item.see if name_key(other) in headword_anchor)
        terms.append(
            GlossaryTerm(
                term=item.term,
                anchor=anchors[0],
                anchors=tuple(anchors[1:]),
                guide=item.guide,
                definitions=tuple(definitions),
                questions=questions,
                see=see,
                names=tuple(term_names(item)),
                link=item.link,
                line=where,
            )
        )
    not_terms: dict[str, tuple[str, list[Entry]]] = {}
    for slug, labels in data.not_terms.items():
        entry = known(slug, ("not_terms", slug))
        if entry is None:
            continue
        present = {name_key(p.term) for p in entry.question.key_points}
        for position, label in enumerate(labels):
            claimed.add((slug, name_key(label)))
            if name_key(label) not in present:
                warnings.append(
                    f"{path}:{line_of(lines, ('not_terms', slug, position))}: question {entry.question.number} "
                    f"({slug}) has no key point {label!r} any more; remove it from not_terms"
                )
                continue
            not_terms.setdefault(name_key(label), (label, []))[1].append(entry)
    if errors:
        raise GuideErrors(errors)
    for entry in site.entries:
        for point in entry.question.key_points:
            if (entry.slug, name_key(point.term)) not in claimed:
                warnings.append(
                    f"{path}: the key point {U_TAG_RE.sub('', point.term)!r} of question {entry.question.number} "
                    f"({entry.slug}) is in no glossary entry; add it under a headword's `source:` "
                    f"or under `not_terms: {{{entry.slug}: [...]}}`"
                )
    others: list[NotTerm] = []
    for label, entries in sorted(not_terms.values(), key=lambda item: (item[0].casefold(), item[0])):
        anchor = term_anchor(label)
        others.append(NotTerm(label, None if anchor in taken_anchors else anchor, tuple(entries)))
        taken_anchors.add(anchor)
    ordered = tuple(sorted(terms, key=lambda t: (t.term.casefold(), t.term)))
    return Glossary(terms=ordered, not_terms=tuple(others), warnings=tuple(warnings))


def linkable_names(glossary: Glossary) -> dict[str, GlossaryTerm]:
    """Every name that links to a headword on question pages, by its key."""
    return {name_key(name): term for term in glossary.terms if term.link for name in term.names}
