"""The generator's promise under any input: publish every question correctly, or stop cleanly.

A property-based test (Hypothesis) over generated documents: titles in any script,
odd numbers, Markdown and extension syntax in prose and code, long tokens, and
hazards (signed numbers, reused numbers, unclosed fences). For each document the
pipeline either publishes every question (one page per distinct title, every
source line's text on its page, no source text turned into markup) or raises a
located GuideError. Most examples are checked in memory (the pages converted with
the same Markdown extensions as the site); a few run the real command line.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup
from guide_testing import ROOT, run_generate, snapshot
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from studyguide.errors import GuideError, GuideErrors
from studyguide.generate import DECK_DATA, Texts, build, merge
from studyguide.inputs.config import read_config
from studyguide.inputs.source import (
    FENCE_RE,
    QUESTION_RE,
    normalize_title,
    parse_document,
    split_lines,
)
from studyguide.model import CodeBlock, KeyPoint, Paragraph, Subheading

# A curated file with the real sections and no questions: every question is placed by keyword.
CURATED = yaml.safe_dump({"sections": yaml.safe_load((ROOT / "data" / "questions.yml").read_text())["sections"]})


def use_curated(project: Path, curated: str = CURATED) -> None:
    """Give a project copy ``curated`` with no questions, and the guide's own data to match:
    no additions or follow-ups (they are keyed by curated question), no guide questions (their
    tags and related questions are the curated file's) and a glossary of no headwords."""
    (project / "data" / "questions.yml").write_text(curated, encoding="utf-8")
    (project / "data" / "additions.yml").write_text("{}\n", encoding="utf-8")
    (project / "data" / "glossary.yml").write_text("terms: []\n", encoding="utf-8")
    (project / "data" / "follow-ups.yml").write_text("{}\n", encoding="utf-8")
    (project / "data" / "guide-questions.yml").write_text("questions: []\n", encoding="utf-8")


# Syntax of Markdown and of every enabled extension, as a careless or hostile author might type it.
SYNTAX = (
    "!!! danger", "??? note", "???+ tip", ":   x", "++ctrl+alt++", '--8<-- "abbreviations.md"', "--8<--",
    "*[HTML]: Hyper Text", "{: .big }", "{ #id }", "~~~", "---", "***", "# h", "> quote", "- item", "+ item",
    "1. one", "<b>bold</b>", "<u>under</u>", "<u>", "</u>", "&amp;", "&copy;", "`code`", "[link](x.md)",
    "![img](y.png)", "<!-- c -->", "| a | b |", "=== \"Tab\"", "\\", "$x$", "[TOC]", "<script>alert(1)</script>",
    "{{ jinja }}", "{% raw %}", "<div markdown>", "</div>", "[^1]", "    indented", "==mark==", "~~del~~",
)  # fmt: skip
SCRIPTS = ("Что такое LLM", "Τι είναι", "什么是大语言模型", "🤖🚀", "🤖", "日本語", "עברית", "ﷺ", "Ǆemal")
LETTERS = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Co", "Cn"))
WORD = st.one_of(
    st.text(LETTERS, min_size=1, max_size=10),
    st.sampled_from(SYNTAX),
    st.sampled_from(SCRIPTS),
    st.sampled_from(("a\u2028b", "x\u2029y", "\u0085", "\u00a0", "\ufeff")),
)
# Long tokens (a word of thousands of characters), now and then.
LONG = st.builds(lambda c, n: c * n, st.sampled_from("ab-_:=+!?~*"), st.integers(200, 2000))
LINE = st.lists(WORD, min_size=1, max_size=8).map(" ".join).map(str.strip).filter(bool)
PROSE = st.one_of(LINE, LINE, LINE, st.tuples(LINE, LONG).map(" ".join))
NUMBER = st.one_of(st.integers(0, 99), st.integers(10_000, 10**12), st.integers(10**20, 10**40))


@st.composite
def documents(draw: st.DrawFn) -> str:
    """A document of 1-6 questions, with a chance of hazards that must be refused cleanly."""
    count = draw(st.integers(1, 6))
    numbers = draw(st.lists(NUMBER, min_size=count, max_size=count, unique=True))
    out: list[str] = []
    for number in numbers:
        title = draw(st.one_of(LINE, st.sampled_from(SCRIPTS), st.sampled_from(("Index", "Q", "Tags", "Search"))))
        out += [f"{draw(st.sampled_from(('', '0', '00')))}{number}. {title}", ""]
        for _ in range(draw(st.integers(1, 4))):
            kind = draw(st.sampled_from(("prose", "prose", "point", "code")))
            if kind == "code":
                body = draw(st.lists(st.one_of(LINE, st.just('--8<-- "abbreviations.md"'), st.just("")), max_size=4))
                body = [line for line in body if not FENCE_RE.match(line)]
                out += ["```" + draw(st.sampled_from(("", "python", "c++"))), *body, "```", ""]
            elif kind == "point":
                out += [f"{draw(st.sampled_from(('Term', '<u>Term:</u>', 'Key idea', 'Ω')))}: {draw(LINE)}", ""]
            else:
                out += [draw(PROSE), ""]
    if draw(st.integers(0, 2)) == 1:  # about a third (Hypothesis favours the ends of a range)
        hazard = draw(st.sampled_from(("```", f"{numbers[0]}. A different title", "-3. Negative?", "```python")))
        out.insert(draw(st.integers(0, len(out))), hazard)
    return "\n".join(out) + draw(st.sampled_from(("\n", "\r\n", "")))


def render_document(text: str) -> tuple[dict[str, str], tuple[str, ...]]:
    """The pipeline over a document: rendered pages and warnings (raises GuideError(s))."""
    rendered = build(Texts(source=text, curated=CURATED, source_name="doc.txt"))
    return {path: text for path, text in rendered.files.items() if path != DECK_DATA}, rendered.warnings


@cache
def extensions() -> tuple[list[str], dict]:
    """The Markdown extensions of mkdocs.yml, with their settings."""
    config = read_config(ROOT / "mkdocs.yml", resolve_tags=False)
    names, settings_ = [], {}
    for item in config["markdown_extensions"]:
        name, options = (item, {}) if isinstance(item, str) else next(iter(item.items()))
        names.append(name)
        settings_[name] = options or {}
    return names, settings_


def to_html(page: str, abbreviations: dict[str, str]) -> BeautifulSoup:
    """A generated page's Markdown (front matter dropped) as the site's extensions render it."""
    names, configs = extensions()
    configs = {**configs, "abbr": {"glossary": abbreviations}}
    body = page.split("\n---\n", 1)[1]
    return BeautifulSoup(markdown.Markdown(extensions=names, extension_configs=configs).convert(body), "html.parser")


def visible(text: str) -> str:
    """Text as a reader compares it: <u> pairs as their words, colons dropped, whitespace collapsed."""
    text = re.sub(r"<u>(.+?)</u>", lambda m: m.group(1) if m.group(1).strip() else m.group(0), text)
    return " ".join(text.replace(":", " ").split())


def closes(line: str) -> bool:
    """Whether a line closes a code fence (a fence naming no language)."""
    fence = FENCE_RE.match(line.rstrip())
    return bool(fence) and not fence.group("language")


def check_published(text: str, files: dict[str, str]) -> None:
    """Every question has its page, and every line of the source is on it, as text."""
    questions = parse_document(text, "doc.txt")
    site = yaml.safe_load(files["generated/site.yml"])
    pages = {path: page for path, page in files.items() if re.fullmatch(r"docs/[^/]+/(?!index\.md)[^/]+\.md", path)}
    assert len(pages) == len({normalize_title(q.title) for q in questions})
    # Every non-blank line outside code is a question's title or one of its blocks.
    lines = split_lines(text)
    covered: set[int] = set()
    for question in questions:
        covered.add(question.line)
        for block in question.blocks:
            covered.add(block.line)
            if isinstance(block, CodeBlock):
                close = next(n for n in range(block.line + 1, len(lines) + 1) if closes(lines[n - 1]))
                covered.update(range(block.line, close + 1))
    assert {n for n, line in enumerate(lines, 1) if line.strip()} <= covered
    for question in questions:
        path = "docs/" + site["redirects"][f"q/{question.number}.md"]
        soup = to_html(pages[path], site["abbreviations"])
        shown = " ".join(soup.get_text(" ").replace(":", " ").split())
        assert visible(question.title) in " ".join(soup.h1.get_text(" ").replace(":", " ").split())
        # A question printed twice shows a block of the second copy once if the first has it in other punctuation.
        merged = [q for q in questions if normalize_title(q.title) == normalize_title(question.title)]

        page_words = normalize_title(soup.get_text(" "))

        twice = len(merged) > 1

        def on_page(text: str, shown: str = shown, twice: bool = twice, words: str = page_words) -> bool:
            return visible(text) in shown or (twice and normalize_title(text) in words)

        for block in question.blocks:
            if isinstance(block, CodeBlock):
                # Pygments drops a sample's leading and trailing blank lines, which say nothing.
                # (and a leading byte-order mark, an invisible character).
                code = block.code.expandtabs(4).strip("\n").lstrip("\ufeff")
                assert any(code in pre.get_text() for pre in soup.find_all("pre")) or (len(merged) > 1), block
            elif isinstance(block, KeyPoint):
                assert on_page(block.term) and on_page(block.definition), block
            else:
                assert on_page(block.text), block
        # No source text became markup: only the guide's own blocks are there.
        key_points = sum(isinstance(b, KeyPoint) for q in merged for b in q.blocks)
        codes = sum(isinstance(b, CodeBlock) for q in merged for b in q.blocks)
        distinct = len({(b.term, b.definition) for q in merged for b in q.key_points})
        assert distinct <= len(soup.select("dt")) <= key_points
        assert len(soup.select("pre")) <= codes
        # A question printed more than once folds its later copies away in one details block.
        assert not soup.select("div.admonition")
        assert len(soup.select("details")) == len(merged) - 1
        assert not soup.select("details details, kbd, hr, script, img, table, blockquote, ol, ul, h1 ~ h1")
        subheadings = {visible(b.text) for q in merged for b in q.blocks if isinstance(b, Subheading)}
        assert len(soup.select("h2")) <= len(subheadings) + 1  # + "Related questions", which is not there
        assert not any(isinstance(b, Paragraph) and "\n" in b.text for b in question.blocks)


@settings(
    max_examples=75,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(documents())
def test_any_document_publishes_every_question_or_fails_cleanly(text: str):
    try:
        files, _ = render_document(text)
    except (GuideError, GuideErrors) as error:
        errors = error.errors if isinstance(error, GuideErrors) else [error]
        event("refused: " + errors[0].message.split("(")[0][:40])
        for item in errors:
            assert str(item).startswith("doc.txt:") and ": error: " in str(item) and item.hint, str(item)
            assert 1 <= item.line <= len(split_lines(text)) + 1
        return
    event("published")
    check_published(text, files)


@settings(max_examples=4, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
@given(documents())
def test_generated_documents_through_the_command_line(tmp_path_factory: pytest.TempPathFactory, text: str):
    from guide_testing import copy_project

    project = copy_project(tmp_path_factory.mktemp("property") / "project")
    (project / "data" / "urls.yml").unlink()  # a new site: nothing published yet
    use_curated(project)
    document = project.parent / "doc.txt"
    document.write_bytes(text.encode("utf-8"))
    before = snapshot(project)
    result = run_generate(project, "--source", str(document))
    assert "Traceback" not in result.stdout + result.stderr
    if result.returncode != 0:
        assert re.search(r"doc\.txt:\d+: error: ", result.stderr) and "fix:" in result.stderr, result.stderr
        assert snapshot(project) == before
        return
    files = {
        p.relative_to(project).as_posix(): p.read_text(encoding="utf-8")
        for p in [*project.glob("docs/*/*.md"), project / "generated" / "site.yml"]
        if p.is_file()
    }
    check_published(text, files)
    assert run_generate(project, "--source", str(document), "--check").returncode == 0
    assert not QUESTION_RE.match("")  # keep the import honest: the parser's regex is what it tests


# ---------------------------------------------------------------- regressions, one per case of the issue


def pages_of(files: dict[str, str]) -> dict[str, str]:
    return {p: t for p, t in files.items() if re.fullmatch(r"docs/[^/]+/(?!index\.md)[^/]+\.md", p)}


def test_titles_in_any_script_get_distinct_stable_pages():
    titles = ["Что такое LLM?", "Τι είναι το LLM;", "什么是大语言模型？", "🤖🚀", "🤖", "What is an LLM?"]
    text = "".join(f"{n}. {title}\n\nAnswer {n}.\n\n" for n, title in enumerate(titles, start=1))
    files, warnings = render_document(text)
    pages = pages_of(files)
    assert len(pages) == len(titles), sorted(pages)
    slugs = sorted(Path(p).stem for p in pages)
    assert (
        "chto-takoe" in slugs
        and "ti-einai" in slugs
        and "what-is-an-llm" in slugs
        and "shi-yao-shi-da-yu-yan-mo-xing" in slugs
    )
    hashed = [s for s in slugs if s.startswith("question-")]
    assert len(hashed) == 2 and len(set(hashed)) == 2
    assert sum("no letters or digits" in w for w in warnings) == 2
    # Stable: the same titles in another order and with other numbers keep their slugs.
    reordered = "".join(f"{n + 40}. {title}\n\nAnswer.\n\n" for n, title in enumerate(reversed(titles)))
    assert sorted(Path(p).stem for p in pages_of(render_document(reordered)[0])) == slugs


def test_numbers_of_any_size_are_accepted():
    text = (
        "12345. Five digits?\n\nYes.\n\n98765432109876543210. Twenty digits?\n\nAlso.\n\n"
        "007. Leading zeros?\n\nSeven.\n"
    )
    files, _ = render_document(text)
    redirects = yaml.safe_load(files["generated/site.yml"])["redirects"]
    assert {"q/12345.md", "q/98765432109876543210.md", "q/7.md"} <= set(redirects)
    assert len(pages_of(files)) == 3


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("1. First?\n\nOne.\n\n-3. Negative?\n\nThree.\n", 5, "with a sign"),
        ("1. First?\n\nOne.\n\n" + "9" * 101 + ". Huge?\n\nNo.\n", 5, "101 digits"),
        # U+2028 is not a line break: the error is on the line an editor shows.
        ("1. A\u2028B?\n\nAnswer\u2029here.\n\n2. Code?\n\n```\nprint(1)\n", 7, "never closed"),
    ],
)
def test_bad_numbers_and_fences_are_located(text: str, line: int, message: str):
    with pytest.raises(GuideError) as error:
        render_document(text)
    assert error.value.line == line and message in error.value.message and error.value.hint


def test_reserved_slugs_are_made_unique_or_refused():
    files, _ = render_document("1. Index\n\nAn index.\n\n2. Search?\n\nFind.\n\n3. Q\n\nA letter.\n")
    stems = sorted(Path(p).stem for p in pages_of(files))
    assert stems == ["index-2", "q-2", "search-2"]
    assert files["docs/concepts/index.md"].count("section_overview: true") == 1  # the overview is intact
    data = yaml.safe_load(CURATED)
    data["questions"] = [{"slug": "index", "title": "Index", "section": data["sections"][0]["id"]}]
    data["sections"][1]["id"] = "q"
    with pytest.raises(GuideErrors) as errors:
        merge(Texts(source="1. Index\n\nAn index.\n", curated=yaml.safe_dump(data, sort_keys=False)))
    messages = [str(e) for e in errors.value.errors]
    assert any("'index' is reserved" in m and re.match(r"questions\.yml:\d+:", m) for m in messages)
    assert any("section id 'q' is reserved" in m for m in messages)


def test_source_name_and_section_titles_are_escaped():
    data = yaml.safe_load(CURATED)
    # HTML is refused in curated titles (markup.check_guide_text); in code it is text, escaped everywhere.
    data["sections"][0]["title"] = "`<i>Concepts</i>` & `<script>x</script>` < co"
    texts = Texts(
        source="1. What is attention?\n\nIt weighs tokens.\n",
        curated=yaml.safe_dump(data),
        source_name="evil\n--><b>x</b>.txt",
    )
    files = {path: text for path, text in build(texts).files.items() if path != DECK_DATA}
    for path, text in files.items():
        assert "<b>" not in text and "<i>Concepts" not in text and "<script>" not in text, path
        if text.startswith("---\n"):
            yaml.safe_load(text.split("---\n")[1])  # the front matter is still valid YAML
    page = to_html(files["docs/concepts/index.md"], {})
    assert page.h1.get_text().startswith("`<i>Concepts</i>` & `<script>x</script>` < co")


def test_parsing_is_linear_in_the_length_of_a_word():
    import time

    def seconds(size: int) -> float:
        word = "Ab" * (size // 2)
        text = f"1. Title {word}?\n\nTerm: {word}   {word}\n\nProse {word} (BPE) {'  ' * size}x.\n"
        start = time.process_time()  # CPU time: the machine may be busy
        render_document(text)
        return time.process_time() - start

    small, large = seconds(20_000), seconds(200_000)
    # Ten times the text: linear work takes about ten times as long, quadratic a hundred.
    assert large < 30 * max(small, 0.05), (small, large)


NASTY = """\
1. What does !!! danger do in prose?

!!! danger "Not an admonition"

??? note "Not a details block"

A paragraph before a definition.

:   Not a definition

Press ++ctrl+alt++ to see keys that are not keys.

*[HTML]: Not an abbreviation

{: .not-an-attribute }

~~~

---

2. Can code include files?

A code sample that names the snippets syntax:

```python
--8<-- "abbreviations.md"
--8<-- "site.yml"
--8<-- "../mkdocs.yml"
print("done")
```

3. Что такое LLM?

Большая языковая модель.

4. 🤖

A robot.

123456. A big number?

Yes.
"""


def test_syntax_names_and_scale_in_a_real_build(project: Path, tmp_path: Path):
    """One strict build: source syntax shown as text, escaped names and titles, a long section."""
    from guide_testing import build_site

    data = yaml.safe_load(CURATED)
    data["sections"][0]["title"] = "`<i>Concepts</i>` & co"  # HTML is refused in curated text, but not in code
    use_curated(project, yaml.safe_dump(data, sort_keys=False))
    (project / "data" / "urls.yml").unlink()
    many = "".join(f"{1000 + n}. What is attention, case {n}?\n\nAttention case {n}.\n\n" for n in range(105))
    document = tmp_path / "<script>doc-->.txt"
    document.write_text(NASTY + "\n" + many, encoding="utf-8")
    result = run_generate(project, "--source", str(document))
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    built = build_site(project, site)
    assert built.returncode == 0, built.stderr

    def page(path: str) -> BeautifulSoup:
        return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")

    def question_page(number: int) -> BeautifulSoup:
        target = page(f"q/{number}").select_one("meta[http-equiv=refresh]")["content"].split("url=")[-1]
        return page((site / "q" / str(number) / target).resolve().relative_to(site.resolve()).as_posix())

    article = question_page(1).select_one("article")
    text = article.get_text(" ")
    for line in ('!!! danger "Not an admonition"', '??? note "Not a details block"', ":   Not a definition",
                 "++ctrl+alt++", "*[HTML]: Not an abbreviation", "{: .not-an-attribute }", "~~~", "---"):  # fmt: skip
        assert " ".join(line.split()) in " ".join(text.split()), line
    assert not article.select(".admonition, details, dl, kbd, hr, .not-an-attribute")
    code = question_page(2).select_one("article pre").get_text()
    assert '--8<-- "abbreviations.md"\n--8<-- "site.yml"\n--8<-- "../mkdocs.yml"\nprint("done")' in code
    # Titles in any script and numbers of any size have their pages and short links.
    assert (site / "concepts" / "chto-takoe" / "index.html").is_file()
    assert (site / "q" / "4" / "index.html").is_file() and (site / "q" / "123456" / "index.html").is_file()
    # Names and titles reach the HTML escaped.
    for html_file in site.rglob("*.html"):
        raw = html_file.read_text(encoding="utf-8")
        assert "<script>doc" not in raw and "<i>Concepts</i>" not in raw, html_file
    assert page("concepts").h1.get_text().startswith("`<i>Concepts</i>` & co")
    # The long section: listed by its overview in the nav, overview in pages of at most 100.
    question = page("concepts/attention-case-7")
    nav_links = question.select("nav.md-nav--primary a[href]")
    assert len(nav_links) < 30, len(nav_links)
    assert len(page("concepts").select(".guide-item")) == 100
    assert 105 - 100 <= len(page("concepts/page/2").select(".guide-item")) <= 105 + 5 - 100
