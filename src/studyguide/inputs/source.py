"""Parse the source document into :class:`~studyguide.model.Question` records.

The format, one item per line, blank lines between items::

    12. Question title?
    An answer paragraph.
    Term: definition of a key point.
    <u>Underlined term:</u> definition.
    Advantages:
    ```
    code, kept verbatim up to the closing fence
    ```

A small line-oriented state machine; every record remembers its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from studyguide.errors import GuideError
from studyguide.inputs.markup import plain
from studyguide.model import Block, CodeBlock, Copy, KeyPoint, Paragraph, Question, Subheading

# "12. What is attention?": the number, a dot, whitespace, then the title. Matched
# against lines whose trailing space is already stripped; the possessive \s++ and
# the greedy title keep the match linear in the line's length.
QUESTION_RE = re.compile(
    r"^(?P<number>\d+)"  # the question's number, any number of digits
    r"\.\s++"  # a dot and at least one space
    r"(?P<title>\S.*)$"  # the title
)

# "-3. Title" or "+3. Title": a question line with a sign, which the format does not allow.
SIGNED_QUESTION_RE = re.compile(r"^[-+\u2212]\d+\.\s++\S")

# Longer numbers would make file names (site/q/<number>/) longer than file systems allow.
MAX_NUMBER_DIGITS = 100

# Line breaks, as editors count them: the document is split on these only. str.splitlines
# also splits on U+2028, U+0085 and others, which would shift every later line number.
LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")

# A code fence, optionally naming its language: ``` or ```python.
FENCE_RE = re.compile(r"^\s*```\s*(?P<language>[\w+#.-]*)\s*$")

# "Term: definition", where the source may underline the term in either of
# two ways: "<u>Term:</u> definition" or "<u>Term</u>: definition".
KEY_POINT_RE = re.compile(
    r"^(?P<u_open><u>)?"  # optional underline opening the term
    r"(?P<term>[A-Z0-9(][^:<>.?!]{0,79}?)"  # the term: capitalised, no sentence punctuation
    r"\s*(?P<u_close_before></u>)?"  # "</u>" before the colon
    r":"  # the colon that ends the term
    r"(?P<u_close_after></u>)?"  # "</u>" after the colon
    r"\s++(?P<definition>\S.*)$"  # the definition (the line's trailing space is stripped)
)

# "Advantages:" - a short capitalised line that ends in a colon.
SUBHEADING_RE = re.compile(r"^(?P<text>[A-Z][^:<>.?!]{0,79}?):\s*$")

# A key-point term or a sub-heading has at most this many words; longer is prose.
MAX_TERM_WORDS = 8

# A word of a title: letters and digits of any script.
WORD_RE = re.compile(r"[^\W_]+")

# Control characters other than tab, newline and carriage return mean binary data.
BINARY_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def decode_source(data: bytes, path: Path | str) -> str:
    """Decode the document as UTF-8, with a located error for anything else."""
    if b"\x00" in data:
        raise GuideError(
            path,
            data[: data.index(b"\x00")].count(b"\n") + 1,
            "the file contains binary data (a NUL byte)",
            "the source must be a plain-text document; check that the right file was given",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise GuideError(
            path,
            line,
            f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            "save the document as UTF-8 text",
        ) from None
    match = BINARY_RE.search(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        raise GuideError(
            path,
            line,
            f"the file contains binary data (control character {match.group()!r})",
            "the source must be a plain-text document; check that the right file was given",
        )
    return text


def split_lines(text: str) -> list[str]:
    """The document's lines, split where an editor breaks them (\\n, \\r\\n or \\r) and nowhere else."""
    lines = LINE_BREAK_RE.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def parse_document(text: str, path: Path | str = "<source>") -> list[Question]:
    """Parse the whole document into questions, in source order (duplicates not merged)."""
    lines = split_lines(text)
    if not any(line.strip() for line in lines):
        raise GuideError(path, 1, "the document is empty", "the source needs questions like '1. What is X?'")
    parser = _Parser(path)
    for line_no, raw in enumerate(lines, start=1):
        parser.feed(raw.rstrip(), line_no)
    return parser.finish()


@dataclass
class _Open:
    """The question being read: its number, title and line, and its blocks so far."""

    number: int
    title: str
    line: int
    blocks: list[Block] = field(default_factory=list)


@dataclass
class _Fence:
    """The code block being read: its language, the line of its opening fence, its lines so far."""

    language: str
    line: int
    lines: list[str] = field(default_factory=list)


@dataclass
class _Parser:
    """The line-oriented state machine: inside a question, possibly inside a code fence."""

    path: Path | str
    questions: list[Question] = field(default_factory=list)
    current: _Open | None = None
    code: _Fence | None = None

    def feed(self, line: str, line_no: int) -> None:
        """Take one line (trailing space stripped)."""
        if self.code is not None:
            self._code_line(line)
        elif not line.strip():
            return
        elif (question := QUESTION_RE.match(line)) is not None:
            self._start(question, line_no)
        else:
            self._body_line(line, line_no)

    def finish(self) -> list[Question]:
        """The questions, once every line is read."""
        if self.code is not None:
            hint = "add a line with ``` after the code"
            raise GuideError(self.path, self.code.line, "code fence opened here is never closed", hint)
        self._close()
        if not self.questions:
            raise GuideError(
                self.path, 1, "no numbered questions found", "questions start with their number, e.g. '1. What is X?'"
            )
        return self.questions

    def _code_line(self, line: str) -> None:
        fence = FENCE_RE.match(line)
        if fence and not fence.group("language"):
            code = self.code
            self.current.blocks.append(CodeBlock(code="\n".join(code.lines), language=code.language, line=code.line))
            self.code = None
        else:
            self.code.lines.append(line)

    def _start(self, question: re.Match[str], line_no: int) -> None:
        self._close()
        digits = question.group("number")
        if len(digits) > MAX_NUMBER_DIGITS:
            raise GuideError(
                self.path,
                line_no,
                f"question number {digits[:20]}... has {len(digits)} digits",
                f"number the questions with at most {MAX_NUMBER_DIGITS} digits; "
                "the number is part of the short link /q/<number>/",
            )
        self.current = _Open(int(digits), question.group("title"), line_no)

    def _body_line(self, line: str, line_no: int) -> None:
        if SIGNED_QUESTION_RE.match(line.lstrip()):
            raise GuideError(
                self.path,
                line_no,
                f"a question number with a sign: {line.strip()[:60]!r}",
                "number the question with digits only, e.g. '3. What is X?'",
            )
        if self.current is None:
            raise GuideError(
                self.path,
                line_no,
                f"text before the first question: {line.strip()[:60]!r}",
                "every question starts with its number, e.g. '1. What are LLMs?'; remove or number this text",
            )
        fence = FENCE_RE.match(line)
        if fence:
            self.code = _Fence(fence.group("language"), line_no)
        else:
            self.current.blocks.append(parse_line(line.strip(), line_no))

    def _close(self) -> None:
        current = self.current
        if current is None:
            return
        if not current.blocks:
            raise GuideError(
                self.path,
                current.line,
                f"question {current.number} ({current.title!r}) has neither an answer nor key points",
                "add an answer paragraph or 'Term: definition' lines below the title",
            )
        self.questions.append(
            Question(
                numbers=(current.number,),
                title=current.title,
                blocks=tuple(current.blocks),
                line=current.line,
                lines=(current.line,),
            )
        )


def parse_line(line: str, line_no: int) -> Block:
    """Classify one non-blank line as a key point, a sub-heading or prose."""
    match = KEY_POINT_RE.match(line)
    if match and _is_term(match.group("term")):
        underlined = bool(match.group("u_open"))
        closed = bool(match.group("u_close_before") or match.group("u_close_after"))
        if underlined == closed:
            return KeyPoint(
                term=match.group("term").strip(),
                definition=match.group("definition"),
                underlined=underlined,
                line=line_no,
            )
    match = SUBHEADING_RE.match(line)
    if match and _is_term(match.group("text")):
        return Subheading(text=match.group("text").strip(), line=line_no)
    return Paragraph(text=line, line=line_no)


def _is_term(text: str) -> bool:
    return 0 < len(text.split()) <= MAX_TERM_WORDS


def merge_duplicates(questions: list[Question], path: Path | str = "<source>") -> list[Question]:
    """Join questions printed more than once (same title) into one, keeping every printing.

    The same number used for two different titles is an error: short links
    /q/<n>/ must lead to one page.
    """
    by_number: dict[int, Question] = {}
    for question in questions:
        seen = by_number.get(question.number)
        if seen is not None and normalize_title(seen.title) != normalize_title(question.title):
            raise GuideError(
                path,
                question.line,
                f"question number {question.number} is used twice, for different questions "
                f"(line {seen.line}: {seen.title!r}; line {question.line}: {question.title!r})",
                "give each question its own number",
            )
        by_number.setdefault(question.number, question)

    merged: dict[str, Question] = {}
    for question in questions:
        key = normalize_title(question.title)
        first = merged.get(key)
        merged[key] = question if first is None else _join(first, question)
    return list(merged.values())


def _join(first: Question, second: Question) -> Question:
    """The first printing stays the question's blocks; the later one is kept whole as a copy.

    Nothing is merged or dropped: the page shows the first printing and folds the
    copy away, with its own number and line.
    """
    copies = (Copy(number=second.number, line=second.line, blocks=second.blocks),) + second.copies
    numbers = first.numbers + tuple(n for n in second.numbers if n not in first.numbers)
    return replace(first, numbers=numbers, lines=first.lines + second.lines, copies=first.copies + copies)


def normalize_title(text: str) -> str:
    """Compare titles by their words only: case, punctuation and markup ignored.

    Words are letters and digits of any script ("Что такое LLM?" keeps its Cyrillic);
    a title with none (emoji only, say) is compared by its characters other than space,
    so two different titles never compare equal just because neither has a word.
    """
    text = plain(text).casefold()
    words = WORD_RE.findall(text)
    return " ".join(words) if words else "".join(text.split())
