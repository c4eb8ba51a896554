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
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from slugify import slugify

from studyguide.errors import GuideError
from studyguide.inputs.curated import (
    AdditionData,
    Additions,
    CuratedData,
    QuestionData,
    SectionData,
    UrlRecord,
    UrlRecordFile,
    raise_all,
)
from studyguide.inputs.guide import FollowUpData, GuideQuestionsFile
from studyguide.inputs.located import Located
from studyguide.inputs.markup import first_sentence, guide_plain, plain
from studyguide.inputs.reserved import RESERVED_SLUGS
from studyguide.inputs.source import normalize_title
from studyguide.model import (
    Block,
    CodeBlock,
    Entry,
    Erratum,
    FollowUp,
    KeyPoint,
    Paragraph,
    Question,
    Review,
    Site,
    Subheading,
)

# Titles this similar (difflib ratio over their words) are the same question reworded.
TITLE_SIMILARITY = 0.9

# Words left out of slugs derived from titles: they say nothing about the topic.
SLUG_STOPWORDS = (
    "what", "which", "how", "why", "is", "are", "do", "does", "can", "could", "you", "one",
    "explain", "describe", "discuss", "mention", "the", "a", "an", "in", "of", "to", "for",
    "and", "context", "concept", "role", "llm", "llms", "some", "any", "its", "their",
)  # fmt: skip
SLUG_MAX_LENGTH = 48


@dataclass
class _Merge:
    """One merge: the inputs, and the entries, errors and warnings found so far."""

    curated: Located[CuratedData]
    record: Located[UrlRecordFile]
    additions: Located[Additions]
    source: str
    entries: list[Entry] = field(default_factory=list)
    errors: list[GuideError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        redirected = {r.url for r in self.curated.data.redirects}
        # Titles published before (and not redirected since): an uncurated question keeps its URL.
        self.recorded = {normalize_title(r.title): r for r in self.record.data.urls if r.url not in redirected}
        # Slugs an uncurated question may not take.
        self.taken = {d.slug for d in self.curated.data.questions} | RESERVED_SLUGS


def merge_questions(
    questions: list[Question],
    curated: Located[CuratedData],
    record: Located[UrlRecordFile] | None = None,
    additions: Located[Additions] | None = None,
    source: str = "<source>",
    guide: Located[GuideQuestionsFile] | None = None,
    follow_ups: Located[dict[str, list[FollowUpData]]] | None = None,
) -> Site:
    """Match, correct, classify and place every question; reconcile the URL record.

    ``additions`` (data/additions.yml, already checked against the curated file)
    adds the guide's own points, answers and review to the curated questions;
    ``source`` is the document's name in messages. ``guide`` (data/guide-questions.yml)
    adds the guide's own questions, each after the source's questions of its section;
    ``follow_ups`` (data/follow-ups.yml) gives the source's questions their follow-ups.
    Neither depends on the source's numbering: another document gets the same guide questions.
    """
    merge = _Merge(
        curated,
        record or Located(UrlRecordFile(), "data/urls.yml"),
        additions or Located({}, "data/additions.yml"),
        source,
    )
    if guide is not None:
        # A source question the curated file does not know never takes a guide question's URL.
        merge.taken |= {item.slug for item in guide.data.questions}
    matches = match_curated(questions, curated.data.questions)
    _warn_unmatched(merge, {index for index, _ in matches.values()})
    merge.errors += check_reserved(curated)
    for position, question in enumerate(questions):
        if position in matches:
            _add_curated(merge, question, *matches[position])
        else:
            _add_uncurated(merge, question, position)
    if follow_ups is not None:
        merge.entries = [_with_follow_ups(entry, follow_ups.data.get(entry.slug, ())) for entry in merge.entries]
    if guide is not None:
        merge.entries += guide_entries(guide)
    raise_all(merge.errors)
    final = _finish(merge.entries, [section.id for section in curated.data.sections])
    redirects, url_record = reconcile_urls(final, curated, merge.record)
    return Site(
        sections=tuple(curated.data.sections),
        entries=tuple(final),
        redirects=redirects,
        url_record=url_record,
        warnings=tuple(merge.warnings),
        pages=tuple(curated.data.pages),
    )


def _warn_unmatched(merge: _Merge, matched: set[int]) -> None:
    for index, data in enumerate(merge.curated.data.questions):
        if index not in matched:
            merge.warnings.append(
                f"{merge.curated.name}:{merge.curated.line('questions', index)}: "
                f"metadata for {data.slug!r} matches no question in the source; it is not used"
            )


def _add_curated(merge: _Merge, question: Question, index: int, similarity: float) -> None:
    """A question the curated file knows: its errata, code repair and the guide's text."""
    data = merge.curated.data.questions[index]
    if similarity < 1:
        merge.warnings.append(
            f"{merge.source}:{question.line}: question {question.number} matched "
            f"{data.slug!r} by similarity ({similarity:.0%}); update its title in {merge.curated.name}"
        )
    try:
        entry = curate_entry(question, data, index, merge.curated)
        if data.slug in merge.additions.data:
            entry = add_guide_text(entry, merge.additions.data[data.slug], merge.additions)
        merge.entries.append(entry)
    except GuideError as error:
        merge.errors.append(error)


def _add_uncurated(merge: _Merge, question: Question, position: int) -> None:
    """A question the curated file does not know: placed by keyword score, its URL kept or derived."""
    section = classify_question(question, merge.curated.data.sections)
    recorded = merge.recorded.get(normalize_title(question.title))
    recorded_slug = recorded.url.strip("/").split("/")[-1] if recorded is not None else ""
    if recorded is not None and recorded.url.count("/") == 2 and recorded_slug not in merge.taken:
        section, slug = recorded.url.strip("/").split("/")
    else:
        slug = unique_slug(_derived_slug(merge, question), merge.taken)
    merge.taken.add(slug)
    merge.warnings.append(
        f"{merge.source}:{question.line}: question {question.number} ({question.title!r}) is not in "
        f"{merge.curated.name}; published in {section!r} as {section}/{slug}/ by keyword score; "
        "add it there to choose its section, tags and related questions"
    )
    merge.entries.append(
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
            order=len(merge.curated.data.questions) + position,
        )
    )


def _with_follow_ups(entry: Entry, items: Iterable[FollowUpData]) -> Entry:
    follow = tuple(FollowUp(question=item.q, answer=item.a) for item in items)
    return replace(entry, follow_ups=follow) if follow else entry


# Guide questions come after every source question of their section, in file order.
GUIDE_ORDER = 10**9


def guide_entries(guide: Located[GuideQuestionsFile]) -> list[Entry]:
    """One entry per guide question (already checked against the curated file and the reserved names)."""
    entries: list[Entry] = []
    for index, item in enumerate(guide.data.questions):
        line = guide.line("questions", index) or 0
        entries.append(
            Entry(
                question=Question(numbers=(), title=guide_plain(item.title), blocks=(), line=line),
                section=item.section,
                slug=item.slug,
                tags=tuple(item.tags),
                related=tuple(item.related),
                synonyms=tuple(item.synonyms),
                notebook=None,
                errata=(),
                code_repaired=False,
                order=GUIDE_ORDER + index,
                summary=first_sentence(guide_plain(item.answer)),
                level=item.level,
                additions=tuple(item.points),
                guide_answer=item.answer,
                follow_ups=tuple(FollowUp(question=f.q, answer=f.a) for f in item.follow_ups),
                origin="guide",
                ident=item.id,
            )
        )
    return entries


def _derived_slug(merge: _Merge, question: Question) -> str:
    derived = derive_slug(question.title)
    if derived:
        return derived
    derived = fallback_slug(question.title)
    merge.warnings.append(
        f"{merge.source}:{question.line}: question {question.number}: no letters or digits in "
        f"its title can make a readable URL; published as {derived}/ (from a hash of the title, "
        f"so it stays the same); choose a slug for it in {merge.curated.name}"
    )
    return derived


def _finish(entries: list[Entry], sections: list[str]) -> list[Entry]:
    """In study order, each with its related questions that exist and its summary.

    The source's questions by their order; each guide question right after the last
    source question of its section (or of a section before it), in the guide file's order.
    """
    present = {e.slug for e in entries}
    last = -1
    after: dict[str, int] = {}
    for section in sections:
        last = max([last] + [e.order for e in entries if e.section == section and not e.is_guide])
        after[section] = last

    def key(entry: Entry) -> tuple[int, int, int]:
        return (after.get(entry.section, last), 1, entry.order) if entry.is_guide else (entry.order, 0, 0)

    return [
        replace(
            entry,
            related=tuple(s for s in entry.related if s in present),
            summary=entry.summary if entry.is_guide else summarize(entry.question),
        )
        for entry in sorted(entries, key=key)
    ]


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


def curate_entry(question: Question, data: QuestionData, index: int, curated: Located[CuratedData]) -> Entry:
    """Apply a curated entry's errata and code repair to its question."""
    errata: list[Erratum] = []
    for number, item in enumerate(data.errata):
        line = curated.line("questions", index, "errata", number) or 0
        question = apply_erratum(question, item.find, item.replace, curated.name, line)
        errata.append(Erratum(find=item.find, replace=item.replace, note=item.note, line=line))
    repaired = False
    if data.code is not None:
        line = curated.line("questions", index, "code") or 0
        question = repair_code(question, data.code.repaired, data.code.language, curated.name, line)
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


def add_guide_text(entry: Entry, item: AdditionData, additions: Located[Additions]) -> Entry:
    """The guide's points, review and (only where the source has no answer paragraph) its own answer."""
    slug = entry.slug
    if item.answer is not None and entry.question.answer:
        raise additions.error(
            (slug, "answer"),
            f"{slug!r} has a guide answer, but the source answers question {entry.question.number} itself",
            "remove 'answer:'; put what the source's answer lacks under 'points:'",
        )
    if item.answer is None and not entry.question.answer:
        raise additions.error(
            (slug,),
            f"question {entry.question.number} has no answer paragraph in the source, and {slug!r} gives none",
            "add 'answer:' with the guide's own short answer",
        )
    review = Review(
        status=item.review.status, date=item.review.date.isoformat(), line=additions.line(slug, "review") or 0
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
    title = plain(title)
    slug = slugify(title, stopwords=SLUG_STOPWORDS, max_length=SLUG_MAX_LENGTH, word_boundary=True)
    # A title of stopwords only ("What is it?") keeps them rather than losing its name.
    return slug or slugify(title, max_length=SLUG_MAX_LENGTH, word_boundary=True)


def fallback_slug(title: str) -> str:
    """A stable slug for a title with nothing to transliterate (emoji only, say): from its hash."""
    digest = hashlib.sha256(normalize_title(title).encode("utf-8")).hexdigest()[:10]
    return f"question-{digest}"


def check_reserved(curated: Located[CuratedData]) -> list[GuideError]:
    """Curated slugs and section ids that would replace a page or folder the site needs."""
    errors: list[GuideError] = []
    reserved = ", ".join(sorted(RESERVED_SLUGS))
    for index, section in enumerate(curated.data.sections):
        if section.id in RESERVED_SLUGS:
            errors.append(
                curated.error(
                    ("sections", index, "id"),
                    f"the section id {section.id!r} is reserved: the site uses /{section.id}/ itself",
                    f"choose another id (reserved: {reserved})",
                )
            )
    for index, data in enumerate(curated.data.questions):
        if data.slug in RESERVED_SLUGS:
            errors.append(
                curated.error(
                    ("questions", index, "slug"),
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
        return first_sentence(plain(question.answer[0].text))
    for block in question.blocks:
        if isinstance(block, KeyPoint):
            return f"{block.term}: {block.definition}"
    languages = {b.language.capitalize() for b in question.blocks if isinstance(b, CodeBlock) and b.language}
    kind = " or ".join(sorted(languages)) or "code"
    return f"A {kind} code sample: {plain(question.title)}"


def reconcile_urls(
    entries: list[Entry], curated: Located[CuratedData], record: Located[UrlRecordFile]
) -> tuple[dict[str, str], tuple[UrlRecord, ...]]:
    """Check that no published URL vanished; return the redirect map and the updated record.

    A recorded URL that no page has any more needs a curated redirect (``redirects:``
    in the curated file) to a question or section URL; otherwise the run fails,
    naming it. The record only grows: redirected URLs stay in it.
    """
    redirects = {f"q/{number}.md": entry.path for entry in entries for number in entry.question.numbers}
    redirects.update({f"{entry.short_link.rstrip('/')}.md": entry.path for entry in entries if entry.is_guide})
    curated_redirects, errors = _curated_redirects(entries, curated)
    redirects.update(curated_redirects)
    raise_all(errors + _vanished_urls(entries, curated, record))
    updated = {item.url: item for item in record.data.urls}
    for entry in entries:
        updated[entry.url] = UrlRecord(url=entry.url, title=entry.title)
    return dict(sorted(redirects.items(), key=_redirect_order)), tuple(sorted(updated.values(), key=lambda r: r.url))


def _curated_redirects(entries: list[Entry], curated: Located[CuratedData]) -> tuple[dict[str, str], list[GuideError]]:
    """The curated redirects (old URL's page -> new page), and the errors of those that lead nowhere."""
    pages = {e.url: e.path for e in entries} | {f"{s.id}/": f"{s.id}/index.md" for s in curated.data.sections}
    titles = {e.url for e in entries}
    slugs = {e.slug: e.url for e in entries}
    redirects: dict[str, str] = {}
    errors: list[GuideError] = []
    for index, item in enumerate(curated.data.redirects):
        live = _live_page(item.url, curated)
        old_slug = item.url.rstrip("/").rsplit("/", 1)[-1]
        if item.url in titles:
            errors.append(
                curated.error(
                    ("redirects", index),
                    f"{item.url} is a page again, but a redirect still sends it to {item.to}",
                    "remove this redirect",
                )
            )
        elif live:
            errors.append(
                curated.error(
                    ("redirects", index),
                    f"{item.url} is {live}; a redirect there would replace it with a stub leading to {item.to}",
                    "remove this redirect: only a URL with no page may be redirected",
                )
            )
        elif item.url.count("/") > 1 and old_slug in slugs and slugs[old_slug] != item.to:
            errors.append(
                curated.error(
                    ("redirects", index),
                    f"the old slug {old_slug!r} of {item.url} is the slug of the live question {slugs[old_slug]}: "
                    f"study-set links naming {old_slug!r} would open {item.to} instead",
                    f"redirect only URLs whose slug no live question has, or rename {slugs[old_slug]}",
                )
            )
        elif item.to not in pages:
            errors.append(
                curated.error(
                    ("redirects", index),
                    f"{item.url} redirects to {item.to}, which is no page of the site",
                    "name an existing question URL (section/slug/) or a section URL (section/)",
                )
            )
        else:
            redirects[item.url.rstrip("/") + ".md"] = pages[item.to]
    return redirects, errors


def _live_page(url: str, curated: Located[CuratedData]) -> str | None:
    """What the site publishes at ``url`` other than a question (None when nothing): a redirect must not replace it."""
    first = url.split("/", 1)[0]
    if url in {f"{s.id}/" for s in curated.data.sections}:
        return "a section's overview page"
    if re.fullmatch(r"[a-z0-9-]+/page/[0-9]+/", url) and first in {s.id for s in curated.data.sections}:
        return "a page of a section's overview"
    if first in RESERVED_SLUGS:
        return f"a page of the site (/{first}/)"
    return None


def _vanished_urls(
    entries: list[Entry], curated: Located[CuratedData], record: Located[UrlRecordFile]
) -> list[GuideError]:
    """Recorded URLs that neither a page nor a curated redirect answers any more."""
    answered = {e.url for e in entries} | {item.url for item in curated.data.redirects}
    return [
        record.error(
            ("urls", index),
            f"the published URL {item.url} ({item.title!r}) has no page any more: "
            "the question was removed, renamed beyond recognition or moved",
            f"restore the question, or add under 'redirects:' in {curated.name}: "
            f"'- {{url: {item.url}, to: <section>/<slug>/}}' (or a section URL <section>/)",
        )
        for index, item in enumerate(record.data.urls)
        if item.url not in answered
    ]


def _redirect_order(item: tuple[str, str]) -> tuple[int, str]:
    match = re.fullmatch(r"q/(\d+)\.md", item[0])
    return (int(match.group(1)), "") if match else (10**9, item[0])
