"""Where things are in a checkout of the study guide: every path is defined here, once.

A :class:`Project` is rooted at a folder holding ``mkdocs.yml`` and ``source/``.
The command line finds it from the working directory upwards (so it runs from
any folder inside a checkout, or in a copy of one), and falls back to the
checkout this package was installed from (an editable install).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# The folder that holds src/studyguide/ in a checkout.
PACKAGE_CHECKOUT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Project:
    """The paths of one checkout (or copy) of the repository."""

    root: Path

    @property
    def config(self) -> Path:
        """The MkDocs configuration."""
        return self.root / "mkdocs.yml"

    @property
    def source(self) -> Path:
        """The source document, committed verbatim."""
        return self.root / "source" / "llm-interview-questions.txt"

    @property
    def curated(self) -> Path:
        """Curated metadata: sections, slugs, tags, errata, redirects."""
        return self.root / "data" / "questions.yml"

    @property
    def additions(self) -> Path:
        """The guide's own text: strong-answer points, answers, and the review of each question."""
        return self.root / "data" / "additions.yml"

    @property
    def guide_questions(self) -> Path:
        """The guide's own questions, which the source lacks (ids g1, g2, ...)."""
        return self.root / "data" / "guide-questions.yml"

    @property
    def follow_ups(self) -> Path:
        """The guide's follow-up questions for the source's questions, keyed by slug."""
        return self.root / "data" / "follow-ups.yml"

    @property
    def urls(self) -> Path:
        """The record of every published question URL (written by the generator)."""
        return self.root / "data" / "urls.yml"

    @property
    def glossary(self) -> Path:
        """The curated glossary: headwords, their definitions, and the key points that are not terms."""
        return self.root / "data" / "glossary.yml"

    @property
    def search_terms(self) -> Path:
        """Abbreviations and their expansions, which search matches both ways."""
        return self.root / "data" / "search.yml"

    @property
    def notebooks(self) -> Path:
        """The executable notebooks."""
        return self.root / "notebooks"

    @property
    def docs(self) -> Path:
        """The site's pages."""
        return self.root / "docs"

    @property
    def generated(self) -> Path:
        """Generated data read by the build (nav, redirects, abbreviations)."""
        return self.root / "generated"

    @property
    def site_data(self) -> Path:
        """generated/site.yml: navigation, redirects and what the build's search index adds."""
        return self.generated / "site.yml"

    @property
    def deck_data(self) -> Path:
        """generated/anki.json: the Anki deck's content, packaged by the build and `studyguide anki`."""
        return self.generated / "anki.json"

    @property
    def site(self) -> Path:
        """The built site (`make build`, `make test`: site/)."""
        return self.root / "site"

    @property
    def lighthouse(self) -> Path:
        """Lighthouse's command line, installed apart from the tests (npm ci --prefix tools/lighthouse)."""
        return self.root / "tools" / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"

    @property
    def gpt2(self) -> Path:
        """The GPT-2 tokenizer files shipped with the project (MIT)."""
        return self.root / "third_party" / "gpt2"

    @property
    def performance_page(self) -> Path:
        """The hand-written page that holds the benchmark's latest figures."""
        return self.docs / "performance.md"

    def display(self, path: Path) -> str:
        """A path as the user should read it: relative to the root when inside it."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)


def is_project_root(folder: Path) -> bool:
    """Whether ``folder`` looks like a checkout of the guide."""
    return (folder / "mkdocs.yml").is_file() and (folder / "source").is_dir()


def find_project(start: Path | None = None) -> Project:
    """The project containing ``start`` (default: the working directory), else the installed checkout."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if is_project_root(folder):
            return Project(folder)
    return Project(PACKAGE_CHECKOUT)
