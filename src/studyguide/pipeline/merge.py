"""Join the parsed questions with the curated metadata and the URL record.

The rules for a question the curated file does not know (documented in the
README): it is published all the same, in the section whose keywords score
highest over its title (3 points a hit) and answer (1 point a hit), ties going
to the section listed first; its slug is derived from its title, or taken from
the URL record when that title was published before.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import Path

from slugify import slugify

from studyguide.errors import GuideError, GuideErrors
from studyguide.inputs.curated import (
    AdditionData,
    Additions,
    CuratedData,
    Lines,
    PageData,
    QuestionData,
    RedirectData,
    SectionData,
    UrlRecord,
    UrlRecordFile,
    line_of,
)
from studyguide.inputs.source import normalize_title
from studyguide.model import Block, CodeBlock, Entry, Erratum, KeyPoint, Paragraph, Question, Review, Subheading

# Titles this similar (difflib ratio over their words) are the same question reworded.
TITLE_SIMILARITY = 0.9

# Words left out of slugs derived from titles: they say nothing about the topic.
SLUG_STOPWORDS = (
    "what", "which", "how", "why", "is", "are", "do", "does", "can", "could", "you", "one",
    "explain", "describe", "discuss", "mention", "the", "a", "an", "in", "of", "to", "for",
    "and", "context", "concept", "role", "llm", "llms", "some", "any", "its", "their",
)  # fmt: skip
SLUG_MAX_LENGTH = 48

# Names a question's slug or a section's id may not take: a section's overview page
# (index), the pages of a long overview (page/<n>), and the site's own top-level
# folders and pages, including those of features being built (review, print_page, downloads).
RESERVED_SLUGS = frozenset(
    ("index", "page", "q", "tags", "glossary", "notebooks", "assets", "search", "review", "print_page",
     "print-page", "downloads", "404", "sitemap", "performance")
)  # fmt: skip

# End of a sentence: punctuation followed by space and a capital letter.
SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
U_TAG_RE = re.compile(r"</?u>")


@dataclass(frozen=True)
class Paths:
    """Where the inputs came from, for error messages."""

    source: Path | str
    curated: Path | str
    urls: Path | str
    additions: Path | str = "data/additions.yml"


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


def merge_questions(
    questions: list[Question],
    curated: CuratedData,
    curated_lines: Lines,
    record: UrlRecordFile,
    record_lines: Lines,
    paths: Paths,
    additions: Additions | None = None,
    additions_lines: Lines | None = None,
) -> Site:
    """Match, correct, classify and place every question; reconcile the URL record.

    ``additions`` (data/additions.yml, already checked against the curated file)
    adds the guide's own points, answers and review to the curated questions.
    """
    additions, additions_lines = additions or {}, additions_lines or {}
    warnings: list[str] = []
    matches = match_curated(questions, curated.questions)
    matched_indexes = {index for index, _ in matches.values()}

    for index, data in enumerate(curated.questions):
        if index not in matched_indexes:
            warnings.append(
                f"{paths.curated}:{line_of(curated_lines, ('questions', index))}: "
                f"metadata for {data.slug!r} matches no question in the source; it is not used"
            )

    errors: list[GuideError] = list(check_reserved(curated, curated_lines, paths))
    redirected = {r.url for r in curated.redirects}
    recorded_by_title = {normalize_title(r.title): r for r in record.urls if r.url not in redirected}
    taken = {d.slug for d in curated.questions} | RESERVED_SLUGS
    entries: list[Entry] = []
    for position, question in enumerate(questions):
        match = matches.get(position)
        if match is not None:
            index, similarity = match
            data = curated.questions[index]
            if similarity < 1:
                warnings.append(
                    f"{paths.source}:{question.line}: question {question.number} matched "
                    f"{data.slug!r} by similarity ({similarity:.0%}); update its title in {paths.curated}"
                )
            try:
                entry = curate_entry(question, data, index, curated_lines, paths)
                if data.slug in additions:
                    entry = add_guide_text(entry, additions[data.slug], additions_lines, paths)
                entries.append(entry)
            except GuideError as error:
                errors.append(error)
            continue
        section = classify_question(question, curated.sections)
        recorded = recorded_by_title.get(normalize_title(question.title))
        recorded_slug = recorded.url.strip("/").split("/")[-1] if recorded is not None else ""
        if recorded is not None and recorded.url.count("/") == 2 and recorded_slug not in taken:
            section, slug = recorded.url.strip("/").split("/")
        else:
            derived = derive_slug(question.title)
            if not derived:
                derived = fallback_slug(question.title)
                warnings.append(
                    f"{paths.source}:{question.line}: question {question.number}: no letters or digits in "
                    f"its title can make a readable URL; published as {derived}/ (from a hash of the title, "
                    f"so it stays the same); choose a slug for it in {paths.curated}"
                )
            slug = unique_slug(derived, taken)
        taken.add(slug)
        warnings.append(
            f"{paths.source}:{question.line}: question {question.number} ({question.title!r}) is not in "
            f"{paths.curated}; published in {section!r} as {section}/{slug}/ by keyword score; "
            "add it there to choose its section, tags and related questions"
        )
        entries.append(
            Entry(
                question=question,
                section=section,
                slug=slug,
                tags=(),
                related=(),
                synonyms=(),
                notebook=None,
                errata=(),
                code_repaired=False,
                order=len(curated.questions) + position,
            )
        )
    if errors:
        raise GuideErrors(errors)

    present = {e.slug for e in entries}
    final: list[Entry] = []
    for entry in sorted(entries, key=lambda e: e.order):
        related = tuple(slug for slug in entry.related if slug in present)
        final.append(replace(entry, related=related, summary=summarize(entry.question)))

    redirects, url_record = reconcile_urls(
        final, curated.sections, curated.redirects, curated_lines, record, record_lines, paths
    )
    return Site(
        sections=tuple(curated.sections),
        entries=tuple(final),
        redirects=redirects,
        url_record=url_record,
        warnings=tuple(warnings),
        pages=tuple(curated.pages),
    )


def match_curated(questions: list[Question], curated: list[QuestionData]) -> dict[int, tuple[int, float]]:
    """Pair source questions with curated entries: exact titles first, then close rewordings."""
    keys = [normalize_title(d.title) for d in curated]
    matches: dict[int, tuple[int, float]] = {}
    used: set[int] = set()
    for position, question in enumerate(questions):
        title = normalize_title(question.title)
        if title in keys and keys.index(title) not in used:
            matches[position] = (keys.index(title), 1.0)
            used.add(keys.index(title))
    for position, question in enumerate(questions):
        if position in matches:
            continue
        title = normalize_title(question.title)
        scored = [
            (difflib.SequenceMatcher(None, title, key).ratio(), index)
            for index, key in enumerate(keys)
            if index not in used
        ]
        if scored:
            similarity, index = max(scored)
            if similarity >= TITLE_SIMILARITY:
                matches[position] = (index, similarity)
                used.add(index)
    return matches


def curate_entry(question: Question, data: QuestionData, index: int, lines: Lines, paths: Paths) -> Entry:
    """Apply a curated entry's errata and code repair to its question."""
    errata: list[Erratum] = []
    for number, item in enumerate(data.errata):
        line = line_of(lines, ("questions", index, "errata", number)) or 0
        question = apply_erratum(question, item.find, item.replace, paths.curated, line)
        errata.append(Erratum(find=item.find, replace=item.replace, note=item.note, line=line))
    repaired = False
    if data.code is not None:
        line = line_of(lines, ("questions", index, "code")) or 0
        question = repair_code(question, data.code.repaired, data.code.language, paths.curated, line)
        repaired = True
    return Entry(
        question=question,
        section=data.section,
        slug=data.slug,
        tags=tuple(data.tags),
        related=tuple(data.related),
        synonyms=tuple(data.synonyms),
        notebook=data.notebook,
        level=data.level,
        errata=tuple(errata),
        code_repaired=repaired,
        order=index,
    )


def add_guide_text(entry: Entry, item: AdditionData, lines: Lines, paths: Paths) -> Entry:
    """The guide's points, review and (only where the source has no answer paragraph) its own answer."""
    slug = entry.slug
    if item.answer is not None and entry.question.answer:
        raise GuideError(
            paths.additions,
            line_of(lines, (slug, "answer")),
            f"{slug!r} has a guide answer, but the source answers question {entry.question.number} itself",
            "remove 'answer:'; put what the source's answer lacks under 'points:'",
        )
    if item.answer is None and not entry.question.answer:
        raise GuideError(
            paths.additions,
            line_of(lines, (slug,)),
            f"question {entry.question.number} has no answer paragraph in the source, and {slug!r} gives none",
            "add 'answer:' with the guide's own short answer",
        )
    review = Review(
        status=item.review.status, date=item.review.date.isoformat(), line=line_of(lines, (slug, "review")) or 0
    )
    return replace(entry, additions=tuple(item.points), guide_answer=item.answer, review=review)


def apply_erratum(question: Question, find: str, new: str, path: Path | str, line: int) -> Question:
    """Replace ``find`` by ``new`` where it occurs, which must be exactly once in the question."""
    hits = question.title.count(find) + sum(text.count(find) for block in question.all_blocks for text in _texts(block))
    if hits != 1:
        raise GuideError(
            path,
            line,
            f"erratum for question {question.number}: {find!r} occurs {hits} times in the question, not once",
            "quote a longer, unique part of the source text, or remove the erratum if the source was fixed",
        )
    blocks = tuple(_replace_in_block(block, find, new) for block in question.blocks)
    copies = tuple(
        replace(copy, blocks=tuple(_replace_in_block(block, find, new) for block in copy.blocks))
        for copy in question.copies
    )
    return replace(question, title=question.title.replace(find, new), blocks=blocks, copies=copies)


def _texts(block: Block) -> tuple[str, ...]:
    if isinstance(block, KeyPoint):
        return (block.term, block.definition)
    if isinstance(block, (Paragraph, Subheading)):
        return (block.text,)
    return ()


def _replace_in_block(block: Block, find: str, new: str) -> Block:
    if isinstance(block, KeyPoint):
        return replace(block, term=block.term.replace(find, new), definition=block.definition.replace(find, new))
    if isinstance(block, (Paragraph, Subheading)):
        return replace(block, text=block.text.replace(find, new))
    return block


def repair_code(question: Question, repaired: str, language: str, path: Path | str, line: int) -> Question:
    """Swap the source's code for its repaired form, which may differ in whitespace only."""
    codes = [b for b in question.blocks if isinstance(b, CodeBlock)]
    if len(codes) != 1:
        raise GuideError(
            path, line, f"question {question.number} has {len(codes)} code samples; a repair needs exactly one"
        )
    if _strip_space(codes[0].code) != _strip_space(repaired):
        raise GuideError(
            path,
            line,
            f"the repaired code of question {question.number} differs from the source's code "
            f"(line {codes[0].line}) in more than whitespace",
            "a repair may only fix line breaks and indentation; if the source's code changed, repair it again",
        )
    fixed = replace(codes[0], code=repaired.rstrip("\n"), language=language)
    return replace(question, blocks=tuple(fixed if b is codes[0] else b for b in question.blocks))


def _strip_space(code: str) -> str:
    return re.sub(r"\s+", "", code)


def classify_question(question: Question, sections: list[SectionData]) -> str:
    """Section by keyword score: 3 points a hit in the title, 1 in the answer; ties to the first."""
    title = question.title.casefold()
    body = " ".join(text for block in question.all_blocks for text in _texts(block)).casefold()
    best, best_score = sections[0].id, 0
    for section in sections:
        score = sum(3 * _count_word(title, keyword) + _count_word(body, keyword) for keyword in section.keywords)
        if score > best_score:
            best, best_score = section.id, score
    return best


def _count_word(text: str, keyword: str) -> int:
    return len(re.findall(rf"(?<!\w){re.escape(keyword.casefold())}", text))


def derive_slug(title: str) -> str:
    """A readable slug from a title: 'What is RLHF?' -> 'rlhf'; "" when nothing readable is left.

    Letters of other scripts are transliterated (python-slugify uses text-unidecode):
    'Что такое LLM?' -> 'chto-takoe-llm', '什么是大语言模型？' -> 'shi-yao-shi-da-yu-yan-mo-xing'.
    """
    title = U_TAG_RE.sub("", title)
    slug = slugify(title, stopwords=SLUG_STOPWORDS, max_length=SLUG_MAX_LENGTH, word_boundary=True)
    # A title of stopwords only ("What is it?") keeps them rather than losing its name.
    return slug or slugify(title, max_length=SLUG_MAX_LENGTH, word_boundary=True)


def fallback_slug(title: str) -> str:
    """A stable slug for a title with nothing to transliterate (emoji only, say): from its hash."""
    digest = hashlib.sha256(normalize_title(title).encode("utf-8")).hexdigest()[:10]
    return f"question-{digest}"


def check_reserved(curated: CuratedData, lines: Lines, paths: Paths) -> list[GuideError]:
    """Curated slugs and section ids that would replace a page or folder the site needs."""
    errors: list[GuideError] = []
    reserved = ", ".join(sorted(RESERVED_SLUGS))
    for index, section in enumerate(curated.sections):
        if section.id in RESERVED_SLUGS:
            errors.append(
                GuideError(
                    paths.curated,
                    line_of(lines, ("sections", index, "id")),
                    f"the section id {section.id!r} is reserved: the site uses /{section.id}/ itself",
                    f"choose another id (reserved: {reserved})",
                )
            )
    for index, data in enumerate(curated.questions):
        if data.slug in RESERVED_SLUGS:
            errors.append(
                GuideError(
                    paths.curated,
                    line_of(lines, ("questions", index, "slug")),
                    f"the slug {data.slug!r} is reserved: the page would replace one the site needs",
                    f"choose another slug (reserved: {reserved})",
                )
            )
    return errors


def unique_slug(slug: str, taken: set[str]) -> str:
    """``slug``, or ``slug-2``, ``slug-3``... if it is taken."""
    candidate, counter = slug, 2
    while candidate in taken:
        candidate, counter = f"{slug}-{counter}", counter + 1
    return candidate


def summarize(question: Question) -> str:
    """The answer's first sentence (or the first key point when there is no answer)."""
    if question.answer:
        text = U_TAG_RE.sub("", question.answer[0].text)
        return SENTENCE_END_RE.split(text, maxsplit=1)[0]
    for block in question.blocks:
        if isinstance(block, KeyPoint):
            return f"{block.term}: {block.definition}"
    languages = {b.language.capitalize() for b in question.blocks if isinstance(b, CodeBlock) and b.language}
    kind = " or ".join(sorted(languages)) or "code"
    return f"A {kind} code sample: {U_TAG_RE.sub('', question.title)}"


def reconcile_urls(
    entries: list[Entry],
    sections: list[SectionData],
    redirects_data: list[RedirectData],
    curated_lines: Lines,
    record: UrlRecordFile,
    record_lines: Lines,
    paths: Paths,
) -> tuple[dict[str, str], tuple[UrlRecord, ...]]:
    """Check that no published URL vanished; return the redirect map and the updated record.

    A recorded URL that no page has any more needs a curated redirect (``redirects:``
    in the curated file) to a question or section URL; otherwise the run fails,
    naming it. The record only grows: redirected URLs stay in it.
    """
    pages = {e.url: e.path for e in entries} | {f"{s.id}/": f"{s.id}/index.md" for s in sections}
    redirects: dict[str, str] = {}
    for entry in entries:
        for number in entry.question.numbers:
            redirects[f"q/{number}.md"] = entry.path
    errors: list[GuideError] = []
    titles = {e.url: e.title for e in entries}
    recorded = {item.url: item for item in record.urls}
    for index, item in enumerate(redirects_data):
        line = line_of(curated_lines, ("redirects", index))
        if item.url in titles:
            errors.append(
                GuideError(
                    paths.curated,
                    line,
                    f"{item.url} is a page again, but a redirect still sends it to {item.to}",
                    "remove this redirect",
                )
            )
        elif item.to not in pages:
            errors.append(
                GuideError(
                    paths.curated,
                    line,
                    f"{item.url} redirects to {item.to}, which is no page of the site",
                    "name an existing question URL (section/slug/) or a section URL (section/)",
                )
            )
        else:
            redirects[item.url.rstrip("/") + ".md"] = pages[item.to]
    redirected = {item.url for item in redirects_data}
    for index, item in enumerate(record.urls):
        if item.url not in titles and item.url not in redirected:
            errors.append(
                GuideError(
                    paths.urls,
                    line_of(record_lines, ("urls", index)),
                    f"the published URL {item.url} ({item.title!r}) has no page any more: "
                    "the question was removed, renamed beyond recognition or moved",
                    f"restore the question, or add under 'redirects:' in {paths.curated}: "
                    f"'- {{url: {item.url}, to: <section>/<slug>/}}' (or a section URL <section>/)",
                )
            )
    if errors:
        raise GuideErrors(errors)
    updated = dict(recorded)
    for entry in entries:
        updated[entry.url] = UrlRecord(url=entry.url, title=entry.title)
    return dict(sorted(redirects.items(), key=_redirect_order)), tuple(sorted(updated.values(), key=lambda r: r.url))


def _redirect_order(item: tuple[str, str]) -> tuple[int, str]:
    match = re.fullmatch(r"q/(\d+)\.md", item[0])
    return (int(match.group(1)), "") if match else (10**9, item[0])
