"""The guide's own content: data/additions.yml (strong-answer points, answers, review) and the errata.

Loader tests run the real curated files with one defect put in; each defect must be
a located ``file:line: error:`` with a ``fix:``.
"""

from __future__ import annotations

import re

import pytest
from guide_testing import ROOT, SOURCE, run_generate

from studyguide.errors import GuideError, GuideErrors
from studyguide.generate import Texts, merge
from studyguide.inputs.curated import load_additions, load_curated
from studyguide.inputs.source import merge_duplicates, parse_document

CURATED = (ROOT / "data" / "questions.yml").read_text(encoding="utf-8")
ADDITIONS = (ROOT / "data" / "additions.yml").read_text(encoding="utf-8")


def load(additions: str = ADDITIONS, curated: str = CURATED):
    """Curated data, then the additions checked against it (what `studyguide generate` does)."""
    return load_additions(additions, "additions.yml", load_curated(curated, "questions.yml"))


def build(additions: str = ADDITIONS):
    """The merged site from the real source, curated data and URL record, with ``additions``."""
    texts = Texts(
        source=SOURCE.read_text(encoding="utf-8"),
        curated=CURATED,
        additions=additions,
        urls=(ROOT / "data" / "urls.yml").read_text(encoding="utf-8"),
        guide_questions=(ROOT / "data" / "guide-questions.yml").read_text(encoding="utf-8"),
        follow_ups=(ROOT / "data" / "follow-ups.yml").read_text(encoding="utf-8"),
    )
    return merge(texts).site


def errors_of(exc: pytest.ExceptionInfo) -> list[GuideError]:
    return list(exc.value.errors) if isinstance(exc.value, GuideErrors) else [exc.value]


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line of ``text`` that starts with ``needle``."""
    return next(n for n, line in enumerate(text.splitlines(), start=1) if line.startswith(needle))


def entry_text(slug: str) -> str:
    """The block of data/additions.yml for one slug, up to the blank line after it."""
    return re.search(rf"(?ms)^{slug}:\n.*?\n\n", ADDITIONS).group(0)


# ---- The real data ----------------------------------------------------------------


def test_every_question_has_its_review_and_strong_answer_points():
    site = build()
    source = [e for e in site.entries if not e.is_guide]
    assert len(source) == 62
    for entry in source:
        assert 2 <= len(entry.additions) <= 5, entry.slug
        assert entry.review is not None and entry.review.status == ("corrected" if entry.errata else "checked")
        assert all(len(point) <= 420 for point in entry.additions), f"{entry.slug}: keep points short"


def test_guide_answers_are_exactly_where_the_source_has_no_answer_paragraph():
    site = build()
    source = [e for e in site.entries if not e.is_guide]
    unanswered = {e.question.number for e in source if not e.question.answer}
    assert unanswered == {35, 38, 39, 41}
    assert {e.question.number for e in source if e.guide_answer} == unanswered


def test_every_erratum_finds_its_text_exactly_once():
    questions = merge_duplicates(parse_document(SOURCE.read_text(encoding="utf-8"), "source.txt"), "source.txt")
    by_title = {re.sub(r"</?u>", "", q.title): q for q in questions}
    curated = load_curated(CURATED, "questions.yml").data
    count = 0
    for data in curated.questions:
        question = by_title[data.title]
        texts = [question.title] + [
            text
            for block in question.all_blocks
            for text in ((block.term, block.definition) if hasattr(block, "term") else (getattr(block, "text", ""),))
        ]
        for erratum in data.errata:
            assert sum(t.count(erratum.find) for t in texts) == 1, (data.slug, erratum.find)
            assert erratum.find != erratum.replace and erratum.note.strip()
            count += 1
    assert count >= 31  # the 8 first errata and the 23 of the expert audit


def test_moved_questions_are_redirected_from_their_old_urls():
    site = build()
    assert site.redirects["concepts/transfer-learning.md"] == "training/transfer-learning.md"
    assert site.redirects["concepts/domain-specific-adaptations.md"] == "training/domain-specific-adaptations.md"
    recorded = {r.url for r in site.url_record}
    assert {"concepts/transfer-learning/", "training/transfer-learning/"} <= recorded


# ---- Bad data is a located error --------------------------------------------------


def test_a_question_without_an_entry_is_located_in_the_curated_file():
    with pytest.raises((GuideError, GuideErrors)) as exc:
        load(ADDITIONS.replace(entry_text("bias"), ""))
    (error,) = errors_of(exc)
    assert (str(error.path), error.line) == ("questions.yml", line_of(CURATED, "  - slug: bias"))
    assert "'bias' has no entry in additions.yml" in error.message and "points:" in error.hint


def test_an_entry_for_an_unknown_question_is_located():
    text = ADDITIONS + "\nno-such-question:\n  review: {status: checked, date: 2026-11-28}\n  points: [a, b]\n"
    with pytest.raises((GuideError, GuideErrors)) as exc:
        load(text)
    (error,) = errors_of(exc)
    assert (str(error.path), error.line) == ("additions.yml", line_of(text, "no-such-question:"))
    assert "no question in questions.yml" in error.message


MALFORMED = {
    # name: (old text in the bias entry, new text, message, line of the first line starting with this)
    "one point": (re.compile(r"(?s)  points:\n.*"), "  points:\n    - Only one.\n\n", "at least 2 items", "  points:"),
    "unknown key": ("  points:\n", "  notes: x\n  points:\n", "notes: Extra inputs are not permitted", "  notes:"),
    "bad status": ("status: checked", "status: done", "review.status", "  review:"),
    "bad date": (re.compile(r"date: \d{4}-\d{2}-\d{2}"), "date: 2026-13-01", "invalid value", "  review:"),
    "html": ("    - >-\n      Sources:", "    - >-\n      <b>Sources</b>:", "HTML", "    - >-"),
    "empty point": (
        "    - >-\n      Sources:",
        "    - ''\n    - >-\n      Sources:",
        "at least 1 character",
        "    - ''",
    ),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_a_malformed_entry_is_located(case):
    old, new, message, where = MALFORMED[case]
    bias = entry_text("bias")
    broken = old.sub(new, bias) if isinstance(old, re.Pattern) else bias.replace(old, new, 1)
    assert broken != bias
    text = ADDITIONS.replace(bias, broken)
    with pytest.raises((GuideError, GuideErrors)) as exc:
        load(text)
    errors = errors_of(exc)
    start = text.index(broken)
    expected = text[:start].count("\n") + line_of(broken, where)
    assert any(message in e.message and e.line == expected and str(e.path) == "additions.yml" for e in errors), [
        str(e) for e in errors
    ]


def test_a_key_given_twice_is_located():
    text = ADDITIONS.replace(entry_text("bias"), entry_text("bias") + entry_text("bias"))
    with pytest.raises(GuideError) as exc:
        load(text)
    first, second = [n for n, line in enumerate(text.splitlines(), start=1) if line == "bias:"]
    assert exc.value.line == second
    assert exc.value.message == f"the key 'bias' is given twice in the same mapping (first at line {first})"


def test_a_review_status_that_disagrees_with_the_errata_is_located():
    text = ADDITIONS.replace(entry_text("bias"), entry_text("bias").replace("status: checked", "status: corrected"))
    with pytest.raises((GuideError, GuideErrors)) as exc:
        load(text)
    (error,) = errors_of(exc)
    assert error.line == line_of(text, "bias:") + 1
    assert "'bias' is marked 'corrected', but it has no errata" in error.message


def test_a_guide_answer_where_the_source_answers_is_an_error():
    text = ADDITIONS.replace(entry_text("bias"), entry_text("bias").replace("  points:", "  answer: Mine.\n  points:"))
    with pytest.raises((GuideError, GuideErrors)) as exc:
        build(text)
    (error,) = errors_of(exc)
    assert (str(error.path), error.line) == ("additions.yml", line_of(text, "  answer: Mine."))
    assert "the source answers question 46 itself" in error.message


def test_a_question_without_answer_paragraph_needs_a_guide_answer():
    entry = entry_text("production-monitoring")
    without = re.sub(r"(?s)  answer: >-\n.*?(?=  points:)", "", entry)
    text = ADDITIONS.replace(entry, without)
    with pytest.raises((GuideError, GuideErrors)) as exc:
        build(text)
    (error,) = errors_of(exc)
    assert error.line == line_of(text, "production-monitoring:")
    assert "question 35 has no answer paragraph" in error.message and "answer:" in error.hint


def test_the_command_line_reports_bad_additions_with_file_line_and_fix(project):
    path = project / "data" / "additions.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(entry_text("bias"), entry_text("bias").replace("status: checked", "status: ok")))
    result = run_generate(project)
    assert result.returncode == 1
    assert re.search(r"data/additions\.yml:\d+: error: bias\.review\.status", result.stderr), result.stderr
    assert "fix:" in result.stderr and "Traceback" not in result.stderr
