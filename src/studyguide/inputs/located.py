"""Inputs that know where they came from: parsed data, its file, and the line of every node."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from studyguide.errors import GuideError

T = TypeVar("T")

# The 1-based line of every mapping, key and list item, by its path: ("questions", 3, "slug").
Lines = dict[tuple[Any, ...], int]


def line_of(lines: Lines, loc: tuple[Any, ...]) -> int | None:
    """The line of the deepest known part of ``loc``."""
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


@dataclass(frozen=True)
class Located(Generic[T]):
    """One input file, parsed: its ``data``, its ``name`` as the user reads it, and its ``lines``."""

    data: T
    name: str
    lines: Lines = field(default_factory=dict)

    def line(self, *loc: Any) -> int | None:
        """The line of a node (or of its nearest known parent): ``line("questions", 3, "slug")``."""
        return line_of(self.lines, loc)

    def error(self, at: tuple[Any, ...] | int | None, message: str, hint: str = "") -> GuideError:
        """A ``file:line: error: ... / fix: ...`` at a node (its path, e.g. ``("questions", 3)``) or a line.

        Raise it, or collect several and raise them together as GuideErrors.
        """
        line = line_of(self.lines, at) if isinstance(at, tuple) else at
        return GuideError(self.name, line, message, hint)

    def with_data(self, data: Any) -> Located[Any]:
        """The same file and lines with other data (the validated form of the parsed YAML)."""
        return Located(data, self.name, self.lines)
