"""The real site, built with mkdocs --strict from the committed pages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from guide_testing import ROOT, SOURCE, squeeze

CURATED = yaml.safe_load((ROOT / "data" / "questions.yml").read_text(encoding="utf-8"))
ERRATA = [(e["find"], e["replace"]) for q in CURATED["questions"] for e in q.get("errata", [])]
GUIDE = yaml.safe_load((ROOT / "data" / "guide-questions.yml").read_text(encoding="utf-8"))["questions"]
GUIDE_SLUGS = {q["slug"] for q in GUIDE}


def page_text(path: Path) -> str:
    """The visible text of a built page's article, without whitespace.

    Comparing without whitespace makes the check blind to how the HTML wraps
    text (tooltips on abbreviations, line breaks), not to the words.
    """
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article") or soup
    return squeeze(article.get_text())


def question_page(site: Path, slug: str) -> Path:
    (page,) = [p for p in question_pages(site) if p.parent.name == slug]
    return page


def question_pages(site: Path) -> list[Path]:
    """Every question page (not the redirect pages left at the URLs of moved questions)."""
    return [
        p
        for section in CURATED["sections"]
        for p in sorted((site / section["id"]).glob("*/index.html"))
        if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")
    ]


def source_pages(site: Path) -> list[Path]:
    """The pages of the source's questions (not the guide's own)."""
    return [p for p in question_pages(site) if p.parent.name not in GUIDE_SLUGS]


def source_fragments() -> list[str]:
    """Every piece of prose in the source: titles, answers, terms, definitions, sub-headings."""
    fragments: list[str] = []
    in_code = False
    for line in SOURCE.read_text(encoding="utf-8").splitlines():
        if line.strip().startswith("```"):
            in_code = not in_code
            continue
        if in_code or not line.strip():
            continue
        text = re.sub(r"</?u>", "", line.strip())
        text = re.sub(r"^\d+\.\s+", "", text)
        term, colon, rest = text.partition(": ")
        parts = [term, rest] if colon and len(term.split()) <= 8 else [text]
        fragments += [p.rstrip(":").strip() for p in parts if p.strip()]
    return fragments


def corrected(fragment: str) -> str:
    for find, new in ERRATA:
        fragment = fragment.replace(find, new)
    return fragment


def test_one_page_per_question(built_site):
    pages = question_pages(built_site)
    assert len(pages) == 62 + 16  # the source's questions, then the guide's own
    assert len(source_pages(built_site)) == 62
    titles = {BeautifulSoup(p.read_text(), "html.parser").h1.get_text(" ", strip=True) for p in pages}
    assert len(titles) == 62 + 16


def test_every_sentence_of_the_source_is_on_the_site(built_site):
    text = " ".join(page_text(p) for p in question_pages(built_site))
    missing = [f for f in source_fragments() if squeeze(corrected(f)) not in text]
    assert not missing, f"{len(missing)} source fragments not on the site, e.g. {missing[:5]}"


def test_code_samples_are_highlighted_and_repaired(built_site):
    for slug, needle in (("gpt2-tokenizer", "GPT2Tokenizer"), ("transformer-block", "class TransformerBlock")):
        html = question_page(built_site, slug).read_text()
        soup = BeautifulSoup(html, "html.parser")
        code = soup.select_one(".highlight code").get_text()
        assert needle in code
        assert "Formatting repaired" in html
    block = question_page(built_site, "transformer-block").read_text()
    code = BeautifulSoup(block, "html.parser").select_one(".highlight code").get_text()
    assert "\n    def forward(self, x):\n        attn_output, _ = self.attention(x, x, x)" in code
    tokenizer = question_page(built_site, "gpt2-tokenizer").read_text()
    code = BeautifulSoup(tokenizer, "html.parser").select_one(".highlight code").get_text()
    assert "return tokens\n" in code and '\ninput_text = "Hello, world!"' in code


def test_errata_are_shown_as_notes(built_site):
    html = question_page(built_site, "applications").read_text()
    assert "conversational AI" in html and "Corrected from the source" in html
    assert "The source has: “conversational Al”" in html  # the note quotes what the source said


def test_underline_becomes_emphasis_never_raw_html(built_site):
    html = question_page(built_site, "what-are-llms").read_text()
    assert "<dt><em>Transformer Architecture</em></dt>" in html
    for page in question_pages(built_site):
        assert "<u>" not in page.read_text() and "&lt;u&gt;" not in page.read_text()


def test_short_link_for_every_number(built_site):
    numbers = sorted({int(m) for m in re.findall(r"(?m)^(\d+)\.\s", SOURCE.read_text())})
    for number in numbers:
        page = built_site / "q" / str(number) / "index.html"
        assert page.is_file(), number
        target = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', page.read_text()).group(1)
        assert (page.parent / target / "index.html").resolve().is_file(), (number, target)


def test_question_24_shows_one_answer_and_folds_the_second_copy(built_site):
    html = (built_site / "q" / "24" / "index.html").read_text()
    assert "learning-rate-schedules" in html
    soup = BeautifulSoup(question_page(built_site, "learning-rate-schedules").read_text(), "html.parser")
    (fold,) = soup.select("article details.quote")
    assert not fold.has_attr("open")  # folded away until the reader opens it
    assert squeeze(fold.summary.get_text()) == squeeze(
        "Printed twice in the source; the second copy (line 211) reads …"
    )
    folded = squeeze(fold.get_text())
    for text in ("to improve convergence and performance.", "Cosine Decay", "Warm-Up Phases"):
        assert squeeze(text) in folded
    fold.extract()
    shown = squeeze(soup.select_one(".guide-answer").get_text())
    assert squeeze("with techniques like cosine decay and warm-up phases.") in shown
    assert "CosineDecay" not in shown and "Printed" not in shown  # one answer shown, the copy only in the fold


def test_every_question_has_the_guides_strong_answer_block(built_site):
    for page in source_pages(built_site):
        soup = BeautifulSoup(page.read_text(), "html.parser")
        blocks = [
            b
            for b in soup.select(".guide-answer .admonition.guide")
            if b.select_one(".admonition-title").get_text(strip=True) == "What a strong answer adds (the guide's own)"
        ]
        assert len(blocks) == 1, page
        assert 2 <= len(blocks[0].select("li")) <= 5, page
        review = blocks[0].select_one("p.guide-review").get_text(" ", strip=True)
        statuses = "corrected, see “Corrected from the source” below|checked, no correction needed"
        scope = r"the whole page \(the source's answer and key points, the guide's text and follow-ups\)"
        against = r"Checked against the original papers and the library versions this guide pins .*"
        assert re.fullmatch(rf"Reviewed \d{{4}}-\d\d-\d\d, {scope}: ({statuses})\. {against}", review), page
        # Corrected questions show their corrections; checked ones have none.
        corrected = "corrected" in blocks[0].select_one("p.guide-review").get_text()
        assert corrected == bool(soup.select(".admonition.info .admonition-title")), page


@pytest.mark.parametrize(
    ("slug", "kind"),
    [
        ("production-monitoring", "key points"),
        ("real-world-evaluation", "key points"),
        ("gpt2-tokenizer", "a code sample"),
        ("transformer-block", "a code sample"),
    ],
)
def test_questions_without_an_answer_say_so_and_get_the_guides_answer(built_site, slug, kind):
    soup = BeautifulSoup(question_page(built_site, slug).read_text(), "html.parser")
    first = soup.select_one(".guide-answer > *")
    assert (
        "guide" in first["class"] and first.select_one(".admonition-title").get_text(strip=True) == "The guide's answer"
    )
    notice = first.select_one("p.guide-missing").get_text(" ", strip=True)
    assert notice == (
        f"The source gives no answer paragraph for this question, only {kind} (below). "
        "This short answer is the guide's own."
    )
    assert len(first.get_text(" ", strip=True)) > len(notice) + 150  # the answer itself follows


def test_the_guides_text_is_in_the_search_index(built_site):
    docs = json.loads((built_site / "search" / "search_index.json").read_text())["docs"]

    def pages_with(text: str) -> set[str]:  # the guide's index: text and extra are lists of paragraphs
        fields = ("text", "extra")
        return {d["location"].split("#")[0] for d in docs if any(text in " ".join(d.get(f) or []) for f in fields)}

    assert "deployment/efficient-deployment/" in pages_with("(INT8, GPTQ, AWQ)")
    assert "concepts/attention-mechanisms/" in pages_with("softmax(QKᵀ/√d_k)")
    assert "deployment/production-monitoring/" in pages_with("time to first token")


def test_corrections_quote_the_source(built_site):
    text = page_text(question_page(built_site, "accessibility"))
    assert squeeze("The source has: “LLMs can enhance accessibility by providing speech-to-text,") in text
    assert squeeze("paired with dedicated speech models (which do the speech-to-text and text-to-speech)") in text
    text = page_text(question_page(built_site, "what-are-llms"))
    assert squeeze("hides that a deployed LLM has a fixed knowledge cutoff") in text


def test_every_published_url_still_leads_to_its_question(built_site):
    record = yaml.safe_load((ROOT / "data" / "urls.yml").read_text(encoding="utf-8"))["urls"]
    assert {"concepts/transfer-learning/", "concepts/domain-specific-adaptations/"} <= {r["url"] for r in record}
    for item in record:
        page = built_site / item["url"] / "index.html"
        html = page.read_text()
        target = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', html)
        if target:
            page = (page.parent / target.group(1) / "index.html").resolve()
            html = page.read_text()
        title = BeautifulSoup(html, "html.parser").h1.get_text().rstrip("¶")
        assert squeeze(title) == squeeze(item["title"]), item["url"]
    moved = built_site / "concepts" / "transfer-learning" / "index.html"
    assert "training/transfer-learning/" in moved.read_text()


def test_glossary_links_terms_to_questions(built_site):
    soup = BeautifulSoup((built_site / "glossary" / "index.html").read_text(), "html.parser")
    term = soup.select_one("dt#term-self-attention")
    assert term is not None
    entry = []
    for sibling in term.find_next_siblings():  # the headword's own dd elements, up to the next dt
        if sibling.name != "dd":
            break
        entry.append(sibling)
    links = [a["href"] for dd in entry for a in dd.select("a")]
    assert any("attention-mechanisms" in href for href in links)


@pytest.mark.parametrize("page", ["index.html", "concepts/index.html", "glossary/index.html", "tags/index.html"])
def test_nothing_is_loaded_from_another_origin(built_site, page):
    soup = BeautifulSoup((built_site / page).read_text(), "html.parser")
    external = [
        tag.get("src") or tag.get("href")
        for tag in soup.select("script[src], link[href], img[src], iframe[src]")
        if re.match(r"(https?:)?//", tag.get("src") or tag.get("href") or "")
        and tag.name != "link"
        or (
            tag.name == "link"
            and tag.get("rel") in (["stylesheet"], ["preconnect"])
            and re.match(r"(https?:)?//", tag.get("href", ""))
        )
    ]
    assert not external


def test_section_pages_list_their_questions_in_order(built_site):
    for section in CURATED["sections"]:
        soup = BeautifulSoup((built_site / section["id"] / "index.html").read_text(), "html.parser")
        listed = [item["data-url"] for item in soup.select(".guide-item")]
        expected = [f"{section['id']}/{q['slug']}/" for q in CURATED["questions"] if q["section"] == section["id"]]
        expected += [f"{section['id']}/{q['slug']}/" for q in GUIDE if q["section"] == section["id"]]
        assert listed == expected
        # Each listed with its identifier: Q<number> from the source, G<n> for the guide's own.
        labels = [squeeze(p.get_text()) for p in soup.select(".guide-item .guide-qid")]
        assert len(labels) == len(listed) and all(re.match(r"(Q\d+|G\d+·)", label) for label in labels), labels


def test_notebooks_link_to_their_question_pages(built_site):
    for name, numbers in (("gpt2-tokenizer", {38, 30, 31, 45}), ("transformer-block", {39, 2, 4, 5})):
        page = built_site / "notebooks" / name / "index.html"
        soup = BeautifulSoup(page.read_text(), "html.parser")
        links = {
            int(a.get_text().split()[-1]): a["href"]
            for a in soup.select("article a")
            if re.fullmatch(r"Question \d+", a.get_text())
        }
        assert set(links) == numbers
        for href in links.values():
            assert "/q/" not in href and (page.parent / href / "index.html").resolve().is_file(), href


def test_a_guide_question_has_its_page_short_link_and_review_card(built_site):
    """G1 is a question page like the others, marked as the guide's own."""
    page = question_page(built_site, "mixture-of-experts")
    soup = BeautifulSoup(page.read_text(), "html.parser")
    assert squeeze(soup.select_one(".guide-qid--guide").get_text()).startswith("G1·")
    answer = soup.select_one(".guide-answer")
    titles = [t.get_text(strip=True) for t in answer.select(".admonition.guide > .admonition-title")]
    assert titles == ["The guide's answer", "Key points (the guide's own)"]
    assert "<em>active</em> parameters" in str(answer)
    # The follow-ups: in the page for search and print, folded as <details>, marked as the guide's.
    follow = soup.select(".guide-follow-ups details.guide-follow-up")
    assert len(follow) == 2 and not follow[0].has_attr("open")
    assert "load-balancing loss" in follow[0].summary.get_text() and "auxiliary loss" in follow[0].get_text()
    # The synonyms are inside the answer, so self-test hides them with it.
    assert answer.select_one(".guide-synonyms") is not None
    # The short link /q/g1/ leads to it; no source number is taken.
    redirect = (built_site / "q" / "g1" / "index.html").read_text()
    target = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', redirect).group(1)
    assert (built_site / "q" / "g1" / target / "index.html").resolve() == page.resolve()
    # Its review card.
    review = BeautifulSoup((built_site / "review" / "index.html").read_text(), "html.parser")
    card = review.select_one("#card-mixture-of-experts")
    assert "G1" in card.select_one(".guide-card__meta").get_text()
    assert "Mixtral 8x7B" in card.get_text()


def test_every_source_question_page_teaches_in_order(built_site):
    """Answer, what a strong answer adds, key points, then what interviewers ask next."""
    for page in source_pages(built_site):
        soup = BeautifulSoup(page.read_text(), "html.parser")
        assert re.fullmatch(r"Q\d+·fromthesourcedocument", squeeze(soup.select_one(".guide-qid").get_text())), page
        answer = soup.select_one(".guide-answer")
        order = [
            "strong"
            if "guide-main" in el.get("class", [])
            else "follow-ups"
            if "guide-follow-ups" in el.get("class", [])
            else "points"
            for el in answer.find_all(recursive=False)
            if "guide-main" in el.get("class", []) or "guide-follow-ups" in el.get("class", []) or el.name == "dl"
        ]
        assert order.index("follow-ups") == len(order) - 1, page
        if "points" in order:
            assert max(i for i, kind in enumerate(order) if kind == "strong") < order.index("points"), page
        assert 2 <= len(answer.select("details.guide-follow-up")) <= 3, page


def test_every_correction_is_marked_where_the_sentence_is(built_site):
    marks = 0
    for page in source_pages(built_site):
        soup = BeautifulSoup(page.read_text(), "html.parser")
        for mark in soup.select("a.guide-erratum-mark"):
            assert soup.find(id=mark["href"].removeprefix("#")) is not None, (page, mark["href"])
            marks += 1
    title_errata = sum(1 for q in CURATED["questions"] for e in q.get("errata", []) if e["find"] in q["title"])
    assert marks >= len(ERRATA) - title_errata - 2, marks
