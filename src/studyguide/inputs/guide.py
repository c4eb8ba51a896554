"""Load and check the guide's own questions and follow-ups (data/guide-questions.yml, data/follow-ups.yml).

Both hold the guide's own text, in the one grammar of :func:`studyguide.inputs.markup.check_guide_prose`
(plain text, inline `code`, *emphasis*). data/follow-ups.yml gives 2-3 follow-up
questions (each with a short answer) for questions of data/questions.yml, keyed by
slug; data/guide-questions.yml adds questions the source lacks, each with its own
follow-ups. Every error names the file and line (``file:line: error:`` + ``fix:``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, TypeAdapter

from studyguide.errors import GuideError
from studyguide.inputs.curated import (
    CuratedData,
    GuideProse,
    NonEmpty,
    Slug,
    Strict,
    load_yaml,
    raise_all,
    validate,
)
from studyguide.inputs.located import Located
from studyguide.inputs.reserved import RESERVED_SLUGS

# A guide question's id: "g" and a number, so that its short link /q/g3/ never takes a source number's.
GuideId = Annotated[str, StringConstraints(pattern=r"^g[1-9][0-9]*$")]


class FollowUpData(Strict):
    """A question an interviewer asks next (``q``) and its short answer (``a``): the guide's own."""

    q: GuideProse
    a: GuideProse


# 2-3 follow-ups: one is not a line of questioning, four or more bury the page's own answer.
FollowUps = Annotated[list[FollowUpData], Field(min_length=2, max_length=3)]
FOLLOW_UPS_ADAPTER: TypeAdapter[dict[str, list[FollowUpData]]] = TypeAdapter(dict[Slug, FollowUps])


class GuideQuestionData(Strict):
    """A question the source lacks, written by the guide."""

    id: GuideId
    slug: Slug
    title: GuideProse
    section: Slug
    level: Literal["foundational", "intermediate", "advanced"]
    tags: list[NonEmpty] = Field(default_factory=list)
    synonyms: list[NonEmpty] = Field(default_factory=list)
    answer: GuideProse
    points: list[GuideProse] = Field(min_length=2, max_length=5)
    follow_ups: FollowUps
    related: list[Slug] = Field(default_factory=list)


class GuideQuestionsFile(Strict):
    questions: list[GuideQuestionData] = Field(default_factory=list)


def _looks_like_number(value: object) -> bool:
    return isinstance(value, int) or (isinstance(value, str) and value.strip().lstrip("qQ#").isdigit())


def load_guide_questions(text: str, path: Path | str, curated: Located[CuratedData]) -> Located[GuideQuestionsFile]:
    """Read data/guide-questions.yml: validated questions, checked against data/questions.yml."""
    raw = load_yaml(text, path)
    _check_ids(raw)
    guide: Located[GuideQuestionsFile] = validate(GuideQuestionsFile, raw)
    raise_all(_guide_errors(guide, curated))
    return guide


def _check_ids(raw: Located[object]) -> None:
    """An id written as a number (24, "24") gets its own message: it would take a source question's short link."""
    data = raw.data
    items = data.get("questions") if isinstance(data, dict) else None
    items = items if isinstance(items, list) else []
    ids = [str(item.get("id")) if isinstance(item, dict) else "" for item in items]
    used = [int(ident[1:]) for ident in ids if re.fullmatch(r"g[1-9][0-9]*", ident)]
    errors = [
        raw.error(
            ("questions", index, "id"),
            f"the id {item['id']!r} looks like a source question number: its short link /q/{item['id']}/ "
            "would be a source question's",
            f"write g and a number no question of this file uses, e.g. 'id: g{max(used, default=0) + 1}'",
        )
        for index, item in enumerate(items)
        if isinstance(item, dict) and _looks_like_number(item.get("id"))
    ]
    raise_all(errors)


def _guide_errors(guide: Located[GuideQuestionsFile], curated: Located[CuratedData]) -> list[GuideError]:
    """Ids and slugs used twice or taken, unknown sections and tags, related questions that do not exist."""
    sections = [s.id for s in curated.data.sections]
    tags = sorted({tag for q in curated.data.questions for tag in q.tags})
    source_slugs = {q.slug for q in curated.data.questions}
    own_slugs = {q.slug for q in guide.data.questions}
    questions = guide.data.questions
    errors = guide.repeats(
        "questions",
        [q.id for q in questions],
        lambda i, first: f"the id {questions[i].id!r} is used twice (first at line {first})",
        "give each question its own id; never reuse or renumber a published one",
        field="id",
    )
    errors += guide.repeats(
        "questions",
        [q.slug for q in questions],
        lambda i, first: f"the slug {questions[i].slug!r} is used twice (first at line {first})",
        "each question needs its own slug: it is its URL",
        field="slug",
    )
    for index, item in enumerate(questions):
        if item.slug in source_slugs:
            errors.append(
                guide.error(
                    ("questions", index, "slug"),
                    f"the slug {item.slug!r} is already a question of {curated.name}",
                    "choose a slug no question of either file uses",
                )
            )
        if item.slug in RESERVED_SLUGS:
            errors.append(
                guide.error(
                    ("questions", index, "slug"),
                    f"the slug {item.slug!r} is reserved: the page would replace one the site needs",
                    f"choose another slug (reserved: {', '.join(sorted(RESERVED_SLUGS))})",
                )
            )
        if item.section not in sections:
            errors.append(
                guide.error(
                    ("questions", index, "section"),
                    f"unknown section {item.section!r} for {item.slug!r}",
                    f"use one of: {', '.join(sections)}",
                )
            )
        for position, tag in enumerate(item.tags):
            if tag not in tags:
                errors.append(
                    guide.error(
                        ("questions", index, "tags", position),
                        f"unknown tag {tag!r} for {item.slug!r}: no question of {curated.name} uses it",
                        "reuse a tag of data/questions.yml, e.g. " + ", ".join(tags[:8]),
                    )
                )
        for position, target in enumerate(item.related):
            if target == item.slug or (target not in source_slugs and target not in own_slugs):
                errors.append(
                    guide.error(
                        ("questions", index, "related", position),
                        f"{item.slug!r} is related to {target!r}, which is "
                        + ("itself" if target == item.slug else f"no question of {curated.name} or of this file"),
                        "use the slug of another question",
                    )
                )
    return errors


def load_follow_ups(
    text: str,
    path: Path | str,
    curated: Located[CuratedData],
    guide: Located[GuideQuestionsFile] | None = None,
) -> Located[dict[str, list[FollowUpData]]]:
    """Read data/follow-ups.yml: 2-3 follow-ups per question of data/questions.yml, keyed by its slug."""
    follow_ups: Located[dict[str, list[FollowUpData]]] = validate(FOLLOW_UPS_ADAPTER, load_yaml(text, path))
    source_slugs = {q.slug for q in curated.data.questions}
    guide_slugs = {q.slug for q in guide.data.questions} if guide is not None else set()
    errors: list[GuideError] = []
    for slug in follow_ups.data:
        if slug in guide_slugs:
            errors.append(
                follow_ups.error(
                    (slug,),
                    f"{slug!r} is a question of {guide.name if guide else 'the guide'}, whose follow-ups live there",
                    "move these under that question's 'follow_ups:'",
                )
            )
        elif slug not in source_slugs:
            errors.append(
                follow_ups.error(
                    (slug,),
                    f"{slug!r} is no question in {curated.name}",
                    "use the slug of a question listed there, or remove this entry",
                )
            )
    raise_all(errors)
    return follow_ups
