"""What a built site contains, read from its files: the pages the browser tests visit.

Everything is derived from the build output (redirect pages, the toolbar's
data attributes, the glossary's ids), so the tests follow whatever
`studyguide generate` produced instead of a hard-coded list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from bs4 import BeautifulSoup, SoupStrainer
from bs4.filter import ElementFilter

# Where a mkdocs-redirects page sends the reader: location.href="<target>"+...
REDIRECT_TARGET = re.compile(r'location\.href="(?P<target>[^"]+)"')
# A short-link page: q/<n>/index.html (directory URLs) or q/<n>.html (offline build).
SHORT_LINK = re.compile(r"^q/(?P<n>\d+)(?:/index)?\.html$")
SECTIONS = ("concepts", "training", "deployment", "ethics")


class _ToolbarAndTitle(ElementFilter):
    """What the question list reads of a page: the study toolbar (its number) and the title; the
    rest is not built into the tree (parsing a whole page took three times as long)."""

    def allow_tag_creation(self, nsprefix, name, attrs) -> bool:
        return name == "h1" or "guide-toolbar" in ((attrs or {}).get("class") or "")

    def allow_string_creation(self, string) -> bool:
        return False


TOOLBAR_AND_TITLE = _ToolbarAndTitle()
# A page's link-preview metadata.
HEAD_METADATA = SoupStrainer(["title", "meta", "link"])


@dataclass(frozen=True)
class Question:
    number: int | str  # the source's number, or the guide's own id ("g3") for a question the source lacks
    url: str  # site-relative, e.g. "concepts/attention-mechanisms/"
    title: str


@dataclass(frozen=True)
class SiteMap:
    root: Path

    def text(self, url: str) -> str:
        """The HTML of the built page at a site-relative URL ("" is the home page)."""
        return self.file_of(url).read_text(encoding="utf-8")

    def soup(self, url: str, only: SoupStrainer | None = None) -> BeautifulSoup:
        """The built page parsed (``only``: just the elements it matches, much faster)."""
        return BeautifulSoup(self.text(url), "html.parser", parse_only=only)

    def file_of(self, url: str) -> Path:
        path = self.root / url
        return path / "index.html" if url == "" or url.endswith("/") else path

    @cached_property
    def short_links(self) -> dict[int, str]:
        """Question number -> site-relative URL of the page its /q/<n>/ link opens."""
        links = {}
        for page in sorted((self.root / "q").rglob("*.html")):
            rel = page.relative_to(self.root).as_posix()
            match = SHORT_LINK.match(rel)
            if not match:
                continue
            target = REDIRECT_TARGET.search(page.read_text(encoding="utf-8"))
            assert target, f"{rel} is not a redirect page"
            resolved = (page.parent / target["target"]).resolve().relative_to(self.root.resolve())
            links[int(match["n"])] = resolved.as_posix().rstrip("/") + ("/" if not resolved.suffix else "")
        return links

    @cached_property
    def questions(self) -> list[Question]:
        """Every question page: number, URL and its title (the page's h1)."""
        found = []
        for page in sorted(self.root.rglob("index.html")):
            rel = page.parent.relative_to(self.root).as_posix()
            if rel.split("/")[0] not in SECTIONS or rel in SECTIONS:
                continue
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser", parse_only=TOOLBAR_AND_TITLE)
            toolbar = soup.select_one(".guide-toolbar[data-question]")
            if toolbar is None:
                continue
            heading = soup.select_one("h1")  # a page's one h1 is its article's title
            for permalink in heading.select(".headerlink"):
                permalink.decompose()
            title = " ".join(heading.get_text().split())
            ident = toolbar["data-question"]
            found.append(Question(int(ident) if ident.isdigit() else ident, rel + "/", title))
        # The source's questions by number, then the guide's own by id (g1, g2, ... g10).
        return sorted(
            found, key=lambda q: (0, q.number, "") if isinstance(q.number, int) else (1, len(q.number), q.number)
        )

    @cached_property
    def by_number(self) -> dict[int | str, Question]:
        return {q.number: q for q in self.questions}

    @cached_property
    def by_url(self) -> dict[str, Question]:
        return {q.url: q for q in self.questions}

    @cached_property
    def sections(self) -> list[str]:
        return [f"{s}/" for s in SECTIONS if (self.root / s / "index.html").is_file()]

    @cached_property
    def notebooks(self) -> list[str]:
        return sorted(
            p.parent.relative_to(self.root).as_posix() + "/" for p in (self.root / "notebooks").glob("*/index.html")
        )

    @cached_property
    def glossary_terms(self) -> list[str]:
        """The ids of the glossary's terms, e.g. "term-self-attention", and the older anchors kept
        on a headword or on a key point that is not a term (e.g. "term-bleu-score", "term-accuracy")."""
        soup = self.soup("glossary/")
        return [tag["id"] for tag in soup.select("article [id]") if tag["id"].startswith("term-")]

    @cached_property
    def all_pages(self) -> list[str]:
        """Every content page: home, sections, questions, glossary, tags, notebooks."""
        pages = ["", *self.sections, *(q.url for q in self.questions), "glossary/", *self.notebooks]
        if (self.root / "tags" / "index.html").is_file():
            pages.append("tags/")
        return pages
