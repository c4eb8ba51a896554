"""The guide's search index and its data: what src/studyguide/site/search.py writes, data/search.yml's
checks, and the committed MiniSearch being the pinned npm file. (The ranking itself is tested in a real
browser: tests/browser/test_search.py.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studyguide.errors import GuideError, GuideErrors
from studyguide.project import Project
from studyguide.site.search import FIELD_WEIGHTS, FILLER, load_search_data, write_index

ROOT = Path(__file__).resolve().parents[1]
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
    data = load_search_data((ROOT / "data/search.yml").read_text(encoding="utf-8"), "data/search.yml")
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
def index(tmp_path_factory) -> dict:
    """The index written over a minimal Material index: a question page, the glossary, a site page."""
    site = tmp_path_factory.mktemp("site")
    (site / "search").mkdir()
    material = {
        "config": {"lang": ["en"], "separator": "[\\s]+", "pipeline": [], "fields": {}},
        "docs": [
            {"location": "concepts/bert/", "title": "BERT", "text": "<p>lunr text</p>"},
            {"location": "concepts/bert/#related-questions", "title": "Related questions", "text": "other titles"},
            {"location": "glossary/", "title": "Glossary", "text": ""},
            {"location": "glossary/#a", "title": "A", "text": "Attention …"},
            {"location": "performance/", "title": "Performance", "text": "<p>Build &amp; test times</p>"},
        ],
    }
    (site / "search/search_index.json").write_text(json.dumps(material))
    assert write_index(site, Project(ROOT)) > 0
    return json.loads((site / "search/search_index.json").read_text())


def test_a_question_page_is_one_document_with_weighted_fields(index):
    bert = [d for d in index["docs"] if d["location"].startswith("concepts/bert/")]
    assert len(bert) == 1, "the page's sections (Related questions: other questions' titles) are not indexed apart"
    doc = bert[0]
    assert doc["kind"] == "question" and doc["number"] == 17
    assert doc["title"].startswith("Describe the BERT")
    assert "mlm" in doc["synonyms"]
    assert doc["terms"] and doc["text"] and doc["extra"]
    assert all("<" not in t for t in doc["text"]), "markup is stripped"
    assert set(index["config"]["guide"]["weights"]) == set(FIELD_WEIGHTS)
    assert ["mlm", ["masked language model", "masked language modeling"]] in index["config"]["guide"]["abbreviations"]


def test_glossary_terms_are_documents_at_their_anchors_and_other_pages_stay(index):
    locations = [d["location"] for d in index["docs"]]
    assert "glossary/#term-attention" in locations
    assert "glossary/#a" not in locations, "the letter sections give way to the terms"
    performance = next(d for d in index["docs"] if d["location"] == "performance/")
    assert performance["kind"] == "page" and performance["text"] == ["Build & test times"]
    others = [d["location"] for d in index["docs"] if d["location"].startswith("concepts/")]
    assert others == ["concepts/bert/"], "only pages Material indexed (search.exclude is respected)"


def test_without_an_index_nothing_is_written(tmp_path):
    assert write_index(tmp_path, Project(ROOT)) == 0
    assert not (tmp_path / "search").exists()
