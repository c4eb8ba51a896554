"""The glossary: data/glossary.yml validated with located errors, one headword per term,
the real page keeping every published anchor, corrections shown, first uses linked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from guide_testing import ROOT
from test_golden import GOLDEN, render_case

from studyguide.errors import GuideError, GuideErrors
from studyguide.generate import Texts, merge, render_project
from studyguide.inputs.glossary import GlossaryData, load_glossary
from studyguide.outputs.pages import TermLinker
from studyguide.pipeline.glossary import build_glossary
from studyguide.project import Project

GLOSSARY = ROOT / "data" / "glossary.yml"
CURATED = yaml.safe_load((ROOT / "data" / "questions.yml").read_text())
# Every term anchor the glossary page published before it was curated (141 key-point labels).
PUBLISHED_ANCHORS = (Path(__file__).parent / "data" / "glossary-anchors.txt").read_text().split()


def one_term(name: str) -> str:
    """The test's own idea of "the same term": case, spaces, hyphens and a plural ending ignored."""
    key = re.sub(r"[^a-z0-9]", "", name.casefold())
    return re.sub(r"(?<=...)(es|s)$", "", key)


def golden_site():
    """The merged site of the golden case (tests/golden/basic)."""
    case = GOLDEN / "basic"
    return merge(Texts(source=(case / "source.txt").read_text(), curated=(case / "questions.yml").read_text())).site


def load_errors(text: str) -> list[str]:
    with pytest.raises((GuideError, GuideErrors)) as caught:
        load_glossary(text, "data/glossary.yml")
    return [str(error) for error in getattr(caught.value, "errors", [caught.value])]


# ---- Loader: located errors ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("terms:\n  - term: Dropout\n    guide: x\n    sources: []\n", 4, "terms.0.sources: Extra inputs"),
        (
            "terms:\n  - term: Pre-training\n    guide: x\n  - term: Dropout\n    guide: y\n"
            "  - term: Pretrainings\n    guide: z\n",
            6,
            "'Pretrainings' ('Pretrainings') names the same term as 'Pre-training' at line 2",
        ),
        (
            "terms:\n  - term: Fine-tuning\n    guide: x\n  - term: Transfer learning\n    variants: [fine tuning]\n"
            "    guide: y\n",
            4,
            "'fine tuning' ('Transfer learning') names the same term as 'Fine-tuning'",
        ),
        (
            "terms:\n  - term: A\n    source:\n      - bert: Task Performance\n  - term: B\n    source:\n"
            "      - bert: task performance\n",
            7,
            "the key point 'task performance' of 'bert' is claimed by 'B' and by 'A' (line 4)",
        ),
        ("terms:\n  - term: A\n    guide: x\n    see: [Nothing]\n", 4, "'A' refers to 'Nothing', which is no headword"),
        ("terms:\n  - term: A\n    variants: [b]\n", 2, "'A' has no definition"),
        (
            "terms:\n  - term: Scalability\n    guide: x\nnot_terms:\n  cloud-services: [Convenience, Scalability]\n",
            5,
            "'Scalability' is listed as not a term, but it names the headword 'Scalability' (line 2)",
        ),
        ("terms:\n  - term: A\n    guide: x\n    source:\n      - Not A Slug: X\n", 5, "terms.0.source.0.Not A Slug"),
        ("terms:\n  - term: A\n    guide: x\n    anchors: [old-a]\n", 4, "terms.0.anchors.0: String should match"),
        ("terms: [\n", 2, "invalid YAML"),
    ],
)
def test_loader_errors_name_file_and_line(text, line, message):
    errors = load_errors(text)
    assert any(e.startswith(f"data/glossary.yml:{line}: error: ") and message in e for e in errors), errors
    assert all("\n  fix: " in e for e in errors)


def test_golden_site_errors_and_warnings_are_located():
    """Against a site: an unknown question is an error; a label the source lost is a warning, not a crash."""
    files, _ = render_case(GOLDEN / "basic")
    assert "docs/glossary.md" in files
    site = golden_site()
    text = (
        "terms:\n  - term: Dropout\n    source:\n      - overfitting: Dropout\n      - overfitting: Gone Label\n"
        "  - term: Attention\n    guide: x\n    questions: [attention, no-such-question]\n"
        "not_terms:\n  missing-question: [Anything]\n"
    )
    data = load_glossary(text, "g.yml")
    with pytest.raises(GuideErrors) as caught:
        build_glossary(site, data)
    errors = [str(e) for e in caught.value.errors]
    assert any(e.startswith("g.yml:8: error: 'no-such-question' is no question") for e in errors), errors
    assert any(e.startswith("g.yml:10: error: 'missing-question' is no question") for e in errors), errors

    # A question that data/questions.yml knows but the source lacks is skipped with a warning.
    glossary = build_glossary(site, load_glossary(text, "g.yml"), {"no-such-question", "missing-question"})
    assert any(w.startswith("g.yml:8: 'no-such-question' is not in the source") for w in glossary.warnings)

    glossary = build_glossary(site, load_glossary(text.split("    questions:")[0] + "\n", "g.yml"))
    warnings = glossary.warnings
    assert any(w.startswith("g.yml:5: question 5 (overfitting) has no key point 'Gone Label'") for w in warnings)
    # Key points in no entry are named, so none is dropped from the glossary without notice.
    assert any("'Slower Convergence' of question 5 (overfitting) is in no glossary entry" in w for w in warnings)
    assert [t.term for t in glossary.terms] == ["Attention", "Dropout"]


# ---- The real glossary -----------------------------------------------------------


@pytest.fixture(scope="module")
def real():
    """The curated glossary, loaded and built against the real site."""
    return load_glossary(GLOSSARY.read_text(), "data/glossary.yml").data


def test_no_two_headwords_for_one_term(real: GlossaryData):
    owners: dict[str, str] = {}
    for term in real.terms:
        names = {term.term, *term.variants, *(label for item in term.source for label in item.values())}
        match = re.match(r"^(.*) \((.*)\)$", term.term)
        names |= set(match.groups()) if match else set()
        for key in {one_term(n) for n in names}:
            assert owners.setdefault(key, term.term) == term.term, f"{term.term!r} and {owners[key]!r} share {key!r}"


def test_every_referenced_question_exists(real: GlossaryData):
    slugs = {q["slug"] for q in CURATED["questions"]}
    referenced = {slug for t in real.terms for item in t.source for slug in item} | {
        slug for t in real.terms for slug in t.questions
    }
    assert referenced | set(real.not_terms) <= slugs


def test_central_terms_have_a_headword(real: GlossaryData):
    keys = {one_term(n) for t in real.terms for n in (t.term, *t.variants)}
    central = [
        "attention", "self-attention", "transformer", "token", "tokenization", "BPE", "embedding",
        "positional encoding", "RoPE", "KV cache", "quantization", "LoRA", "PEFT", "RLHF",
        "instruction tuning", "hallucination", "perplexity", "context window", "temperature",
        "mixture of experts",
    ]  # fmt: skip
    missing = [c for c in central if one_term(c) not in keys and not any(one_term(c) in k for k in keys)]
    assert not missing


def test_the_real_glossary_builds_without_warnings():
    """Every key point of the document is a term's definition or listed as not a term."""
    rendered = render_project(Project(ROOT))
    assert not [w for w in rendered.warnings if "glossary.yml" in w]
    page = rendered.files["docs/glossary.md"]
    assert "Accuracy { #term-accuracy }" not in page and "Translation { #term-translation }" not in page


# ---- The built page ----------------------------------------------------------------


@pytest.fixture(scope="module")
def glossary_page(built_site: Path) -> BeautifulSoup:
    return BeautifulSoup((built_site / "glossary" / "index.html").read_text(), "html.parser")


def test_every_published_anchor_still_resolves(glossary_page):
    ids = [tag["id"] for tag in glossary_page.select("article [id]")]
    assert len(ids) == len(set(ids))
    assert len(PUBLISHED_ANCHORS) == 141
    assert not [a for a in PUBLISHED_ANCHORS if a not in ids]
    # A merged label's anchor sits on its headword.
    dt = glossary_page.select_one("#term-pretraining-and-fine-tuning").find_parent("dt")
    assert dt["id"] == "term-pre-training"


def test_benefit_labels_are_not_headwords(glossary_page, real: GlossaryData):
    headwords = {one_term(dt.get_text()) for dt in glossary_page.select("article dt[id^=term-]")}
    labels = {label for labels in real.not_terms.values() for label in labels}
    assert {"Accuracy", "Translation", "Scalability", "Chatbots"} <= labels
    assert not [label for label in labels if one_term(label) in headwords]
    # They are still listed, with the questions they come from, in the last section.
    item = glossary_page.select_one("#term-scalability").find_parent("li")
    assert item.find_parent("ul").find_previous("h2")["id"] == "not-terms"
    assert len(item.select("a")) == 4


def _definitions(dt) -> list:
    """The dd elements of one headword."""
    result = []
    for sibling in dt.find_next_siblings():
        if sibling.name != "dd":
            break
        result.append(sibling)
    return result


def test_a_corrected_definition_shows_its_marker(glossary_page):
    """Q45's "Dynamic Vocabulary" and Q62's "Few-Shot Learning" were corrected by errata."""
    corrected = {
        "term-vocabulary": "Adapts to new words using subword units.",
        "term-few-shot-learning": "Requires minimal task-specific examples for training.",
        "term-encoder-decoder": "Used in models like GPT-3 (unidirectional) and BERT (bidirectional).",
    }
    for anchor, original in corrected.items():
        dds = _definitions(glossary_page.select_one(f"dt#{anchor}"))
        marked = [dd for dd in dds if "guide-corrected" in dd.get("class", [])]
        assert marked, anchor
        text = " ".join(marked[0].get_text().split())
        assert "Corrected from the source:" in text and f"The source has: “{original}”" in text


def test_definitions_name_their_question_and_the_guide_marks_its_own(glossary_page):
    dds = _definitions(glossary_page.select_one("dt#term-self-attention"))
    own = [dd for dd in dds if "guide-own" in dd.get("class", [])]
    assert len(own) == 1 and own[0].get_text().startswith("The guide's definition:")
    sources = [dd for dd in dds if "guide-source" in dd.get("class", [])]
    assert [dd.select_one("a").get_text() for dd in sources] == ["Q1", "Q2", "Q4", "Q7"]
    uses = dds[-1]
    assert "guide-term-uses" in uses["class"] and uses.get_text().startswith("Questions:")
    # A term defined only by the guide still links the questions that use it.
    kv = _definitions(glossary_page.select_one("dt#term-kv-cache"))
    assert any("efficient-deployment" in a["href"] for a in kv[-1].select("a"))


# ---- Term links on question pages ------------------------------------------------------


def test_question_pages_link_first_uses(built_site: Path):
    soup = BeautifulSoup((built_site / "concepts" / "what-are-llms" / "index.html").read_text(), "html.parser")
    links = soup.select("a.guide-term")
    targets = [a["href"].split("#")[1] for a in links]
    assert "term-self-attention" in targets and "term-transformer" in targets
    assert len(targets) == len(set(targets)), "a term is linked once per page"
    glossary = BeautifulSoup((built_site / "glossary" / "index.html").read_text(), "html.parser")
    for a in links:
        assert a["href"].startswith("../../glossary/#")
        assert glossary.find(id=a["href"].split("#")[1]) is not None
        assert a["title"].startswith("Glossary: ")
        assert not a.find_parent(["h1", "h2", "h3", "code", "pre", "dt", "nav"])


def _linker() -> TermLinker:
    data = load_glossary(
        'terms:\n  - term: Self-attention\n    guide: A "quoted" 3 < 4 & y definition. Second.\n'
        "  - term: Attention\n    guide: y\n  - term: Fine-tuning\n    variants: [fine-tuned]\n    guide: z\n",
        "g.yml",
    )
    return TermLinker(build_glossary(golden_site(), data), "../glossary.md")


def test_linker_longest_first_once_escaped():
    linker = _linker()
    out = linker.markdown("Self-attention and attention, <script> *x* [y]; again self attention and Finetuned.")
    assert out.count("](../glossary.md#term-self-attention") == 1
    assert "[Self-attention](../glossary.md#term-self-attention" in out
    assert "[attention](../glossary.md#term-attention" in out  # not the one inside "Self-attention"
    assert "[Finetuned](../glossary.md#term-fine-tuning" not in out  # two links per text at most
    assert "&lt;script&gt; \\*x\\* \\[y\\]" in out
    assert '&quot;quoted&quot; 3 &lt; 4 &amp; y definition."' in out  # the tooltip: first sentence, escaped
    # Spaces and hyphens are interchangeable in a name; a new text may link a term the cap skipped.
    assert "[Finetuned](../glossary.md#term-fine-tuning" in linker.markdown("Finetuned models.")
    # Once per page: the linker remembers what it linked.
    assert "](" not in linker.markdown("Attention and self-attention again.")


def test_linker_keeps_line_starts_and_emphasis():
    linker = _linker()
    out = linker.markdown("1. <u>Attention</u> then attention: 2. done")
    assert out.startswith("1\\. ") or out.startswith("\\1. ")
    assert "*Attention*" in out and "[attention](" in out and out.endswith(": 2. done")
