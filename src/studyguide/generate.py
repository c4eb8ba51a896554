"""The generator's pipeline, end to end: read the inputs, run the pure stages, plan and write.

:func:`build` is the pure pipeline: the inputs' texts (:class:`Texts`, read from a
project by :func:`read_texts` or written by a test) -> parsed inputs -> merged site ->
every generated file in memory. :func:`run` is what the command line and the serve
hook do with it: lock, read, build, then write what changed. Nothing is written
before everything has been rendered.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from studyguide.errors import GuideError
from studyguide.inputs.curated import (
    Additions,
    CuratedData,
    UrlRecordFile,
    load_additions,
    load_curated,
    load_url_record,
)
from studyguide.inputs.glossary import GlossaryData, load_glossary
from studyguide.inputs.guide import FollowUpData, GuideQuestionsFile, load_follow_ups, load_guide_questions
from studyguide.inputs.located import Located
from studyguide.inputs.search_terms import SearchData, load_search_data
from studyguide.inputs.source import decode_source, merge_duplicates, parse_document
from studyguide.model import Question, Site
from studyguide.outputs.anki import render_deck_data
from studyguide.outputs.pages import render_site
from studyguide.pipeline.glossary import Glossary, build_glossary
from studyguide.pipeline.merge import merge_questions
from studyguide.project import Project
from studyguide.write import Plan, plan_writes, project_lock, write_outputs

# The URL record and the deck's content, relative to the project root (see Project.urls, Project.deck_data).
URL_RECORD = "data/urls.yml"
DECK_DATA = "generated/anki.json"


@dataclass(frozen=True)
class Rendered:
    """Every generated file in memory, with a one-line summary and the warnings of the run."""

    files: dict[str, str]
    summary: str
    warnings: tuple[str, ...]


def read_text(project: Project, path: Path, *, required: bool = True) -> str | None:
    """Read a UTF-8 input file, with a located error when it is missing, unreadable or not text."""
    if not path.exists() and not required:
        return None
    if not path.exists():
        raise GuideError(project.display(path), None, "file not found", "check the path")
    if not path.is_file():
        raise GuideError(project.display(path), None, "is not a regular file", "give the path of a text file")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise GuideError(
            project.display(path), None, f"cannot read: {error.strerror}", "check the file's permissions"
        ) from None
    return decode_source(data, project.display(path))


def notebook_titles(project: Project) -> dict[str, str]:
    """Each notebook's slug (file stem) and title (its first Markdown heading)."""
    titles: dict[str, str] = {}
    for path in sorted(project.notebooks.glob("*.ipynb")):
        title = path.stem.replace("-", " ").capitalize()
        try:
            notebook = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise GuideError(project.display(path), None, f"not a readable notebook: {exc}") from None
        cells = notebook.get("cells", []) if isinstance(notebook, dict) else None
        if not isinstance(cells, list):
            raise GuideError(project.display(path), None, "not a notebook: no list of cells")
        for cell in cells:
            if not isinstance(cell, dict):
                continue
            source = cell.get("source", [])
            source = source if isinstance(source, str) else "".join(map(str, source))
            if cell.get("cell_type") == "markdown" and source.lstrip().startswith("# "):
                title = source.lstrip()[2:].splitlines()[0].strip()
                break
        titles[path.stem] = title
    return titles


@dataclass(frozen=True)
class Texts:
    """The text of every input of a run, with the name each has in messages.

    The one input to :func:`build`: read from a project by :func:`read_texts`, or
    written in memory by a test. An input that is None is absent: no URL record yet,
    no guide additions, no glossary (an empty one, with no warnings), or no notebook
    folder (``notebooks``: slug -> title; the notebooks questions name are then not checked).
    """

    source: str
    curated: str
    additions: str | None = None
    urls: str | None = None
    glossary: str | None = None
    notebooks: dict[str, str] | None = None
    guide_questions: str | None = None
    follow_ups: str | None = None
    search: str | None = None
    source_name: str = "source.txt"
    curated_name: str = "questions.yml"
    additions_name: str = "additions.yml"
    urls_name: str = "urls.yml"
    glossary_name: str = "glossary.yml"
    guide_questions_name: str = "guide-questions.yml"
    follow_ups_name: str = "follow-ups.yml"
    search_name: str = "search.yml"


@dataclass(frozen=True)
class Inputs:
    """Every input of a run, parsed and checked on its own, each knowing its file and lines."""

    questions: list[Question]
    source_name: str
    curated: Located[CuratedData]
    additions: Located[Additions] | None
    record: Located[UrlRecordFile]
    glossary: Located[GlossaryData] | None
    notebooks: dict[str, str]
    guide: Located[GuideQuestionsFile] | None = None
    follow_ups: Located[dict[str, list[FollowUpData]]] | None = None
    search: Located[SearchData] | None = None


@dataclass(frozen=True)
class Merged:
    """The merged site model, before rendering: what the pages, the deck and the PDF are made from."""

    site: Site
    source_name: str
    notebooks: dict[str, str]
    glossary: Glossary
    search: SearchData | None = None


def read_texts(project: Project, source: Path | None = None) -> Texts:
    """Read every input file of a project (the source may be another document)."""
    source = source or project.source
    return Texts(
        source=read_text(project, source),
        curated=read_text(project, project.curated),
        additions=read_text(project, project.additions),
        urls=read_text(project, project.urls, required=False),
        glossary=read_text(project, project.glossary),
        notebooks=notebook_titles(project),
        guide_questions=read_text(project, project.guide_questions, required=False),
        follow_ups=read_text(project, project.follow_ups, required=False),
        search=read_text(project, project.search_terms, required=False),
        source_name=project.display(source),
        curated_name=project.display(project.curated),
        additions_name=project.display(project.additions),
        urls_name=project.display(project.urls),
        glossary_name=project.display(project.glossary),
        guide_questions_name=project.display(project.guide_questions),
        follow_ups_name=project.display(project.follow_ups),
        search_name=project.display(project.search_terms),
    )


def parse_inputs(texts: Texts) -> Inputs:
    """Parse and check every input on its own; raises GuideError(s) on bad input."""
    questions = merge_duplicates(parse_document(texts.source, texts.source_name), texts.source_name)
    curated = load_curated(texts.curated, texts.curated_name)
    additions = None if texts.additions is None else load_additions(texts.additions, texts.additions_name, curated)
    record = load_url_record(texts.urls, texts.urls_name)
    glossary = None if texts.glossary is None else load_glossary(texts.glossary, texts.glossary_name)
    guide = None
    if texts.guide_questions is not None:
        guide = load_guide_questions(texts.guide_questions, texts.guide_questions_name, curated)
    follow_ups = None
    if texts.follow_ups is not None:
        follow_ups = load_follow_ups(texts.follow_ups, texts.follow_ups_name, curated, guide)
    if texts.notebooks is not None:
        check_notebooks(curated, texts.notebooks)
    search = None if texts.search is None else load_search_data(texts.search, texts.search_name)
    return Inputs(
        questions,
        texts.source_name,
        curated,
        additions,
        record,
        glossary,
        texts.notebooks or {},
        guide,
        follow_ups,
        search,
    )


def check_notebooks(curated: Located[CuratedData], notebooks: dict[str, str]) -> None:
    """Every notebook a question names exists."""
    for index, data in enumerate(curated.data.questions):
        if data.notebook and data.notebook not in notebooks:
            raise curated.error(
                ("questions", index, "notebook"),
                f"{data.slug!r} names the notebook {data.notebook!r}, "
                f"but notebooks/{data.notebook}.ipynb does not exist",
                f"use one of: {', '.join(notebooks) or '(no notebooks found)'}",
            )


def merge(inputs: Inputs | Texts) -> Merged:
    """Join the inputs into the site model (entries and glossary); raises GuideError(s) on bad input."""
    if isinstance(inputs, Texts):
        inputs = parse_inputs(inputs)
    site = merge_questions(
        inputs.questions,
        inputs.curated,
        inputs.record,
        inputs.additions,
        inputs.source_name,
        guide=inputs.guide,
        follow_ups=inputs.follow_ups,
    )
    glossary = Glossary()
    if inputs.glossary is not None:
        known = {data.slug for data in inputs.curated.data.questions}
        if inputs.guide is not None:
            known |= {item.slug for item in inputs.guide.data.questions}
        glossary = build_glossary(site, inputs.glossary, known)
    search = None if inputs.search is None else inputs.search.data
    return Merged(site, inputs.source_name, inputs.notebooks, glossary, search)


def render(merged: Merged) -> Rendered:
    """Every generated file of a merged site, in memory."""
    site, glossary = merged.site, merged.glossary
    files = render_site(site, merged.source_name, merged.notebooks, glossary, merged.search)
    files[DECK_DATA] = render_deck_data(site, merged.source_name)
    summary = f"{len(site.entries)} questions in {len(site.sections)} sections, {len(files)} generated files"
    return Rendered(files, summary, tuple(site.warnings) + glossary.warnings)


def build(inputs: Inputs | Texts) -> Rendered:
    """The whole pure pipeline: inputs (texts or parsed) -> every generated file, in memory."""
    return render(merge(inputs))


def merge_project(project: Project, source: Path | None = None) -> Merged:
    """Read a project's inputs and merge them."""
    return merge(read_texts(project, source))


def render_project(project: Project, source: Path | None = None) -> Rendered:
    """Read a project's inputs and run every pure stage; raises GuideError(s) on bad input."""
    return build(read_texts(project, source))


def plan(project: Project, rendered: Rendered) -> Plan:
    """What writing ``rendered`` would change in the project."""
    return plan_writes(project.root, rendered.files)


@dataclass(frozen=True)
class Run:
    """One run over a project: what was rendered, and what differed on disk (written, unless checking)."""

    rendered: Rendered
    changes: Plan


def run(
    project: Project,
    *,
    source: Path | None = None,
    write: bool = True,
    record_urls: bool = True,
    on_wait: Callable[[], None] | None = None,
    on_rendered: Callable[[Rendered], None] | None = None,
) -> Run:
    """Lock, read, merge, render, then write what changed: the one way a project is generated.

    Every check is made before the first write. ``write=False`` only plans (``studyguide check``);
    ``record_urls=False`` leaves data/urls.yml alone (under ``mkdocs serve`` every save is a
    run, and a half-typed title must not become a published URL; `studyguide generate`
    records URLs). ``on_rendered`` sees the output (its warnings) before anything is written.
    """
    with project_lock(project.root, on_wait=on_wait):
        rendered = render_project(project, source)
        if not record_urls:
            rendered = without_url_record(rendered)
        if on_rendered is not None:
            on_rendered(rendered)
        changes = plan(project, rendered)
        if write and changes.changes:
            write_outputs(project.root, rendered.files, changes)
    return Run(rendered, changes)


def check_deck_data(project: Project) -> None:
    """generated/anki.json is what the inputs give now: a deck is never packaged from stale content."""
    fresh = render_project(project).files[DECK_DATA]
    path = project.deck_data
    current = path.read_bytes() if path.is_file() and not path.is_symlink() else None
    if current != fresh.encode("utf-8"):
        raise GuideError(
            project.display(path),
            None,
            "the deck's content is " + ("missing" if current is None else "stale: the inputs have changed since"),
            "run `studyguide generate`, then make the deck again",
        )


def without_url_record(rendered: Rendered) -> Rendered:
    """The same output minus data/urls.yml."""
    files = {path: text for path, text in rendered.files.items() if path != URL_RECORD}
    return Rendered(files, rendered.summary, rendered.warnings)
