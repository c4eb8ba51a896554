"""The one error type the generator raises for bad input."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class GuideError(Exception):
    """Bad input, reported as ``file:line: message`` plus a hint on how to fix it."""

    path: Path | str
    line: int | None
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        text = f"{where}: error: {self.message}"
        if self.hint:
            text += f"\n  fix: {self.hint}"
        return text


@dataclass
class GuideErrors(Exception):
    """Several errors found in one pass, reported together."""

    errors: list[GuideError]

    def __str__(self) -> str:
        return "\n".join(str(error) for error in self.errors)
