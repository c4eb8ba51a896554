"""Read data/glossary.yml: the curated headwords, checked on their own.

The curated file decides what is a term. Each headword lists the key points of
the source that define it (``source:``, as ``- <question slug>: <key-point
label>``), the guide's own definition (``guide:``), other names it goes by
(``variants:``) and related headwords (``see:``). Key-point labels that name a
benefit or a use rather than a term are listed under ``not_terms:``; they stay
on their question pages only.

:func:`load_glossary` validates the file on its own (unknown keys, one headword
per term, one owner per key point and per name); joining it with the site is
:func:`studyguide.pipeline.glossary.build_glossary`'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints, field_validator
from slugify import slugify

from studyguide.errors import GuideError
from studyguide.inputs.curated import GuideText, NonEmpty, Slug, Strict, load_yaml, raise_all, validate
from studyguide.inputs.located import Located
from studyguide.inputs.markup import name_key, plain

Anchor = Annotated[str, StringConstraints(pattern=r"^term-[a-z0-9]+(?:-[a-z0-9]+)*$")]

# "Byte pair encoding (BPE)": a name followed by its abbreviation, both of which name the term.
ABBREVIATED_RE = re.compile(r"^(?P<name>.+?)\s+\((?P<abbr>[^()]+)\)$")


class TermData(Strict):
    """One headword of data/glossary.yml."""

    term: NonEmpty
    variants: list[NonEmpty] = Field(default_factory=list)
    source: list[dict[Slug, NonEmpty]] = Field(default_factory=list)
    guide: GuideText | None = None
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


def term_names(term: TermData) -> list[str]:
    """Every name of a term: the headword, its parts when it ends in an abbreviation, and its variants."""
    names = [term.term]
    match = ABBREVIATED_RE.match(term.term)
    if match:
        names += [match.group("name"), match.group("abbr")]
    return names + list(term.variants)


def term_anchor(name: str) -> str:
    """The anchor a headword or a key-point label has on the glossary page: ``term-`` plus its slug."""
    return "term-" + (slugify(plain(name)) or "x")


@dataclass
class _Owners:
    """Who owns what so far in one pass over the file: names, key points and anchors, with their lines."""

    names: dict[str, tuple[str, int]] = field(default_factory=dict)  # name key -> (headword, line)
    claimed: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)  # (slug, label key) -> (owner, line)
    anchors: dict[str, tuple[str, int]] = field(default_factory=dict)


def load_glossary(text: str, path: Path | str) -> Located[GlossaryData]:
    """Read data/glossary.yml: validated headwords, with every conflict inside the file reported at its line."""
    glossary: Located[GlossaryData] = validate(GlossaryData, load_yaml(text, path))
    owners = _Owners()
    headwords = {name_key(t.term) for t in glossary.data.terms}
    errors: list[GuideError] = []
    for index, term in enumerate(glossary.data.terms):
        errors += _term_errors(glossary, index, term, owners, headwords)
    for slug, labels in glossary.data.not_terms.items():
        errors += _not_term_errors(glossary, slug, labels, owners)
    raise_all(errors)
    return glossary


def _term_errors(
    glossary: Located[GlossaryData], index: int, term: TermData, owners: _Owners, headwords: set[str]
) -> list[GuideError]:
    where = glossary.line("terms", index) or 0
    errors = _name_errors(glossary, where, term, owners)
    errors += _source_errors(glossary, index, where, term, owners)
    errors += _anchor_errors(glossary, index, where, term, owners)
    errors += _see_errors(glossary, index, where, term, headwords)
    if not term.source and not term.guide:
        errors.append(
            glossary.error(where, f"{term.term!r} has no definition", "add `guide:` or a `source:` key point")
        )
    return errors


def _name_errors(glossary: Located[GlossaryData], where: int, term: TermData, owners: _Owners) -> list[GuideError]:
    """A name (headword, abbreviation or variant) that another headword already has."""
    errors: list[GuideError] = []
    own: set[str] = set()
    for name in term_names(term):
        key = name_key(name)
        if key in own:
            continue
        own.add(key)
        if key in owners.names:
            other, other_line = owners.names[key]
            errors.append(
                glossary.error(
                    where,
                    f"{name!r} ({term.term!r}) names the same term as {other!r} at line {other_line}",
                    "one term, one headword: merge the two entries, or drop the duplicate variant",
                )
            )
        else:
            owners.names[key] = (term.term, where)
    return errors


def _source_errors(
    glossary: Located[GlossaryData], index: int, where: int, term: TermData, owners: _Owners
) -> list[GuideError]:
    """A key point that two headwords claim."""
    errors: list[GuideError] = []
    for position, item in enumerate(term.source):
        ((slug, label),) = item.items()
        at = glossary.line("terms", index, "source", position) or where
        key = (slug, name_key(label))
        if key in owners.claimed:
            owner, line = owners.claimed[key]
            errors.append(
                glossary.error(
                    at,
                    f"the key point {label!r} of {slug!r} is claimed by {term.term!r} and by {owner!r} (line {line})",
                    "a key point defines one headword: keep it under one of them",
                )
            )
        owners.claimed.setdefault(key, (term.term, at))
    return errors


def _anchor_errors(
    glossary: Located[GlossaryData], index: int, where: int, term: TermData, owners: _Owners
) -> list[GuideError]:
    """An anchor of the glossary page that two headwords would have."""
    errors: list[GuideError] = []
    for position, anchor in enumerate([term_anchor(term.term), *term.anchors]):
        if anchor in owners.anchors and owners.anchors[anchor][0] != term.term:
            owner, line = owners.anchors[anchor]
            errors.append(
                glossary.error(
                    ("terms", index, "anchors", position - 1) if position else where,
                    f"the anchor #{anchor} of {term.term!r} is also {owner!r}'s (line {line})",
                    "every anchor of the glossary page must be unique",
                )
            )
        owners.anchors.setdefault(anchor, (term.term, where))
    return errors


def _see_errors(
    glossary: Located[GlossaryData], index: int, where: int, term: TermData, headwords: set[str]
) -> list[GuideError]:
    """A ``see:`` that names no other headword."""
    errors: list[GuideError] = []
    for position, other in enumerate(term.see):
        itself = name_key(other) == name_key(term.term)
        if name_key(other) not in headwords or itself:
            errors.append(
                glossary.error(
                    glossary.line("terms", index, "see", position) or where,
                    f"{term.term!r} refers to {other!r}, which is "
                    + ("itself" if itself else "no headword of this file"),
                    "name another headword exactly as its `term:` spells it",
                )
            )
    return errors


def _not_term_errors(
    glossary: Located[GlossaryData], slug: str, labels: list[str], owners: _Owners
) -> list[GuideError]:
    """A label listed as not a term that a headword uses, or that names a headword."""
    errors: list[GuideError] = []
    for position, label in enumerate(labels):
        at = glossary.line("not_terms", slug, position) or glossary.line("not_terms", slug)
        key = (slug, name_key(label))
        if key in owners.claimed:
            owner, line = owners.claimed[key]
            errors.append(
                glossary.error(
                    at,
                    f"the key point {label!r} of {slug!r} is listed as not a term, "
                    f"but {owner!r} (line {line}) uses it as a definition",
                    "keep it in one place",
                )
            )
        elif name_key(label) in owners.names:
            headword, line = owners.names[name_key(label)]
            errors.append(
                glossary.error(
                    at,
                    f"{label!r} is listed as not a term, but it names the headword {headword!r} (line {line})",
                    "list the key point under that headword's `source:` instead",
                )
            )
        owners.claimed.setdefault(key, ("not_terms", at or 0))
    return errors
