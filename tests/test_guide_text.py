"""The guide's own text is data with a safe grammar (issue 19, class 1).

Curated text (data/additions.yml points and answers, errata notes and replacements,
section titles and descriptions, glossary definitions) is Markdown limited to
`code`, *emphasis* and links to the site or to https: addresses
(``markup.check_guide_text``). Anything else is refused on load with a located
error; whatever is accepted renders, on every page and in the deck, with no
script-capable element, attribute or address. The source's Anki markup reaches the
deck's fields as text.
"""

from __future__ import annotations

import html
import re
import time
from functools import cache
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup
from guide_testing import ROOT
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from studyguide.errors import GuideError, GuideErrors
from studyguide.generate import DECK_DATA, Texts, build, merge
from studyguide.inputs.config import read_config
from studyguide.inputs.curated import load_additions, load_curated
from studyguide.inputs.glossary import load_glossary
from studyguide.inputs.markup import check_guide_text
from studyguide.outputs import anki

pytestmark = pytest.mark.filterwarnings("ignore::bs4.MarkupResemblesLocatorWarning")

GOLDEN = ROOT / "tests" / "golden" / "basic"

# Each hostile text, as an author might paste it; every one must be refused.
HOSTILE = (
    "Click here {: onclick=alert(1) }",
    "A point { onmouseover=alert(1) }",
    "See [the docs](javascript:alert(1)).",
    "See [the docs]( JavaScript:alert(1) ).",
    "See [the docs](//evil.example/x).",
    "See [the docs](data:text/html;base64,PHNjcmlwdD4=).",
    "See [the docs](&#106;avascript:alert(1)).",
    "An image ![chart](https://example.com/x.png) here.",
    "An image ! [chart](https://example.com/x.png) here.",
    "Raw <img src=x onerror=alert(1)> HTML.",
    "A <script>alert(1)</script> tag.",
    "A comment <!-- hidden --> here.",
    "An autolink <https://example.com> here.",
    "[docs]: javascript:alert(1)\n\nSee [docs].",
    "Plain http://example.com/ is not https.",
    "A sound [sound:boom.mp3] in Anki.",
    "Anki LaTeX [latex]x^2[/latex] here.",
    "MathJax \\(x^2\\) in Anki.",
    "A header {#id .class} brace.",
    "An entity &lt;b&gt; trick.",
    "A line\u2028separator.",
    "[" * 20000,  # Python-Markdown's link parser takes minutes over it
    "A long point. " * 200,
    "`" * 20000 + "{",
)

# Text every field may hold: the grammar's own markup.
ACCEPTED = (
    "Scores are `softmax(QKᵀ/√d_k)`: a *scaled* dot product.",
    "See [the paper](https://arxiv.org/abs/1706.03762) and [fine-tuning](../training/fine-tuning.md).",
    "Braces and tags in code are fine: `{: onclick=x }` and `<script>`.",
    "3 < 4 and 5 > 4, a & b, 50% of [1, 2] brackets (not links).",
    "**Strong** and _emphasis_ and a trailing colon:",
)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_refused(text: str):
    started = time.perf_counter()
    problem = check_guide_text(text)
    assert problem, text
    assert time.perf_counter() - started < 2  # linear in the text: no regex backtracks over it


@pytest.mark.parametrize("text", ACCEPTED)
def test_the_grammar_accepts_code_emphasis_and_safe_links(text: str):
    assert check_guide_text(text) is None


# ---------------------------------------------------------------- refused on load, located, in every curated field


def _edited_yaml(path: Path, edit: Any) -> str:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


def _refusal(load: Any) -> str:
    with pytest.raises((GuideError, GuideErrors)) as refused:
        load()
    return str(refused.value)


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


BAD = "Click {: onclick=alert(1) }"


def _set_point(data: dict) -> None:
    data["overfitting"]["points"][1] = BAD


def _set_answer(data: dict) -> None:
    data["monitoring"]["answer"] = BAD


def _set_description(data: dict) -> None:
    data["sections"][1]["description"] = BAD


def _set_title(data: dict) -> None:
    data["sections"][1]["title"] = "Training <img src=x onerror=alert(1)>"


def _set_note(data: dict) -> None:
    data["questions"][0]["errata"][0]["note"] = BAD


def _set_replace(data: dict) -> None:
    data["questions"][0]["errata"][0]["replace"] = "It is computed [in parallel](javascript:alert(1))."


@pytest.mark.parametrize(
    "edit, key",
    [(_set_point, "overfitting.points.1"), (_set_answer, "monitoring.answer")],
)
def test_additions_refuse_hostile_text_with_its_line(edit: Any, key: str):
    curated = load_curated((GOLDEN / "questions.yml").read_text(encoding="utf-8"), "data/questions.yml")
    text = _edited_yaml(GOLDEN / "additions.yml", edit)
    message = _refusal(lambda: load_additions(text, "data/additions.yml", curated))
    line = _line_of(text, "onclick")
    assert re.search(rf"^data/additions\.yml:{line}: error: {re.escape(key)}: braces", message, re.M), message
    assert "\n  fix: " in message


@pytest.mark.parametrize(
    "edit, key, needle",
    [
        (_set_description, "sections.1.description", "onclick"),
        (_set_title, "sections.1.title", "onerror"),
        (_set_note, "questions.0.errata.0.note", "onclick"),
        (_set_replace, "questions.0.errata.0.replace", "javascript"),
    ],
)
def test_questions_refuse_hostile_text_with_its_line(edit: Any, key: str, needle: str):
    text = _edited_yaml(GOLDEN / "questions.yml", edit)
    message = _refusal(lambda: load_curated(text, "data/questions.yml"))
    assert re.search(rf"^data/questions\.yml:{_line_of(text, needle)}: error: {re.escape(key)}: ", message, re.M), (
        message
    )
    assert "not allowed" in message and "\n  fix: " in message


def test_glossary_refuses_a_hostile_definition_with_its_line():
    def edit(data: dict) -> None:
        data["terms"][0]["guide"] = "Weighing positions ![x](https://example.com/t.png)."

    text = _edited_yaml(GOLDEN / "glossary.yml", edit)
    message = _refusal(lambda: load_glossary(text, "data/glossary.yml"))
    assert f"data/glossary.yml:{_line_of(text, '![x]')}: error: terms.0.guide: an image" in message
    assert "\n  fix: " in message


def test_the_real_curated_files_keep_to_the_grammar():
    """Every text field of every curated file, the two not yet rendered included."""
    problems: list[str] = []

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}.{index}")
        elif isinstance(node, str) and not where.endswith(".find"):  # find quotes the source
            problem = check_guide_text(node)
            if problem:
                problems.append(f"{where}: {problem}")

    for name in ("additions", "questions", "glossary", "follow-ups", "guide-questions"):
        walk(yaml.safe_load((ROOT / "data" / f"{name}.yml").read_text(encoding="utf-8")), f"{name}.yml:")
    assert problems == []


# ---------------------------------------------------------------- whatever is accepted renders safely


@cache
def _extensions() -> tuple[list[str], dict]:
    config = read_config(ROOT / "mkdocs.yml", resolve_tags=False)
    names, configs = [], {}
    for item in config["markdown_extensions"]:
        name, options = (item, {}) if isinstance(item, str) else next(iter(item.items()))
        names.append(name)
        configs[name] = options or {}
    return names, configs


def _page_html(page: str) -> BeautifulSoup:
    names, configs = _extensions()
    body = page.split("\n---\n", 1)[1]
    return BeautifulSoup(markdown.Markdown(extensions=names, extension_configs=configs).convert(body), "html.parser")


SCRIPT_TAGS = ("script", "iframe", "object", "embed", "frame", "base", "form", "meta", "link", "style", "svg", "math")
SCRIPT_URL_RE = re.compile(r"^\s*(?:javascript|vbscript|data|file):", re.I)


def _template_form(tag) -> bool:
    """The Review page's study-plan form: the template's own, with no action (review.js handles it)."""
    return tag.name == "form" and "guide-review__plan" in (tag.get("class") or []) and not tag.get("action")


def script_capable(soup: BeautifulSoup) -> list[str]:
    """Every element, attribute or address in ``soup`` that could run script or fetch from elsewhere."""
    found = []
    for tag in soup.find_all(True):
        if tag.name in SCRIPT_TAGS and not _template_form(tag):
            found.append(f"<{tag.name}>")
        if tag.name == "img" and not str(tag.get("src", "")).startswith(("../", "./", "assets/")):
            found.append(f"<img src={tag.get('src')!r}>")
        for attribute, value in tag.attrs.items():
            values = value if isinstance(value, list) else [value]
            if attribute.lower().startswith("on"):
                found.append(f"{attribute}= on <{tag.name}>")
            if attribute.lower() in ("href", "src", "action", "formaction", "xlink:href", "srcset") and any(
                SCRIPT_URL_RE.match(html.unescape(str(v))) or str(v).lstrip().startswith("//") for v in values
            ):
                found.append(f"{attribute}={value!r} on <{tag.name}>")
    return found


WORDS = st.sampled_from(("word", "the model", "attention", "3 < 4", "a & b", "50%", "x_y", "(a, b)", "colon:"))
URLS = st.sampled_from(
    (
        "https://example.com/a",
        "../training/overfitting.md",
        "overfitting.md#top",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "//evil.example/x",
        "data:text/html,x",
        "vbscript:x",
        "http://example.com",
        "&#106;avascript:alert(1)",
        "java\tscript:alert(1)",
        "<javascript:alert(1)>",
        "https://example.com/a onclick=alert(1)",
        'https://example.com/"onmouseover="alert(1)',
    )
)
FRAGMENTS = st.sampled_from(
    (
        "{: onclick=alert(1) }",
        "{ onmouseover=alert(1) }",
        "{#id}",
        "<img src=x onerror=alert(1)>",
        "<script>alert(1)</script>",
        "<a href='javascript:x'>a</a>",
        "< script>",
        "<!-- x -->",
        "![img](https://example.com/x.png)",
        "![img](x.png)",
        "&#60;script&#62;",
        "&lt;script&gt;",
        "[sound:x.mp3]",
        "[latex]x[/latex]",
        "\\(x\\)",
        "[ref]: https://example.com",
        "[ref]",
        "\n\n!!! note\n    x",
        "\n\n    indented code",
        "*[HTML]: Hyper Text",
        "<https://example.com>",
        "javascript:alert(1)",
        "`{: onclick=x }`",
        "`<script>`",
        "++ctrl++",
        "*emphasis*",
        "**strong**",
        "[",
        "]",
        "(",
        "`",
        "\\",
    )
)
TOKEN = st.one_of(
    WORDS,
    WORDS,
    FRAGMENTS,
    st.builds(lambda text, url: f"[{text}]({url})", WORDS, URLS),
    st.builds(lambda text: f"`{text}`", WORDS),
)
GUIDE_TEXT = st.lists(TOKEN, min_size=1, max_size=6).map(" ".join).map(str.strip).filter(bool)


def _site_with(text: str) -> dict[str, str]:
    """The golden site with ``text`` as a point, a guide answer, a section description and an erratum's note."""

    def additions(data: dict) -> None:
        data["overfitting"]["points"][0] = text
        data["monitoring"]["answer"] = text

    def questions(data: dict) -> None:
        data["sections"][1]["description"] = text
        data["questions"][0]["errata"][0]["note"] = text

    def glossary(data: dict) -> None:
        data["terms"][0]["guide"] = text

    texts = Texts(
        source=(GOLDEN / "source.txt").read_text(encoding="utf-8"),
        curated=_edited_yaml(GOLDEN / "questions.yml", questions),
        additions=_edited_yaml(GOLDEN / "additions.yml", additions),
        glossary=_edited_yaml(GOLDEN / "glossary.yml", glossary),
    )
    return build(texts).files


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(GUIDE_TEXT)
def test_accepted_guide_text_renders_with_no_script_anywhere(text: str):
    problem = check_guide_text(text)
    if problem is not None:
        event("refused")
        with pytest.raises((GuideError, GuideErrors)):
            _site_with(text)
        return
    event("accepted")
    files = _site_with(text)
    for path, page in files.items():
        if path.endswith(".md"):
            soup = _page_html(page)
            assert script_capable(soup) == [], (path, text)
    deck = anki.make_package(yaml.safe_load(files[DECK_DATA]), "Guide", "https://example.com/guide/")
    for sub in deck.decks:
        assert script_capable(BeautifulSoup(sub.description, "html.parser")) == [], text
        for note in sub.notes:
            for field in note.fields:
                assert script_capable(BeautifulSoup(field, "html.parser")) == [], text
                assert "[sound:" not in field and "[latex]" not in field and "\\(" not in field, field


# ---------------------------------------------------------------- the source's Anki markup and the deck's description


def test_the_sources_anki_markup_reaches_the_deck_as_text():
    source = (GOLDEN / "source.txt").read_text(encoding="utf-8")
    hostile = "Attention lets [sound:boom.mp3] and [latex]x[/latex] and \\(x^2\\) and \\[y\\] stay text."
    source = source.replace("Attention lets every token weigh every other token.", hostile, 1)
    assert hostile in source
    site = merge(
        Texts(
            source=source,
            curated=(GOLDEN / "questions.yml").read_text(encoding="utf-8"),
            additions=(GOLDEN / "additions.yml").read_text(encoding="utf-8"),
        )
    ).site
    notes = anki.collect_notes(anki.deck_data(site), "Guide", "https://example.com/")
    (answer,) = [n.fields[anki.FIELDS.index("Answer")] for n in notes if "boom.mp3" in n.fields[1]]
    assert "[sound:" not in answer and "[latex]" not in answer and "\\(" not in answer and "\\[" not in answer
    # A browser shows what the source printed (the word joiner aside).
    shown = BeautifulSoup(answer, "html.parser").get_text().replace(anki.WORD_JOINER, "")
    assert hostile in shown


def test_the_decks_description_is_text():
    data = {
        "sections": [{"title": "Concepts", "description": "<img src=x onerror=alert(1)> [sound:x.mp3]"}],
        "notes": [],
    }
    (parent, concepts) = anki.make_package(data, "Guide", "https://example.com/").decks
    assert "<img" not in concepts.description and "[sound:" not in concepts.description
    assert BeautifulSoup(concepts.description, "html.parser").get_text() == data["sections"][0]["description"]
    assert script_capable(BeautifulSoup(parent.description, "html.parser")) == []
