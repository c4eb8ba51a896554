"""The guide's own questions and follow-ups (data/guide-questions.yml, data/follow-ups.yml).

Loader tests take the real files with one defect put in; each defect must be a located
``file:line: error:`` with a ``fix:``. Pipeline tests run the real inputs, and another
document, through the pure pipeline.
"""

from __future__ import annotations

import pytest
from guide_testing import ROOT, SOURCE

from studyguide.errors import GuideError, GuideErrors
from studyguide.generate import Texts, build, merge
from studyguide.inputs.curated import load_curated
from studyguide.inputs.guide import load_follow_ups, load_guide_questions
from studyguide.inputs.markup import check_guide_prose

CURATED = (ROOT / "data" / "questions.yml").read_text(encoding="utf-8")
ADDITIONS = (ROOT / "data" / "additions.yml").read_text(encoding="utf-8")
GUIDE = (ROOT / "data" / "guide-questions.yml").read_text(encoding="utf-8")
FOLLOW_UPS = (ROOT / "data" / "follow-ups.yml").read_text(encoding="utf-8")
URLS = (ROOT / "data" / "urls.yml").read_text(encoding="utf-8")


def texts(source: str | None = None, guide: str = GUIDE, follow_ups: str = FOLLOW_UPS, urls: str | None = URLS):
    return Texts(
        source=source if source is not None else SOURCE.read_text(encoding="utf-8"),
        curated=CURATED,
        additions=ADDITIONS,
        urls=urls,
        guide_questions=guide,
        follow_ups=follow_ups,
    )


def errors_of(exc: pytest.ExceptionInfo) -> list[GuideError]:
    return list(exc.value.errors) if isinstance(exc.value, GuideErrors) else [exc.value]


def line_of(text: str, needle: str, start: int = 1) -> int:
    """The 1-based line of the first line (from line ``start``) of ``text`` that contains ``needle``."""
    return next(n for n, line in enumerate(text.splitlines(), start=1) if n >= start and needle in line)


def load_guide(text: str):
    return load_guide_questions(text, "guide-questions.yml", load_curated(CURATED, "questions.yml"))


def load_follow(text: str):
    curated = load_curated(CURATED, "questions.yml")
    return load_follow_ups(text, "follow-ups.yml", curated, load_guide_questions(GUIDE, "guide-questions.yml", curated))


def test_the_real_files_load():
    guide = load_guide(GUIDE)
    assert [q.id for q in guide.data.questions] == [f"g{n}" for n in range(1, 17)]
    assert len(load_follow(FOLLOW_UPS).data) == 62


G2 = line_of(GUIDE, "- id: g2")

# name: (old text, new text, message, the line's needle, searched from line)
GUIDE_DEFECTS = {
    "unknown key": (
        "    slug: reasoning-models\n",
        "    slug: reasoning-models\n    colour: red\n",
        "Extra inputs",
        "colour:",
    ),
    "id used twice": ("- id: g2\n", "- id: g1\n", "the id 'g1' is used twice", "- id: g1"),
    "numeric id": ("- id: g2\n", "- id: 24\n", "looks like a source question number", "- id: 24"),
    "quoted numeric id": ("- id: g2\n", '- id: "24"\n', "looks like a source question number", '- id: "24"'),
    "slug used twice": (
        "slug: reasoning-models",
        "slug: mixture-of-experts",
        "is used twice",
        "slug: mixture-of-experts",
    ),
    "slug of a source question": ("slug: reasoning-models", "slug: bias", "already a question of", "slug: bias"),
    "reserved slug": ("slug: reasoning-models", "slug: glossary", "is reserved", "slug: glossary"),
    "unknown section": ("    section: training\n", "    section: learning\n", "unknown section 'learning'", "learning"),
    "unknown level": ("    level: advanced\n", "    level: expert\n", "level", "level: expert"),
    "unknown tag": ("    tags: [", "    tags: [no-such-tag, ", "unknown tag 'no-such-tag'", "no-such-tag"),
    "related to nothing": ("    related: [", "    related: [no-such-question, ", "which is no question", "no-such"),
    # A folded text is located at its key.
    "HTML": ("What are reasoning models", "What are <b>reasoning</b> models", "HTML", "title: >-"),
    "a link": ("What are reasoning models", "What are [reasoning](https://x.org) models", "contains a link", "title:"),
    "an unclosed code span": ("What are reasoning models", "What are `reasoning models", "unclosed", "title:"),
}


@pytest.mark.parametrize("name", GUIDE_DEFECTS)
def test_a_defect_in_the_guide_questions_is_located(name):
    old, new, message, needle = GUIDE_DEFECTS[name]
    start = GUIDE.index(old, GUIDE.index("- id: g2"))
    text = GUIDE[:start] + new + GUIDE[start + len(old) :]
    with pytest.raises((GuideError, GuideErrors)) as exc:
        load_guide(text)
    errors = errors_of(exc)
    assert any(message in e.message for e in errors), [e.message for e in errors]
    (error,) = [e for e in errors if message in e.message][:1]
    assert str(error.path) == "guide-questions.yml"
    assert error.line == line_of(text, needle, G2), (error.line, needle)
    assert error.hint, "every error says how to fix it"


def follow_up_block(count: int) -> str:
    return "".join(f"  - q: Question {n}?\n    a: Answer {n}.\n" for n in range(count))


@pytest.mark.parametrize(
    ("new_entry", "message"),
    [
        ("no-such-question:\n" + follow_up_block(2), "'no-such-question' is no question in questions.yml"),
        ("mixture-of-experts:\n" + follow_up_block(2), "whose follow-ups live there"),
        ("bias-x:\n" + follow_up_block(1), "at least 2 items"),
        ("bias-y:\n" + follow_up_block(4), "at most 3 items"),
        ("bias-z:\n  - q: Why?\n    a: Because <script>x</script>.\n  - q: A?\n    a: B.\n", "HTML"),
        ("bias-w:\n  - q: Why?\n    a: A.\n    b: B.\n  - q: A?\n    a: B.\n", "Extra inputs"),
    ],
)
def test_a_defect_in_the_follow_ups_is_located(new_entry, message):
    text = FOLLOW_UPS.rstrip("\n") + "\n\n" + new_entry
    with pytest.raises((GuideError, GuideErrors)) as exc:
        load_follow(text)
    (error,) = [e for e in errors_of(exc) if message in e.message][:1] or [None]
    assert error is not None, [e.message for e in errors_of(exc)]
    assert str(error.path) == "follow-ups.yml"
    first = line_of(text, new_entry.splitlines()[0], start=len(FOLLOW_UPS.splitlines()))
    assert first <= error.line <= first + len(new_entry.splitlines())
    assert error.hint


def test_a_follow_up_key_given_twice_is_located():
    text = FOLLOW_UPS + "\nwhat-are-llms:\n" + follow_up_block(2)
    with pytest.raises((GuideError, GuideErrors)) as exc:
        load_follow(text)
    (error,) = errors_of(exc)
    assert "given twice" in error.message and error.line == len(FOLLOW_UPS.splitlines()) + 2


def test_the_text_grammar_is_one_small_function():
    assert check_guide_prose("Plain, with `code <b>` and *emphasis*; 2*3 is arithmetic.") is None
    assert "HTML" in check_guide_prose("A <br> break")
    assert "link" in check_guide_prose("See https://example.com")
    assert "unclosed" in check_guide_prose("A ` alone")


# ---- In the pipeline ---------------------------------------------------------------


def test_guide_questions_follow_the_source_questions_of_their_section():
    site = merge(texts()).site
    # Study order (the deck's, the printable page's): section by section.
    order = [section.id for section in site.sections]
    positions = [order.index(e.section) for e in site.entries]
    assert positions == sorted(positions)
    for section in site.sections:
        entries = site.in_section(section.id)
        kinds = [e.is_guide for e in entries]
        assert kinds == sorted(kinds), f"{section.id}: a guide question before a source question"
    entry = site.by_slug()["mixture-of-experts"]
    assert (entry.label, entry.short_link, entry.url) == ("G1", "q/g1/", "concepts/mixture-of-experts/")
    assert site.redirects["q/g1.md"] == "concepts/mixture-of-experts.md"
    assert "concepts/mixture-of-experts/" in {r.url for r in site.url_record}
    assert all(2 <= len(e.follow_ups) <= 3 for e in site.entries), "every question has its follow-ups"


def test_another_document_generates_as_before_with_the_guide_questions_added():
    """A document in the same format, unknown to the curated files, keeps its own numbering and pages."""
    other = SOURCE.read_text(encoding="utf-8").rstrip("\n") + "\n\n70. What is mixture of experts?\n\nA router.\n"
    before = merge(Texts(source=other, curated=CURATED)).site
    after = merge(texts(source=other, urls=None)).site
    own = [e for e in after.entries if not e.is_guide]
    # The document's own questions: the same sections, URLs and short links as without the guide's.
    assert [(e.url, e.short_link) for e in own] == [(e.url, e.short_link) for e in before.entries]
    assert own[-1].short_link == "q/70/" and len(own) == 63
    # The guide's questions are added, with their ids, whatever the document numbers.
    assert [e.label for e in after.entries if e.is_guide] == [f"G{n}" for n in range(1, 17)]
    # Slugs stay unique: the document's first question does not take the guide's URL.
    assert len({e.url for e in after.entries}) == len(after.entries)
    # Related questions the document lacks are dropped, not dangling.
    assert all(r in after.by_slug() for e in after.entries for r in e.related)
    files = build(texts(source=other, urls=None)).files
    assert "docs/concepts/mixture-of-experts.md" in files and "q/g1.md" in after.redirects
