"""Typed, frozen records of the parsed document and of the site entries.

Every record keeps the 1-based line it came from, so errors can point at it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studyguide.inputs.curated import PageData, SectionData, UrlRecord


@dataclass(frozen=True)
class Paragraph:
    """A line of prose (the answer, usually the first block of a question)."""

    text: str
    line: int


@dataclass(frozen=True)
class KeyPoint:
    """A ``Term: definition`` line; ``underlined`` when the source wrapped the term in <u>."""

    term: str
    definition: str
    underlined: bool
    line: int


@dataclass(frozen=True)
class Subheading:
    """A short line ending in a colon, such as ``Advantages:``."""

    text: str
    line: int


@dataclass(frozen=True)
class CodeBlock:
    """A fenced code sample, exactly as printed in the source."""

    code: str
    language: str
    line: int


Block = Paragraph | KeyPoint | Subheading | CodeBlock


@dataclass(frozen=True)
class Copy:
    """A later printing of a question the source prints more than once, kept as printed."""

    number: int
    line: int
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Question:
    """One question of the source; ``numbers`` has several entries when it was printed twice.

    ``blocks`` are the first printing's; every later printing is one of ``copies``,
    with its own blocks and line, so a page can show one answer and fold the rest.
    """

    numbers: tuple[int, ...]
    title: str
    blocks: tuple[Block, ...]
    line: int
    lines: tuple[int, ...] = ()
    copies: tuple[Copy, ...] = ()

    @property
    def number(self) -> int:
        """The number the question is known by (its first one)."""
        return self.numbers[0]

    @property
    def answer(self) -> tuple[Paragraph, ...]:
        """The leading prose paragraphs: the answer proper."""
        leading: list[Paragraph] = []
        for block in self.blocks:
            if not isinstance(block, Paragraph):
                break
            leading.append(block)
        return tuple(leading)

    @property
    def all_blocks(self) -> tuple[Block, ...]:
        """The blocks of every printing: the first one's, then each copy's."""
        return self.blocks + tuple(block for copy in self.copies for block in copy.blocks)

    @property
    def key_points(self) -> tuple[KeyPoint, ...]:
        """Every ``Term: definition`` line of every printing, in order, each wording once."""
        seen: set[tuple[str, str]] = set()
        points: list[KeyPoint] = []
        for block in self.all_blocks:
            if isinstance(block, KeyPoint) and (block.term, block.definition) not in seen:
                seen.add((block.term, block.definition))
                points.append(block)
        return tuple(points)


@dataclass(frozen=True)
class Erratum:
    """A curated correction: ``find`` becomes ``replace``; ``note`` tells the reader."""

    find: str
    replace: str
    note: str
    line: int


@dataclass(frozen=True)
class Review:
    """The guide's audit of one question: ``corrected`` (it has errata) or ``checked``, and when."""

    status: str
    date: str
    line: int


@dataclass(frozen=True)
class FollowUp:
    """A question an interviewer asks next, and its short answer: the guide's own text."""

    question: str
    answer: str


@dataclass(frozen=True)
class Entry:
    """A question as published: the parsed question plus its curated metadata."""

    question: Question
    section: str
    slug: str
    tags: tuple[str, ...]
    related: tuple[str, ...]
    synonyms: tuple[str, ...]
    notebook: str | None
    errata: tuple[Erratum, ...]
    code_repaired: bool
    order: int = 0
    summary: str = ""
    # Curated difficulty: "foundational", "intermediate" or "advanced" (None when not curated).
    level: str | None = None
    # The guide's own additions, shown apart from the source text: "what a strong answer
    # adds" (2-5 short points) and, where the source gives no answer paragraph, a short answer.
    additions: tuple[str, ...] = ()
    guide_answer: str | None = None
    # The guide's expert review of the question's source text (None when not curated).
    review: Review | None = None
    # "What interviewers ask next": 2-3 follow-ups with short answers, the guide's own.
    follow_ups: tuple[FollowUp, ...] = ()
    # "source": a question of the source document (``question.numbers`` holds its numbers).
    # "guide": a question the guide wrote itself (data/guide-questions.yml); ``ident`` is its
    # id ("g3"), ``question`` has no numbers and no blocks, and its text is ``guide_answer``
    # and ``additions``.
    origin: str = "source"
    ident: str | None = None

    @property
    def is_guide(self) -> bool:
        """True for a question the guide wrote itself, not the source's."""
        return self.origin == "guide"

    @property
    def short_id(self) -> str:
        """What the short link names: the source number ("24") or the guide's id ("g3")."""
        return self.ident if self.is_guide and self.ident else str(self.question.number)

    @property
    def label(self) -> str:
        """The visible identifier: "Q24" for a source question, "G3" for one of the guide's."""
        return self.short_id.upper() if self.is_guide else f"Q{self.short_id}"

    @property
    def short_link(self) -> str:
        """The short link's site-relative URL, e.g. ``q/24/`` or ``q/g3/``."""
        return f"q/{self.short_id}/"

    @property
    def number_key(self) -> tuple[int, int]:
        """Sorts source questions by number, then the guide's by id number."""
        if self.is_guide:
            return (1, int((self.ident or "g0")[1:] or 0))
        return (0, self.question.number)

    @property
    def url(self) -> str:
        """The page's site-relative URL, e.g. ``concepts/attention-mechanisms/``."""
        return f"{self.section}/{self.slug}/"

    @property
    def path(self) -> str:
        """The page's path inside docs/."""
        return f"{self.section}/{self.slug}.md"

    @property
    def title(self) -> str:
        """The question's (corrected) title."""
        return self.question.title


@dataclass(frozen=True)
class Site:
    """Everything the renderer needs, in study order."""

    sections: tuple[SectionData, ...]
    entries: tuple[Entry, ...]
    redirects: dict[str, str]
    url_record: tuple[UrlRecord, ...]
    warnings: tuple[str, ...]
    pages: tuple[PageData, ...] = ()

    def in_section(self, section_id: str) -> tuple[Entry, ...]:
        """The entries of one section, in study order."""
        return tuple(e for e in self.entries if e.section == section_id)

    def by_slug(self) -> dict[str, Entry]:
        """Entries by slug (slugs are unique across the site)."""
        return {e.slug: e for e in self.entries}
