"""Inputs that know where they came from: parsed data, its file, and the line of every node."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
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

    def repeats(
        self,
        key: str,
        values: Iterable[Hashable],
        message: Callable[[int, int | None], str],
        hint: str,
        field: str | None = None,
    ) -> list[GuideError]:
        """An error at each entry of the list ``key`` whose value an earlier entry already has.

        ``values`` holds one value per entry, in file order (normalise it first when case or
        spacing must not count); ``message(index, line_of_the_first)`` says what the entry at
        ``index`` repeats, and the error points at that entry (or at its ``field``).
        """
        first: dict[Hashable, int | None] = {}
        errors: list[GuideError] = []
        for index, value in enumerate(values):
            if value in first:
                at = (key, index) if field is None else (key, index, field)
                errors.append(self.error(at, message(index, first[value]), hint))
            else:
                first[value] = self.line(key, index)
        return errors
