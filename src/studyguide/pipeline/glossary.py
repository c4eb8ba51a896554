"""The glossary joined with the site: definitions, question links, anchors and warnings.

:func:`build_glossary` joins the curated glossary (read and checked by
:mod:`studyguide.inputs.glossary`) with the merged site: unknown question slugs
are errors, a curated label the source no longer has is a warning. It returns a
:class:`Glossary`, pure data for the renderer.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from studyguide.errors import GuideError
from studyguide.inputs.curated import raise_all
from studyguide.inputs.glossary import GlossaryData, TermData, term_anchor, term_names
from studyguide.inputs.located import Located
from studyguide.inputs.markup import first_sentence, name_key, name_pattern, plain
from studyguide.model import Entry, Erratum, KeyPoint, Paragraph, Site, Subheading


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
    # As written in data/glossary.yml: other names, and the key points (slug, label) it comes from.
    variants: tuple[str, ...] = ()
    source: tuple[tuple[str, str], ...] = ()

    @property
    def letter(self) -> str:
        """The heading it is listed under: its first letter, or # for digits and symbols."""
        first = self.term[:1].upper()
        return first if first.isalpha() else "#"

    @property
    def preview(self) -> str:
        """One sentence for a link's tooltip: the guide's first sentence, else the first source definition."""
        if self.guide:
            return first_sentence(self.guide)
        return plain(self.definitions[0].definition) if self.definitions else self.term


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
    return [plain(text) for text in texts]


def corrections(point: KeyPoint, errata: tuple[Erratum, ...]) -> tuple[Erratum, ...]:
    """The errata whose corrected text appears in a key point (so the point as shown is a correction)."""
    text = f"{point.term}: {point.definition}"
    return tuple(e for e in errata if e.replace.strip() and e.replace in text)


def build_glossary(site: Site, data: Located[GlossaryData], curated_slugs: Collection[str] = ()) -> Glossary:
    """Join the curated glossary with the site: definitions, question links, anchors and warnings.

    A slug that is no question of the site is an error, unless it is one of
    ``curated_slugs`` (data/questions.yml): a curated question missing from
    the source is only skipped, with a warning, as the curated file does.
    """
    join = _Join(site, data, frozenset(curated_slugs))
    headword_anchor = {name_key(t.term): (t.term, term_anchor(t.term)) for t in data.data.terms}
    terms = [join.term(index, item, headword_anchor) for index, item in enumerate(data.data.terms)]
    not_terms = join.not_terms()
    raise_all(join.errors)
    join.warn_unclaimed()
    ordered = tuple(sorted(terms, key=lambda t: (t.term.casefold(), t.term)))
    return Glossary(terms=ordered, not_terms=join.not_term_records(not_terms), warnings=tuple(join.warnings))


@dataclass
class _Join:
    """One join of the glossary with the site: what is claimed and taken so far, the errors and warnings."""

    site: Site
    data: Located[GlossaryData]
    curated_slugs: frozenset[str]
    errors: list[GuideError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    claimed: set[tuple[str, str]] = field(default_factory=set)
    taken_anchors: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.by_slug = self.site.by_slug()

    def warn(self, loc: tuple, text: str) -> None:
        self.warnings.append(f"{self.data.name}:{self.data.line(*loc)}: {text}")

    def known(self, slug: str, loc: tuple) -> Entry | None:
        """The question ``slug`` names; None (with a warning or an error) when the site has none."""
        if slug in self.by_slug:
            return self.by_slug[slug]
        if slug in self.curated_slugs:
            self.warn(loc, f"{slug!r} is not in the source document; its glossary references are skipped")
        else:
            hint = "use the slug of a question in data/questions.yml"
            self.errors.append(self.data.error(loc, f"{slug!r} is no question of the site", hint))
        return None

    def term(self, index: int, item: TermData, headword_anchor: dict[str, tuple[str, str]]) -> GlossaryTerm:
        """One headword: its source definitions, the questions that use it, its anchors and see-also."""
        definitions = self.definitions(index, item)
        extra = [self.known(slug, ("terms", index, "questions", n)) for n, slug in enumerate(item.questions)]
        pattern = names_regex(term_names(item))
        users = {d.entry.slug for d in definitions} | {e.slug for e in extra if e is not None}
        users |= {e.slug for e in self.site.entries if any(pattern.search(text) for text in entry_texts(e))}
        questions = tuple(sorted((self.by_slug[s] for s in users), key=lambda e: e.number_key))
        labels = [term_anchor(label) for pair in item.source for label in pair.values()]
        anchors = [term_anchor(item.term), *labels, *item.anchors]
        anchors = [a for a in dict.fromkeys(anchors) if a not in self.taken_anchors]
        self.taken_anchors.update(anchors)
        see = tuple(headword_anchor[name_key(other)] for other in item.see if name_key(other) in headword_anchor)
        return GlossaryTerm(
            term=item.term,
            anchor=anchors[0],
            anchors=tuple(anchors[1:]),
            guide=item.guide,
            definitions=tuple(definitions),
            questions=questions,
            see=see,
            names=tuple(term_names(item)),
            link=item.link,
            line=self.data.line("terms", index) or 0,
            variants=tuple(item.variants),
            source=tuple((slug, label) for pair in item.source for slug, label in pair.items()),
        )

    def definitions(self, index: int, item: TermData) -> list[SourceDefinition]:
        """The key points a headword's ``source:`` names, as published (a warning for each one gone)."""
        definitions: list[SourceDefinition] = []
        for position, pair in enumerate(item.source):
            ((slug, label),) = pair.items()
            loc = ("terms", index, "source", position)
            entry = self.known(slug, loc)
            if entry is None:
                continue
            self.claimed.add((slug, name_key(label)))
            points = [p for p in entry.question.key_points if name_key(p.term) == name_key(label)]
            if not points:
                self.warn(
                    loc,
                    f"question {entry.question.number} ({slug}) has no key point {label!r} any more (an erratum or "
                    f"the source changed it); {item.term!r} shows no definition from it; update or remove this line",
                )
            definitions += [
                SourceDefinition(
                    label=plain(point.term),
                    definition=point.definition,
                    entry=entry,
                    errata=corrections(point, entry.errata),
                    line=point.line,
                )
                for point in points
            ]
        return definitions

    def not_terms(self) -> dict[str, tuple[str, list[Entry]]]:
        """The labels that are not terms, by key, with the questions they appear in."""
        found: dict[str, tuple[str, list[Entry]]] = {}
        for slug, labels in self.data.data.not_terms.items():
            entry = self.known(slug, ("not_terms", slug))
            if entry is None:
                continue
            present = {name_key(p.term) for p in entry.question.key_points}
            for position, label in enumerate(labels):
                self.claimed.add((slug, name_key(label)))
                if name_key(label) not in present:
                    self.warn(
                        ("not_terms", slug, position),
                        f"question {entry.question.number} ({slug}) has no key point {label!r} any more; "
                        "remove it from not_terms",
                    )
                    continue
                found.setdefault(name_key(label), (label, []))[1].append(entry)
        return found

    def warn_unclaimed(self) -> None:
        """A warning for every key point of the site that no headword and no ``not_terms`` lists."""
        for entry in self.site.entries:
            for point in entry.question.key_points:
                if (entry.slug, name_key(point.term)) not in self.claimed:
                    self.warnings.append(
                        f"{self.data.name}: the key point {plain(point.term)!r} of question {entry.question.number} "
                        f"({entry.slug}) is in no glossary entry; add it under a headword's `source:` "
                        f"or under `not_terms: {{{entry.slug}: [...]}}`"
                    )

    def not_term_records(self, found: dict[str, tuple[str, list[Entry]]]) -> tuple[NotTerm, ...]:
        """The not-terms, alphabetical, each with its old anchor unless a headword has it."""
        others: list[NotTerm] = []
        for label, entries in sorted(found.values(), key=lambda item: (item[0].casefold(), item[0])):
            anchor = term_anchor(label)
            others.append(NotTerm(label, None if anchor in self.taken_anchors else anchor, tuple(entries)))
            self.taken_anchors.add(anchor)
        return tuple(others)


def linkable_names(glossary: Glossary) -> dict[str, GlossaryTerm]:
    """Every name that links to a headword on question pages, by its key."""
    return {name_key(name): term for term in glossary.terms if term.link for name in term.names}
