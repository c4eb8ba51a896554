"""The generator's pipeline, end to end: read the inputs, run the pure stages, plan and write.

:func:`render_project` runs every pure stage in memory (parse, merge, render);
:func:`generate` and :func:`check` are the two things the command line does
with the result. Nothing is written before everything has been rendered.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from studyguide.errors import GuideError
from studyguide.inputs.curated import UrlRecordFile, load_additions, load_curated, load_url_record
from studyguide.inputs.source import decode_source, merge_duplicates, parse_document
from studyguide.outputs.anki import render_deck_data
from studyguide.outputs.pages import render_site
from studyguide.pipeline.glossary import Glossary, build_glossary, load_glossary
from studyguide.pipeline.merge import Paths, Site, merge_questions
from studyguide.project import Project
from studyguide.write import Plan, plan_writes, write_outputs

# The URL record, relative to the project root (see Project.urls).
URL_RECORD = "data/urls.yml"


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
class Merged:
    """The merged site model, before rendering: what the pages, the deck and the PDF are made from."""

    site: Site
    source_name: str
    notebooks: dict[str, str]
    glossary: Glossary


def merge_project(project: Project, source: Path | None = None) -> Merged:
    """Read the inputs and run parse and merge; raises GuideError(s) on bad input."""
    source = source or project.source
    source_name = project.display(source)
    curated_name, urls_name = project.display(project.curated), project.display(project.urls)
    questions = merge_duplicates(parse_document(read_text(project, source), source_name), source_name)
    curated, curated_lines = load_curated(read_text(project, project.curated), curated_name)
    additions_name = project.display(project.additions)
    additions, additions_lines = load_additions(
        read_text(project, project.additions), additions_name, curated, curated_lines, curated_name
    )
    urls_text = read_text(project, project.urls, required=False)
    record, record_lines = load_url_record(urls_text, urls_name) if urls_text else (UrlRecordFile(), {})
    notebooks = notebook_titles(project)
    glossary_name = project.display(project.glossary)
    glossary_data, glossary_lines = load_glossary(read_text(project, project.glossary), glossary_name)
    for index, data in enumerate(curated.questions):
        if data.notebook and data.notebook not in notebooks:
            raise GuideError(
                curated_name,
                curated_lines.get(("questions", index, "notebook")),
                f"{data.slug!r} names the notebook {data.notebook!r}, "
                f"but notebooks/{data.notebook}.ipynb does not exist",
                f"use one of: {', '.join(notebooks) or '(no notebooks found)'}",
            )
    site = merge_questions(
        questions,
        curated,
        curated_lines,
        record,
        record_lines,
        Paths(source_name, curated_name, urls_name, additions_name),
        additions,
        additions_lines,
    )
    glossary = build_glossary(
        site, glossary_data, glossary_lines, glossary_name, {data.slug for data in curated.questions}
    )
    return Merged(site, source_name, notebooks, glossary)


def render_project(project: Project, source: Path | None = None) -> Rendered:
    """Run every pure stage over the project's inputs; raises GuideError(s) on bad input."""
    merged = merge_project(project, source)
    site, glossary = merged.site, merged.glossary
    files = render_site(site, merged.source_name, merged.notebooks, glossary)
    files[project.display(project.deck_data)] = render_deck_data(site, merged.source_name)
    summary = f"{len(site.entries)} questions in {len(site.sections)} sections, {len(files)} generated files"
    return Rendered(files, summary, tuple(site.warnings) + glossary.warnings)


def plan(project: Project, rendered: Rendered) -> Plan:
    """What writing ``rendered`` would change in the project."""
    return plan_writes(project.root, rendered.files)


def generate(project: Project, rendered: Rendered) -> Plan:
    """Write what changed (every check made before the first write); the plan that was carried out.

    Call it holding :func:`~studyguide.write.project_lock`, as the command line and
    the serve hook do.
    """
    changes = plan(project, rendered)
    write_outputs(project.root, rendered.files, changes)
    return changes


def without_url_record(rendered: Rendered) -> Rendered:
    """The same output minus data/urls.yml: under ``mkdocs serve`` every save is a run, and a
    half-typed title must not become a published URL; `studyguide generate` records URLs."""
    files = {path: text for path, text in rendered.files.items() if path != URL_RECORD}
    return Rendered(files, rendered.summary, rendered.warnings)
