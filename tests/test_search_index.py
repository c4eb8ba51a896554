"""The guide's search index and its data: what src/studyguide/site/search.py writes, data/search.yml's
checks, and the committed MiniSearch being the pinned npm file. (The ranking itself is tested in a real
browser: tests/browser/test_search.py.)"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from studyguide.errors import GuideError, GuideErrors
from studyguide.generate import merge_project
from studyguide.inputs.search_terms import load_search_data
from studyguide.project import Project
from studyguide.site.search import FIELD_WEIGHTS, FILLER, SearchPages, build_documents, plain, write_index

ROOT = Path(__file__).resolve().parents[1]
# Markup left in indexed text (the page's own "<unk>" is text, escaped on the page).
MARKUP_RE = re.compile(r"</?(?:p|div|ul|li|dl|dt|dd|a|code|span|em|strong|abbr)\b[^>]*>|`")
VENDOR = ROOT / "docs/assets/javascripts/vendor/minisearch"
PACKAGE = ROOT / "node_modules/minisearch"


def test_committed_minisearch_is_the_pinned_npm_file():
    pinned = json.loads((ROOT / "package.json").read_text())["devDependencies"]["minisearch"]
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]["node_modules/minisearch"]
    installed = json.loads((PACKAGE / "package.json").read_text())
    assert pinned == lock["version"] == installed["version"], "package.json, the lock file and node_modules disagree"
    assert installed["license"] == "MIT"
    assert (VENDOR / "index.js").read_bytes() == (PACKAGE / "dist/umd/index.js").read_bytes(), (
        f"docs/assets/javascripts/vendor/minisearch/index.js is not minisearch {pinned}'s dist/umd/index.js: "
        "copy it again after changing the pin"
    )
    assert (VENDOR / "LICENSE.txt").read_bytes() == (PACKAGE / "LICENSE.txt").read_bytes()


def test_the_search_data_of_the_repository_loads():
    data = load_search_data((ROOT / "data/search.yml").read_text(encoding="utf-8"), "data/search.yml").data
    shorts = {a.short for a in data.abbreviations}
    assert {"mlm", "moe", "kv", "dpo", "rope"} <= shorts
    assert not shorts & set(FILLER), "an abbreviation that is a filler word could never be searched"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("abbreviations:\n  - {short: mlm, long: [masked language model]}\n  - {short: mlm, long: [x]}\n", 3, "twice"),
        ("abbreviations:\n  - {short: MLM, long: [masked language model]}\n", 2, "abbreviations.0.short"),
        ("abbreviations:\n  - {short: mlm, long: []}\n", 2, "abbreviations.0.long"),
        ("abbreviations:\n  - {short: mlm}\n", 2, "abbreviations.0.long"),
        ("abbreviations:\n  - {short: kv, long: [kv]}\n", 2, "expands to itself"),
        ("abbreviations:\n  - {short: kv, long: [key value], extra: 1}\n", 2, "extra"),
        ("abbreviations:\n  - {short: kv\n", 3, "invalid YAML"),
    ],
)
def test_bad_search_data_is_a_located_error(text, line, message):
    with pytest.raises((GuideError, GuideErrors)) as raised:
        load_search_data(text, "data/search.yml")
    report = str(raised.value)
    assert f"data/search.yml:{line}: error:" in report and message in report and "fix:" in report, report


@pytest.fixture(scope="module")
def index(built_site: Path) -> dict:
    return json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))


def test_every_question_page_is_one_document_with_weighted_fields(index, built_site):
    questions = [d for d in index["docs"] if d["kind"] == "question"]
    site = merge_project(Project(ROOT)).site
    assert sorted(str(d["number"]) for d in questions) == sorted(e.short_id for e in site.entries), (
        "one document per question, source and guide's own"
    )
    assert not [d for d in index["docs"] if "#" in d["location"] and not d["location"].startswith("glossary/")], (
        "a page's sections (Related questions: other questions' titles) are not indexed apart"
    )
    assert all((built_site / d["location"] / "index.html").is_file() for d in questions)
    for doc in questions:
        assert doc["title"] and doc["text"] and doc["tags"], doc["location"]
        assert not any(MARKUP_RE.search(t) for t in doc["text"] + doc["extra"]), doc["location"]
    assert sum(1 for doc in questions if doc["terms"]) >= 55, "key points are key terms"
    bert = next(d for d in questions if d["number"] == 17)
    assert bert["location"] == "concepts/bert/" and bert["title"].startswith("Describe the BERT")
    assert "mlm" in bert["synonyms"] and bert["extra"], bert
    assert "Also searched as" not in " ".join(bert["text"]) and "Key points" not in " ".join(bert["text"])
    attention = next(d for d in questions if d["number"] == 4)
    assert {"Self-Attention", "Multi-Head Attention"} <= set(attention["terms"])
    assert any("softmax(QKᵀ/√d_k)" in t for t in attention["extra"])
    assert not any("The source has" in t for t in attention["text"] + attention["extra"]), "errata notes stay out"
    assert set(index["config"]["guide"]["weights"]) == set(FIELD_WEIGHTS)
    assert ["mlm", ["masked language model", "masked language modeling"]] in index["config"]["guide"]["abbreviations"]


def test_glossary_terms_are_documents_at_their_anchors_and_other_pages_stay(index):
    by_location = {d["location"]: d for d in index["docs"]}
    attention = by_location["glossary/#term-attention"]
    assert attention["kind"] == "glossary" and attention["title"] == "Attention" and attention["text"]
    assert not any(
        location.startswith("glossary/#") and len(location) == len("glossary/#a") for location in by_location
    )
    assert by_location["glossary/"]["text"] == []
    assert by_location["performance/"]["kind"] == "page"
    assert by_location["notebooks/gpt2-tokenizer/"]["kind"] == "notebook"
    excluded = [loc for loc in by_location if loc in ("", "review/", "tags/", "print_page/")]
    assert not excluded, f"pages Material leaves out (search.exclude) stay out: {excluded}"


def test_without_an_index_nothing_is_written(tmp_path):
    assert write_index(tmp_path, {"abbreviations": [], "glossary": []}, SearchPages()) == 0
    assert not (tmp_path / "search").exists()


def test_pages_the_index_is_written_from_are_spared_materials_parse_and_exclusions_hold():
    """The build marks question pages and the glossary `search.exclude` for Material's plugin
    (collect says True): their documents come from what was collected, in build order."""
    pages = SearchPages()
    question = '<div class="guide-answer"><p>Split text into tokens.</p></div>'
    meta = {"question": 3, "title": "What are tokens?"}
    assert pages.collect("concepts/tokens/", meta, question, "concepts/tokens.md")
    assert pages.collect("glossary/", {}, "<h1>Glossary</h1>", "glossary.md", "Glossary")
    assert not pages.collect("performance/", {}, "<p>x</p>", "performance.md")
    notebook = (
        '<style>.jp-Cell{color:red}</style><h1 id="t">A notebook</h1><p>Code &amp; text.</p><h2>Part</h2><p>More.</p>'
    )
    assert pages.collect("notebooks/x/", {}, notebook, "notebooks/x.ipynb", "A notebook", notebook=True)
    assert not pages.collect("concepts/hidden/", {"question": 4, "search": {"exclude": True}}, question, "x.md")
    assert pages.order == ["concepts/tokens/", "glossary/", "performance/", "notebooks/x/"]
    material = [
        {"location": "performance/", "title": "Performance", "text": "Build times."},
        {"location": "tags/", "title": "Tags", "text": "All tags."},
    ]
    docs = build_documents(material, pages, [])
    assert [(d["location"], d["kind"]) for d in docs] == [
        ("concepts/tokens/", "question"),
        ("glossary/", "page"),
        ("performance/", "page"),
        ("notebooks/x/", "notebook"),
        ("tags/", "page"),
    ]
    assert docs[0]["text"] == ["Split text into tokens."] and docs[1]["title"] == "Glossary"
    assert docs[3]["text"] == ["A notebook Code & text.", "Part More."], "no stylesheet, one text per part"


def test_plain_text_has_no_permalink_marks():
    heading = '<h2 id="next">Ask next<a class="headerlink" href="#next" title="Permanent link">&para;</a></h2>'
    notebook = '<h2 id="a">A part<a class="anchor-link" href="#a">¶</a></h2>'
    assert plain(heading + "<p>Follow-ups.</p>" + notebook) == "Ask next Follow-ups. A part"
