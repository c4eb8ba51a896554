"""Typed, frozen records of the parsed document and of the site entries.

Every record keeps the 1-based line it came from, so errors can point at it.
"""

from __future__ import annotations

from dataclasses import dataclass


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
class Question:
    """One question of the source; ``numbers`` has several entries when it was printed twice."""

    numbers: tuple[int, ...]
    title: str
    blocks: tuple[Block, ...]
    line: int
    lines: tuple[int, ...] = ()

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
    def key_points(self) -> tuple[KeyPoint, ...]:
        """Every ``Term: definition`` line, in order."""
        return tuple(b for b in self.blocks if isinstance(b, KeyPoint))


@dataclass(frozen=True)
class Erratum:
    """A curated correction: ``find`` becomes ``replace``; ``note`` tells the reader."""

    find: str
    replace: str
    note: str
    line: int


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
