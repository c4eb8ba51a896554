"""Exit 0 means the site is right (issue 19, class 3).

A redirect never replaces a live page or hijacks a live slug; an empty curated file
is an error, not an empty page; two sections never share a title; and the study
features (the progress panel, "due today", study-set levels) get every question at
10x the questions, when the nav no longer lists question pages and section
overviews are paged (built once, as a user builds it).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from guide_testing import AT_10X, ROOT, run_generate

from studyguide.errors import GuideError, GuideErrors
from studyguide.generate import Texts, build, read_texts
from studyguide.outputs.pages import NAV_QUESTIONS_MAX
from studyguide.project import Project

PROJECT = Project(ROOT)


def _texts(**changes: str) -> Texts:
    texts = read_texts(PROJECT)
    return Texts(**{**texts.__dict__, **changes})


def _with_redirect(redirect: str) -> str:
    curated = PROJECT.curated.read_text(encoding="utf-8")
    assert "\nredirects:\n" in curated
    return curated.replace("\nredirects:\n", f"\nredirects:\n  - {redirect}\n", 1)


def _refusal(texts: Texts) -> str:
    with pytest.raises((GuideError, GuideErrors)) as refused:
        build(texts)
    return str(refused.value)


@pytest.mark.parametrize(
    "url, what",
    [
        ("review/", "a page of the site (/review/)"),
        ("glossary/", "a page of the site (/glossary/)"),
        ("concepts/", "a section's overview page"),
        ("training/page/2/", "a page of a section's overview"),
        ("q/1/", "a page of the site (/q/)"),
    ],
)
def test_a_redirect_never_replaces_a_live_page(url: str, what: str):
    curated = _with_redirect(f"{{url: {url}, to: training/}}")
    message = _refusal(_texts(curated=curated))
    line = curated[: curated.index(f"url: {url}")].count("\n") + 1
    assert f"data/questions.yml:{line}: error: {url} is {what}" in message
    assert "\n  fix: remove this redirect" in message


def test_an_old_slug_never_hijacks_a_live_question():
    """Study-set links name questions by slug: an alias from a live slug would open another question."""
    curated = _with_redirect("{url: training/attention-mechanisms/, to: training/pretraining-and-fine-tuning/}")
    assert "slug: attention-mechanisms" in curated and "slug: pretraining-and-fine-tuning" in curated
    message = _refusal(_texts(curated=curated))
    assert "error: the old slug 'attention-mechanisms' of training/attention-mechanisms/ is the slug of" in message


def test_a_moved_question_keeps_its_slug_through_its_redirect():
    """The legitimate case: a question moved to another section, same slug (the examples in the file)."""
    files = build(read_texts(PROJECT)).files
    assert yaml.safe_load(files["generated/site.yml"])["redirects"]["concepts/transfer-learning.md"] == (
        "training/transfer-learning.md"
    )


@pytest.mark.parametrize("name", ["curated", "additions", "glossary"])
@pytest.mark.parametrize("text", ["", "# only a comment\n", "\n\n"])
def test_an_empty_curated_file_is_an_error(name: str, text: str):
    message = _refusal(_texts(**{name: text}))
    shown = getattr(read_texts(PROJECT), f"{name}_name")
    assert f"{shown}:1: error: the file is empty" in message and "\n  fix: " in message


def test_a_missing_curated_file_is_an_error(project: Path):
    (project / "data" / "glossary.yml").unlink()
    result = run_generate(project)
    assert result.returncode == 1 and "data/glossary.yml: error: file not found" in result.stderr


def test_two_sections_never_share_a_title():
    curated = PROJECT.curated.read_text(encoding="utf-8")
    titles = re.findall(r"(?m)^    title: (.+)$", curated)
    assert len(titles) >= 2
    curated = curated.replace(f"    title: {titles[1]}\n", f"    title: {titles[0].upper()}\n", 1)
    message = _refusal(_texts(curated=curated))
    assert f"the section title {titles[0].upper()!r} is used twice" in message


def test_a_section_title_never_holds_ankis_separator():
    curated = PROJECT.curated.read_text(encoding="utf-8")
    (title,) = re.findall(r"(?m)^    title: (.+)$", curated)[:1]
    message = _refusal(_texts(curated=curated.replace(f"    title: {title}\n", "    title: A::B\n", 1)))
    assert "holds '::'" in message


# ---------------------------------------------------------------- at 10x the questions, built once


@pytest.fixture(scope="module")
def site_at_10x(built_at_10x: tuple[Path, Path]) -> tuple[Path, dict]:
    """The 10x site (tests/conftest.py) and what it holds, from its review page (every card)."""
    _, site = built_at_10x
    cards = _soup(site, "review").select(".guide-card")
    questions = [{"slug": c["data-slug"], "section": c["data-section"]} for c in cards]
    for question in questions:
        question["url"] = f"{question['section']}/{question['slug']}/"
    sections = list(dict.fromkeys(q["section"] for q in questions))
    return site, {"questions": questions, "sections": [{"id": section} for section in sections]}


def _soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")


@AT_10X
def test_at_10x_the_study_features_get_every_question(site_at_10x: tuple[Path, dict]):
    site, study = site_at_10x
    questions = study["questions"]
    guide_questions = len(yaml.safe_load((ROOT / "data/guide-questions.yml").read_text(encoding="utf-8"))["questions"])
    assert len(questions) == 620 + guide_questions > NAV_QUESTIONS_MAX
    slugs = {q["slug"] for q in questions}
    home = _soup(site, ".")
    # "N due today" and study-set levels read data-levels.
    levels = json.loads(home.select_one(".guide-review-entry")["data-levels"])
    assert set(levels) == slugs
    # The progress panel: every section, every question.
    rows = home.select(".guide-progress__section")
    assert len(rows) == len(study["sections"])
    pages = [url for row in rows for url in row["data-pages"].split()]
    assert sorted(pages) == sorted(q["url"] for q in questions)
    for section in study["sections"]:
        overview = _soup(site, section["id"])
        entry = overview.select_one(".guide-review-entry")
        in_section = [q["slug"] for q in questions if q["section"] == section["id"]]
        assert json.loads(entry["data-section-slugs"]) == in_section
        (row,) = overview.select(".guide-progress__section")
        assert len(row["data-pages"].split()) == len(in_section)
        assert row.select_one(".guide-progress__count").text == f"0 of {len(in_section)} studied"


@AT_10X
def test_at_10x_every_question_has_its_page(site_at_10x: tuple[Path, dict]):
    site, study = site_at_10x
    for question in study["questions"]:
        assert (site / question["url"] / "index.html").is_file(), question["url"]


def test_the_search_terms_are_checked_when_the_pages_are_generated():
    """data/search.yml reaches the site through generated/site.yml: a bad entry stops `generate`."""
    search = PROJECT.search_terms.read_text(encoding="utf-8") + "  - {short: kv, long: [kv]}\n"
    message = _refusal(_texts(search=search))
    assert "data/search.yml:" in message and "expands to itself" in message and "fix:" in message
    terms = yaml.safe_load(build(read_texts(PROJECT)).files["generated/site.yml"])["search"]
    assert ["kv", ["key value"]] in terms["abbreviations"]
    assert {t["anchor"] for t in terms["glossary"]} and all(t["anchor"].startswith("term-") for t in terms["glossary"])
