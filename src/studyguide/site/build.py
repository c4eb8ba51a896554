"""What the MkDocs build adds to a standard Material build, event by event.

``hooks/guide.py`` is a thin dispatcher: each MkDocs event calls one
method of a single :class:`GuideBuild`. The order of the steps within an event
is written out here, in one place, and the only state carried between events
lives in that object and is reset on every ``on_config`` (``mkdocs serve``
rebuilds in one process).

- under ``mkdocs serve``, regenerate the pages from the source before the build reads them;
- install the generated navigation and redirect map (generated/site.yml);
- publish notebooks/*.ipynb as pages (see :mod:`studyguide.site.notebook_pages`);
- add the Anki deck (:mod:`studyguide.outputs.anki`) as ``downloads/llm-interview-guide.apkg``;
- the printable page, ``print_page.md`` (see :mod:`studyguide.site.print_page`).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from pathspec.gitignore import GitIgnoreSpec

from studyguide.errors import GuideError, GuideErrors
from studyguide.outputs import anki
from studyguide.project import Project
from studyguide.site import print_page
from studyguide.site.notebook_pages import NotebookPages, is_notebook_page, notebook_files
from studyguide.site.print_page import PrintPage
from studyguide.site.search import SearchPages
from studyguide.site.search import write_index as write_search_index

log = logging.getLogger("mkdocs.hooks.studyguide")
# Bad input while serving is reported here, outside the "mkdocs" logger: MkDocs counts
# that logger's warnings and errors under strict mode and aborts the build, and an
# aborted build leaves `mkdocs serve` holding every request until the next good build.
# The last good pages are built instead, so the server keeps answering.
serve_log = logging.getLogger("studyguide.serve")
if not serve_log.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
    serve_log.addHandler(_handler)
    serve_log.propagate = False


def regenerate(project: Project) -> list[str]:
    """Render every page in memory and write those that changed; the paths written.

    Holds the project lock (a `studyguide generate` at the same time waits). Leaves
    data/urls.yml alone: only `studyguide generate` records URLs, so an edit made
    while serving cannot publish a half-typed title. Raises GuideError/GuideErrors
    on bad input, before writing anything.
    """
    from studyguide.generate import Rendered, run

    def warn(rendered: Rendered) -> None:
        for warning in rendered.warnings:
            # Not log.warning: under strict mode that would abort a build the CLI lets through.
            log.info("generate: warning: %s", warning)

    done = run(project, record_urls=False, on_rendered=warn)
    if done.changes.changes:
        log.info("generate: %s; %d file(s) written or removed", done.rendered.summary, len(done.changes.changes))
    return list(done.changes.changes)


def project_of(config: MkDocsConfig) -> Project:
    """The checkout being built: the folder of its mkdocs.yml."""
    return Project(Path(config.config_file_path).resolve().parent)


def install_site_data(config: MkDocsConfig, site_data: Path) -> None:
    """Take the nav (unless mkdocs.yml has one) and the redirect map from generated/site.yml."""
    if not site_data.is_file():
        raise PluginError(f"{site_data} is missing: run `studyguide generate` first.")
    data = yaml.safe_load(site_data.read_text(encoding="utf-8"))
    if config.nav is None:
        config.nav = data["nav"]
    if data.get("not_in_nav"):
        # Questions of long sections, listed by their overview pages instead (see render_site_data).
        spec = GitIgnoreSpec.from_lines(data["not_in_nav"])
        config.not_in_nav = spec if config.not_in_nav is None else config.not_in_nav + spec
    if data.get("abbreviations"):
        # Tooltips on every page, from the abbr extension's glossary (no snippets: see mkdocs.yml).
        abbr = config.mdx_configs.setdefault("abbr", {})
        abbr["glossary"] = {**data["abbreviations"], **abbr.get("glossary", {})}
    # The question list of the study features (overrides/partials/study-progress.html, review-entry.html).
    config.extra["guide_study"] = data.get("study") or {"sections": [], "questions": []}
    redirects = config.plugins.get("redirects")
    if redirects is None:
        raise PluginError("The 'redirects' plugin must be enabled in mkdocs.yml for the short links.")
    redirects.config["redirect_maps"] = {**data["redirects"], **redirects.config["redirect_maps"]}


def deck_file(project: Project, config: MkDocsConfig) -> File:
    """The Anki deck as a file of the site, packaged from generated/anki.json (GuideError if that is missing)."""
    data, _ = anki.project_deck(project, config, os.environ)
    return File.generated(config, anki.SITE_PATH, content=data)


@dataclass
class GuideBuild:
    """The state of one process's builds: whether it serves, and this build's notebook pages."""

    serving: bool = False
    notebooks: NotebookPages = field(default_factory=NotebookPages)
    print_page: PrintPage = field(default_factory=PrintPage)
    # The question pages' search fields, read as they render (studyguide.site.search).
    search: SearchPages = field(default_factory=SearchPages)

    def startup(self, command: str) -> None:
        """Remember whether this process serves the site (MkDocs calls this once per process)."""
        self.serving = command == "serve"

    def configure(self, config: MkDocsConfig) -> MkDocsConfig:
        """Start a build: regenerate while serving, then install the generated nav and redirects."""
        self.notebooks = NotebookPages()
        self.print_page = PrintPage()
        self.search = SearchPages()
        project = project_of(config)
        try:
            # MkDocs itself reads SOURCE_DATE_EPOCH later, and fails with a traceback on a bad one.
            anki.deck_timestamp(os.environ)
        except GuideError as error:
            raise PluginError(str(error)) from None
        if self.serving:
            try:
                regenerate(project)
            except (GuideError, GuideErrors) as error:
                serve_log.error("generate: the pages were not regenerated; serving the last good ones:\n%s", error)
            except OSError as error:
                serve_log.error("generate: the pages were not regenerated (%s: %s)", error.filename, error.strerror)
        install_site_data(config, project.site_data)
        return config

    def add_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Add the notebooks as pages (before mkdocs-jupyter looks for *.ipynb pages)."""
        project = project_of(config)
        for file in notebook_files(project.notebooks, config):
            files.append(file)
        try:
            files.append(deck_file(project, config))
        except GuideError as error:
            raise PluginError(f"the Anki deck could not be made:\n{error}") from None
        files.append(print_page.page_file(config))
        return files

    def page_content(self, content: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Transform a notebook page's content; keep what the printable page holds and a
        question page's search fields (studyguide.site.search)."""
        self.search.collect(page.url, page.meta, content)
        if is_notebook_page(page):
            content = self.notebooks.transform_content(content, page, config, files)
        return self.print_page.content(content, page, config)

    def post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Finish a page's HTML (the printable page gets the guide; notebooks, the shared stylesheet's address)."""
        return self.notebooks.finish_page(self.print_page.finish(output, page, config), page)

    def post_build(self, config: MkDocsConfig) -> None:
        """Write the files the pages refer to: the shared notebook stylesheet and the figures."""
        self.notebooks.write(Path(config.site_dir))
        try:  # after the search plugin's own post_build (plugins before hooks)
            write_search_index(Path(config.site_dir), project_of(config), self.search)
        except (GuideError, GuideErrors) as error:
            raise PluginError(f"the search index could not be written:\n{error}") from None
