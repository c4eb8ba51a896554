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
- let pages link the printable page of the print-site plugin (``print_page.md``).
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from pathspec.gitignore import GitIgnoreSpec

from studyguide.errors import GuideError, GuideErrors
from studyguide.outputs import anki
from studyguide.project import Project
from studyguide.site.notebook_pages import CSS_PLACEHOLDER, NotebookPages, is_notebook_page, notebook_files

log = logging.getLogger("mkdocs.hooks.studyguide")
# The printable page until the print-site plugin writes it (out of search: it repeats every page).
PRINT_PAGE_PLACEHOLDER = """---
title: {title}
search:
  exclude: true
---

# The whole guide

The printable guide is written at the end of the build.
"""
# Material's settings in every page: <script id="__config" type="application/json">{...}</script>.
# The print-site plugin's stylesheets and script (it adds them to every page): site paths by prefix.
PRINT_ASSET_PREFIXES = ("css/print-site", "js/print-site")
# Where the printable page's own assets go: before the first stylesheet or script of the site's own.
FIRST_EXTRA_CSS_RE = re.compile(r'<link rel="stylesheet" href="[^"]*assets/stylesheets/extra\.css[^"]*">')
FIRST_EXTRA_JS_RE = re.compile(r'<script src="[^"]*assets/javascripts/(?!bundle\.)[^"]*"></script>')
MATERIAL_CONFIG_RE = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.DOTALL)
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


def print_page_file(config: MkDocsConfig) -> File | None:
    """The print-site plugin's page as a page of the site (None without the plugin).

    The plugin writes print_page/ itself after the build and keeps it out of the
    site's files; as a file of the site it gets what every page has: Markdown links
    to ``print_page.md`` resolve in either URL style, and the sitemap lists it.
    MkDocs renders this placeholder first; the plugin's page then replaces it.
    """
    plugin = config.plugins.get("print-site")
    if plugin is None or not plugin.config.get("enabled"):
        return None
    content = PRINT_PAGE_PLACEHOLDER.format(title=json.dumps(plugin.config["print_page_title"]))
    return File.generated(
        config, plugin.config["print_page_basename"] + ".md", content=content, inclusion=InclusionLevel.NOT_IN_NAV
    )


@dataclass
class GuideBuild:
    """The state of one process's builds: whether it serves, and this build's notebook pages."""

    serving: bool = False
    notebooks: NotebookPages = field(default_factory=NotebookPages)
    # The print-site plugin's stylesheets and scripts, taken off the other pages.
    print_css: tuple[str, ...] = ()
    print_js: tuple[str, ...] = ()

    def startup(self, command: str) -> None:
        """Remember whether this process serves the site (MkDocs calls this once per process)."""
        self.serving = command == "serve"

    def configure(self, config: MkDocsConfig) -> MkDocsConfig:
        """Start a build: regenerate while serving, then install the generated nav and redirects."""
        self.notebooks = NotebookPages()
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

    def pre_build(self, config: MkDocsConfig) -> None:
        """After every plugin's on_config: keep the print-site plugin's stylesheets and script
        for the printable page only.

        The plugin adds them to every page (about 2 KB gzipped, a tenth of the first-visit
        budget's headroom); only its own page uses them. They go back into that page in
        :func:`finish_print_page`.
        """

        def is_print_asset(path: object) -> bool:
            return str(path).startswith(PRINT_ASSET_PREFIXES)

        self.print_css = tuple(str(p) for p in config.extra_css if is_print_asset(p))
        self.print_js = tuple(str(p) for p in config.extra_javascript if is_print_asset(p))
        config.extra_css = [p for p in config.extra_css if not is_print_asset(p)]
        config.extra_javascript = [p for p in config.extra_javascript if not is_print_asset(p)]

    def add_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Add the notebooks as pages (before mkdocs-jupyter looks for *.ipynb pages)."""
        project = project_of(config)
        for file in notebook_files(project.notebooks, config):
            files.append(file)
        try:
            files.append(deck_file(project, config))
        except GuideError as error:
            raise PluginError(f"the Anki deck could not be made:\n{error}") from None
        print_page = print_page_file(config)
        if print_page is not None:
            files.append(print_page)
        return files

    def page_content(self, content: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Transform a notebook page's content; other pages pass through."""
        if not is_notebook_page(page):
            return content
        content = self.notebooks.transform_content(content, page, config, files)
        if hasattr(page, "html"):
            # The print-site plugin kept the content as it was before this hook (its
            # own on_page_content runs first): give it the light version too.
            page.html = content
        return content

    def post_page(self, output: str, page: Page) -> str:
        """Finish a page's HTML (notebook pages get the shared stylesheet's address)."""
        return self.notebooks.finish_page(output, page)

    def post_build(self, config: MkDocsConfig) -> None:
        """Write the files the pages refer to: the shared notebook stylesheet and the figures.

        The print-site plugin has written the printable page by now (plugins before
        hooks): its notebooks get the shared stylesheet's address too.
        """
        self.notebooks.write(Path(config.site_dir))
        plugin = config.plugins.get("print-site")
        if plugin is not None and plugin.config.get("enabled"):
            finish_print_page(
                Path(plugin.print_page.file.abs_dest_path),
                plugin.print_page.url,
                self.notebooks,
                (self.print_css, self.print_js),
            )


def finish_print_page(
    path: Path, url: str, notebooks: NotebookPages, assets: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
) -> None:
    """Finish the printable page the plugin wrote: relative base, the notebooks' shared stylesheet,
    and the plugin's own stylesheets and script (``assets``: site paths), which only this page loads.

    The plugin renders the page with the 404 page's template context, whose base is
    the absolute site path (a 404 page may be served at any depth): Material would
    then ask for /llm-interview-guide/sitemap.xml wherever the site is served,
    and from file:// for a path that does not exist. Every other page has a relative base.
    Each notebook on the page brings a placeholder for the shared stylesheet's address.
    """
    text = path.read_text(encoding="utf-8")
    root = get_relative_url(".", url)
    text = MATERIAL_CONFIG_RE.sub(lambda m: m.group(1) + _with_base(m.group(2), root) + m.group(3), text, count=1)
    if CSS_PLACEHOLDER in text:
        shared, _ = notebooks.shared_css()
        text = text.replace(CSS_PLACEHOLDER, html.escape(get_relative_url(shared, url)))
    css, js = assets
    links = "".join(f'<link rel="stylesheet" href="{html.escape(get_relative_url(p, url))}">' for p in css)
    scripts = "".join(f'<script src="{html.escape(get_relative_url(p, url))}"></script>' for p in js)
    text = FIRST_EXTRA_CSS_RE.sub(lambda m: links + m.group(0), text, count=1)
    text = FIRST_EXTRA_JS_RE.sub(lambda m: scripts + m.group(0), text, count=1)
    path.write_text(text, encoding="utf-8")


def _with_base(config_json: str, base: str) -> str:
    config = json.loads(config_json)
    config["base"] = base
    return json.dumps(config)
