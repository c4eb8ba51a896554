"""Load and validate the curated data (data/questions.yml, data/additions.yml) and the URL record (data/urls.yml).

The curated files are written by hand (redirects included); the URL record only by the generator.
data/additions.yml holds the guide's own text and its audit, keyed by question slug.

Both are YAML, validated by pydantic models. Every loader returns a
:class:`~studyguide.inputs.located.Located` record (the data, the file's name and
the line of every node), so every error names the file and the line of the offending entry.
"""

from __future__ import annotations

import bisect
import datetime
import re
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter, ValidationError

from studyguide.errors import GuideError, GuideErrors
from studyguide.inputs.located import Lines, Located
from studyguide.inputs.markup import check_guide_prose, check_guide_text

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
NonEmpty = Annotated[str, StringConstraints(min_length=1)]


class GuideTextError(ValueError):
    """The guide's own text uses markup its grammar refuses (see markup.check_guide_text)."""


GUIDE_TEXT_FIX = (
    "write the guide's text as plain Markdown: `code`, *emphasis*, [links](https://... or a page of the site); "
    "no HTML, images, braces, entities or other addresses"
)


def _guide_text(value: str) -> str:
    problem = check_guide_text(value)
    if problem:
        raise GuideTextError(problem)
    return value


# The guide's own words: Markdown of the safe grammar of markup.check_guide_text.
GuideText = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True), AfterValidator(_guide_text)]
# The same grammar where an empty text is meaningful (an erratum that deletes words).
GuideTextOrEmpty = Annotated[str, AfterValidator(_guide_text)]


def _guide_prose(value: str) -> str:
    problem = check_guide_prose(value)
    if problem is not None:
        raise GuideTextError(problem)
    return value


# The guide's questions and follow-ups: plain text with inline `code` and *emphasis* (markup.check_guide_prose).
GuideProse = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True), AfterValidator(_guide_prose)]


class Strict(BaseModel):
    """Unknown keys are errors: a typo must not be ignored silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class SectionData(Strict):
    id: Slug
    title: GuideText
    description: GuideText
    keywords: list[NonEmpty] = Field(default_factory=list)


class ErratumData(Strict):
    find: NonEmpty
    replace: GuideTextOrEmpty
    note: GuideText


class CodeData(Strict):
    language: NonEmpty = "python"
    repaired: NonEmpty


class QuestionData(Strict):
    slug: Slug
    title: NonEmpty
    section: Slug
    tags: list[NonEmpty] = Field(default_factory=list)
    related: list[Slug] = Field(default_factory=list)
    synonyms: list[NonEmpty] = Field(default_factory=list)
    notebook: Slug | None = None
    level: Literal["foundational", "intermediate", "advanced"] | None = None
    errata: list[ErratumData] = Field(default_factory=list)
    code: CodeData | None = None


class PageData(Strict):
    title: NonEmpty
    path: Annotated[str, StringConstraints(pattern=r"^[\w/-]+\.md$")]


def _site_relative(value: str) -> str:
    if not re.fullmatch(r"(?:[a-z0-9-]+/)+", value):
        raise ValueError("must be a site-relative URL such as 'concepts/attention-mechanisms/'")
    return value


SiteUrl = Annotated[str, AfterValidator(_site_relative)]


class RedirectData(Strict):
    """A published URL whose page is gone, and the question or section URL it now leads to."""

    url: SiteUrl
    to: SiteUrl


class CuratedData(Strict):
    sections: list[SectionData] = Field(min_length=1)
    pages: list[PageData] = Field(default_factory=list)
    questions: list[QuestionData] = Field(default_factory=list)
    redirects: list[RedirectData] = Field(default_factory=list)


class ReviewData(Strict):
    """The expert audit of a question: ``corrected`` when it has errata, ``checked`` when it needs none."""

    status: Literal["corrected", "checked"]
    date: datetime.date


class AdditionData(Strict):
    """The guide's own text for one question, shown apart from the source's."""

    review: ReviewData
    # "What a strong answer adds": what an interviewer expects beyond the source's answer.
    points: list[GuideText] = Field(min_length=2, max_length=5)
    # The guide's short answer, only where the source gives no answer paragraph.
    answer: GuideText | None = None


Additions = dict[str, AdditionData]
ADDITIONS_ADAPTER: TypeAdapter[Additions] = TypeAdapter(dict[Slug, AdditionData])


class UrlRecord(Strict):
    """One URL the site has published, and the title of the question it was published for."""

    url: SiteUrl
    title: NonEmpty


class UrlRecordFile(Strict):
    urls: list[UrlRecord] = Field(default_factory=list)


class _CuratedLoader(yaml.SafeLoader):
    """PyYAML's safe loader, minus aliases: curated data never needs them, and an
    alias expanded over and over (a "billion laughs") would take gigabytes."""

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, f"an alias (*{event.anchor}) is not allowed in this file", event.start_mark
            )
        return super().compose_node(parent, index)


class _LineOf:
    """The 1-based line of a YAML mark, counting only the line breaks editors count.

    PyYAML (and libyaml) also count U+2028, U+2029 and U+0085 as line breaks; a mark's
    character index does not depend on that.
    """

    def __init__(self, text: str) -> None:
        self.breaks = [match.start() for match in re.finditer("\n", text)]

    def __call__(self, mark: yaml.Mark | None) -> int | None:
        return None if mark is None else self.at(mark.index)

    def at(self, index: int) -> int:
        """The line of the character at ``index``."""
        return bisect.bisect_left(self.breaks, index) + 1


# libyaml's parser (PyYAML's C extension) composes about 15 times as fast as PyYAML's own;
# the documents, nodes and marks are the same. Without it, PyYAML's parser does the work.
_FastLoader = getattr(yaml, "CSafeLoader", None)


# Deeper than any curated file goes: PyYAML's own loader decides (it stops at Python's recursion limit).
_FAST_DEPTH = 100


def _compose_fast(text: str) -> yaml.Node | None:
    """The document's node tree by libyaml, or None when PyYAML's own loader must read it: no
    libyaml, a syntax error or an alias (whose message and line the pure-Python loader gives),
    nesting deeper than _FAST_DEPTH, or a byte order mark (libyaml's marks then do not count it)."""
    if _FastLoader is None or text.startswith("\ufeff"):
        return None
    loader = _FastLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    # An alias is the same node object met twice: libyaml shares it, nothing is expanded yet.
    seen: set[int] = set()
    stack = [(node, 0)] if node is not None else []
    while stack:
        current, depth = stack.pop()
        if id(current) in seen or depth > _FAST_DEPTH:
            return None
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                stack += ((key, depth + 1), (value, depth + 1))
        elif isinstance(current, yaml.SequenceNode):
            stack += ((item, depth + 1) for item in current.value)
    return node


def load_yaml(text: str, path: Path | str) -> Located[Any]:
    """Parse YAML safely: the data and the 1-based line of every mapping and list item.

    Only plain YAML is accepted: no aliases, no Python tags, no key given twice in a
    mapping; each is a located error, like a syntax error.
    """
    line_of = _LineOf(text)
    node = _compose_fast(text)
    loader = None
    try:
        if node is None:
            loader = _CuratedLoader(text)
            node = loader.get_single_node()
        if node is not None:
            _check_duplicate_keys(node, line_of, path)
        # PyYAML's safe constructor builds the data from either parser's nodes.
        data = yaml.SafeLoader("").construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise GuideError(
            path,
            line_of(mark),
            f"invalid YAML: {exc.problem or exc.context}",
            "write plain YAML: no aliases (*name) or tags (!!python/...); check indentation and quoting here",
        ) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, such as a control character
        raise GuideError(
            path,
            line_of.at(exc.position),
            f"invalid YAML: the character U+{exc.character:04X} is not allowed",
            f'delete it, or write it as an escape in a double-quoted string ("\\u{exc.character:04X}")',
        ) from None
    except yaml.YAMLError as exc:
        raise GuideError(path, None, f"invalid YAML: {exc}", "check the file's syntax") from None
    except RecursionError:
        raise GuideError(path, None, "the YAML is nested too deeply", "flatten the nested lists or mappings") from None
    except ValueError as exc:  # a value YAML recognises but cannot build, such as the date 2026-13-01
        raise GuideError(path, _first_bad_scalar(node), f"invalid value: {exc}", "write dates as YYYY-MM-DD") from None
    finally:
        if loader is not None:
            loader.dispose()
    lines: Lines = {}
    _collect_lines(node, lines, line_of)
    return Located(data, str(path), lines)


def _check_duplicate_keys(root: yaml.Node, line_of: _LineOf, path: Path | str) -> None:
    """A key given twice in one mapping: YAML would silently keep the last one."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: dict[object, int | None] = {}
            for key, value in node.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else id(key)
                if name in seen:
                    raise GuideError(
                        path,
                        line_of(key.start_mark),
                        f"the key {name!r} is given twice in the same mapping (first at line {seen[name]})",
                        "keep one of them: YAML would silently use only the last",
                    )
                seen[name] = line_of(key.start_mark)
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _first_bad_scalar(node: yaml.Node | None) -> int | None:
    """The line of the first scalar that YAML cannot turn into a value."""
    if isinstance(node, yaml.ScalarNode):
        try:
            yaml.SafeLoader("").construct_object(node, deep=True)
        except ValueError:
            return node.start_mark.line + 1
        return None
    children = node.value if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) else []
    for child in children:
        for part in child if isinstance(child, tuple) else (child,):
            line = _first_bad_scalar(part)
            if line is not None:
                return line
    return None


def _collect_lines(root: yaml.Node | None, lines: Lines, line_of: _LineOf) -> None:
    """The line of every node by its path of keys and indexes: a mapping's value is at its key's
    line. A loop, not recursion: libyaml composes documents nested deeper than Python recurses."""
    stack: list[tuple[yaml.Node, tuple[Any, ...], int | None]] = []
    if root is not None:
        stack.append((root, (), line_of(root.start_mark)))
    while stack:
        node, loc, line = stack.pop()
        lines[loc] = line
        if isinstance(node, yaml.MappingNode):
            stack += ((value, loc + (key.value,), line_of(key.start_mark)) for key, value in node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack += ((item, loc + (index,), line_of(item.start_mark)) for index, item in enumerate(node.value))


def validate(model: type[BaseModel] | TypeAdapter[Any], raw: Located[Any]) -> Located[Any]:
    """``raw`` checked against a pydantic model: the same file and lines, with the validated data."""
    if raw.data is None:
        raise raw.error(
            1,
            "the file is empty (or holds only comments): the site would be published without it",
            "restore the file (`git checkout -- <file>`); write `{}` on purpose for a file with no entries",
        )
    data = raw.data
    try:
        valid = model.validate_python(data) if isinstance(model, TypeAdapter) else model.model_validate(data)
    except ValidationError as exc:
        errors = []
        for error in exc.errors():
            where = ".".join(str(p) for p in error["loc"]) or "file"
            cause = (error.get("ctx") or {}).get("error")
            if isinstance(cause, GuideTextError):
                errors.append(raw.error(tuple(error["loc"]), f"{where}: {cause}", GUIDE_TEXT_FIX))
            else:
                errors.append(
                    raw.error(
                        tuple(error["loc"]),
                        f"{where}: {error['msg']}",
                        "see the comment at the top of the file for the expected keys",
                    )
                )
        raise GuideErrors(errors) from None
    return raw.with_data(valid)


def raise_all(errors: list[GuideError]) -> None:
    """Raise every error found in one pass, if there is any."""
    if errors:
        raise GuideErrors(errors)


def load_curated(text: str, path: Path | str) -> Located[CuratedData]:
    """Read data/questions.yml: validated sections, questions and redirects, with their lines."""
    curated: Located[CuratedData] = validate(CuratedData, load_yaml(text, path))
    raise_all(
        _duplicate_sections(curated) + _question_errors(curated) + _duplicate_redirects(curated) + _bad_related(curated)
    )
    return curated


def _duplicate_sections(curated: Located[CuratedData]) -> list[GuideError]:
    """Two sections with one id or one title (the deck's sub-decks are named by title), or "::" in a title."""
    sections = curated.data.sections
    errors = curated.repeats(
        "sections",
        [s.id for s in sections],
        lambda i, first: f"section {sections[i].id!r} is defined twice (first at line {first})",
        "give each section its own id",
    )
    errors += curated.repeats(
        "sections",
        [" ".join(s.title.casefold().split()) for s in sections],
        lambda i, first: (
            f"the section title {sections[i].title!r} is used twice (first at line {first}): "
            "the Anki deck would merge the two sections into one sub-deck"
        ),
        "give each section its own title",
        field="title",
    )
    for index, section in enumerate(sections):
        if "::" in section.title:
            errors.append(
                curated.error(
                    ("sections", index, "title"),
                    f"the section title {section.title!r} holds '::', Anki's separator of sub-decks",
                    "write the title without '::'",
                )
            )
    return errors


def _question_errors(curated: Located[CuratedData]) -> list[GuideError]:
    """An unknown section, a slug used twice."""
    ids = [s.id for s in curated.data.sections]
    errors = [
        curated.error(
            ("questions", index, "section"),
            f"unknown section {question.section!r} for {question.slug!r}",
            f"use one of: {', '.join(ids)}",
        )
        for index, question in enumerate(curated.data.questions)
        if question.section not in ids
    ]
    questions = curated.data.questions
    return errors + curated.repeats(
        "questions",
        [q.slug for q in questions],
        lambda i, first: f"slug {questions[i].slug!r} is used twice (first at line {first})",
        "each question needs its own slug: it is its URL",
    )


def _duplicate_redirects(curated: Located[CuratedData]) -> list[GuideError]:
    redirects = curated.data.redirects
    return curated.repeats(
        "redirects",
        [r.url for r in redirects],
        lambda i, first: f"the URL {redirects[i].url} is redirected twice (first at line {first})",
        "keep one redirect per URL",
    )


def _bad_related(curated: Located[CuratedData]) -> list[GuideError]:
    slugs = {q.slug for q in curated.data.questions}
    return [
        curated.error(
            ("questions", index, "related", position),
            f"{question.slug!r} is related to {target!r}, which is "
            + ("itself" if target == question.slug else "no question in this file"),
            "use the slug of another question listed here",
        )
        for index, question in enumerate(curated.data.questions)
        for position, target in enumerate(question.related)
        if target not in slugs or target == question.slug
    ]


def load_url_record(text: str | None, path: Path | str) -> Located[UrlRecordFile]:
    """Read data/urls.yml, the record of every question URL ever published (empty when there is none yet)."""
    if text is None:
        return Located(UrlRecordFile(), str(path))
    record: Located[UrlRecordFile] = validate(UrlRecordFile, load_yaml(text, path))
    raise_all(
        record.repeats(
            "urls",
            [entry.url for entry in record.data.urls],
            lambda i, first: f"URL {record.data.urls[i].url!r} is recorded twice (first at line {first})",
            "keep one entry per URL",
        )
    )
    return record


def load_additions(text: str, path: Path | str, curated: Located[CuratedData]) -> Located[Additions]:
    """Read data/additions.yml: the guide's own points, answers and review, one entry per curated question.

    An entry for a slug that data/questions.yml does not list, a curated question
    without an entry, or a review status that disagrees with the question's errata
    is an error naming the file and line.
    """
    additions: Located[Additions] = validate(ADDITIONS_ADAPTER, load_yaml(text, path))
    raise_all(_additions_against_curated(additions, curated) + _questions_without_additions(additions, curated))
    return additions


def _additions_against_curated(additions: Located[Additions], curated: Located[CuratedData]) -> list[GuideError]:
    errors: list[GuideError] = []
    questions = {q.slug: (index, q) for index, q in enumerate(curated.data.questions)}
    for slug, item in additions.data.items():
        if slug not in questions:
            errors.append(
                additions.error(
                    (slug,),
                    f"{slug!r} is no question in {curated.name}",
                    "use the slug of a question listed there, or remove this entry",
                )
            )
            continue
        index, question = questions[slug]
        expected = "corrected" if question.errata else "checked"
        if item.review.status != expected:
            has = f"has {len(question.errata)} errata" if question.errata else "has no errata"
            errors.append(
                additions.error(
                    (slug, "review", "status"),
                    f"{slug!r} is marked {item.review.status!r}, but it {has} in {curated.name} "
                    f"(line {curated.line('questions', index)})",
                    f"mark it '{expected}', or add or remove the errata",
                )
            )
    return errors


def _questions_without_additions(additions: Located[Additions], curated: Located[CuratedData]) -> list[GuideError]:
    return [
        curated.error(
            ("questions", index),
            f"{question.slug!r} has no entry in {additions.name}: every question needs its review and "
            "strong-answer points",
            f"add '{question.slug}:' with 'review: {{status: checked, date: YYYY-MM-DD}}' and 2-5 'points:' "
            f"to {additions.name}",
        )
        for index, question in enumerate(curated.data.questions)
        if question.slug not in additions.data
    ]
