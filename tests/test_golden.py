"""Golden test: a small document and curated file beside the pages they must render to.

Run ``pytest tests/test_golden.py --update-golden`` to rewrite the expected
files on purpose after a deliberate change to the templates, then review the diff.
"""

from __future__ import annotations

from pathlib import Path

from studyguide.generate import DECK_DATA, Texts, build

GOLDEN = Path(__file__).resolve().parent / "golden"


def render_case(case: Path) -> tuple[dict[str, str], tuple[str, ...]]:
    """The pipeline on a case folder: rendered pages (the deck's data is tested in test_anki) and warnings."""
    texts = Texts(
        source=(case / "source.txt").read_text(),
        curated=(case / "questions.yml").read_text(),
        additions=(case / "additions.yml").read_text(),
        glossary=(case / "glossary.yml").read_text(),
    )
    rendered = build(texts)
    return {path: text for path, text in rendered.files.items() if path != DECK_DATA}, rendered.warnings


def test_basic_case_renders_as_expected(request):
    case = GOLDEN / "basic"
    files, warnings = render_case(case)
    expected_dir = case / "expected"
    if request.config.getoption("--update-golden"):
        for path, text in files.items():
            (expected_dir / path).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / path).write_text(text)
    expected = {p.relative_to(expected_dir).as_posix(): p.read_text() for p in expected_dir.rglob("*") if p.is_file()}
    assert sorted(files) == sorted(expected)
    for path, text in files.items():
        assert text == expected[path], f"{path} differs from tests/golden/basic/expected/{path}"
    # The case covers the guide's own text: strong-answer points with a review line (attention),
    # the guide's answer where the source has only key points (monitoring) or only code
    # (broken-snippet), and question 3's second printing folded away.
    attention = expected["docs/concepts/attention.md"]
    assert '!!! guide guide-main "What a strong answer adds (the guide\'s own)"' in attention
    assert "[corrected](#guide-erratum-1" in attention  # the mark where the corrected sentence is
    assert "Reviewed 2026-11-28, the whole page" in attention and "): corrected" in attention
    assert '??? quote "Printed twice in the source; the second copy (line 21) reads …"' in attention
    assert "only key points (below)" in expected["docs/training/monitoring.md"]
    assert "only a code sample (below)" in expected["docs/concepts/broken-snippet.md"]
    # The unknown question 9 is placed by keyword score and named in a warning.
    assert any("question 9" in w and "not in questions.yml" in w for w in warnings)
    # Every key point is in the glossary file, as a term's definition or as not a term.
    assert not any("glossary.yml" in w for w in warnings), warnings
