"""Publish the notebooks in notebooks/ at /notebooks/<name>/ (called by :mod:`studyguide.site.build`).

The notebooks live once, outside docs/, so nothing has to be kept in sync by
hand. The build adds them to the site's files before mkdocs-jupyter looks for
*.ipynb pages, puts a link bar on top of each notebook page: download the .ipynb (which
mkdocs-jupyter's include_source copies beside the page) and open it in Colab
(built from repo_url, so the address is set in one place), and moves the
stylesheets mkdocs-jupyter inlines into every notebook page (about 590 KB,
JupyterLab's CSS for the most part) into one shared file, cached once and
pruned of the rules for JupyterLab's own widgets that no notebook page uses.
The plots, inlined as base64 PNGs, become files beside the page that the
browser loads only when they scroll into view, each with the alt text the
notebook keeps in its output's metadata.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import logging
import re
import struct
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url, write_file

log = logging.getLogger("mkdocs.hooks.studyguide")
# The branch Colab opens; the notebooks are read from there on GitHub.
COLAB_BRANCH = "main"
LINK_BAR = (
    '<nav class="nb-links" aria-label="This notebook">'
    '<a class="md-button" href="{download}" download>Download the notebook (.ipynb)</a> '
    '<a class="md-button" href="{colab}" rel="noopener">Open in Colab</a>'
    "</nav>\n"
)
# One <style> element with its content, as mkdocs-jupyter writes them into a page.
# The CSS is matched as runs without "<" (unrolled, so a large stylesheet is scanned at C speed).
STYLE_ELEMENT = re.compile(r"<style\b[^>]*>(?P<css>[^<]*(?:<(?!/style>)[^<]*)*)</style>\s*")
# Where mkdocs-jupyter's template opens and closes the notebook itself.
WRAPPER_START = '<div class="jupyter-wrapper"'
WRAPPER_END = "<!-- jupyter-wrapper -->"
# Where the shared stylesheet goes in the site; its name carries a hash of its content,
# so a new mkdocs-jupyter version gets a new file instead of a stale cached one.
SHARED_CSS = "assets/stylesheets/jupyter-{digest}.css"
STYLESHEET_LINK = '<link rel="stylesheet" href="{href}">\n'
# Stands for the shared stylesheet's address until every notebook page is known.
CSS_PLACEHOLDER = "@@jupyter-shared-css@@"
# Class prefixes of JupyterLab and its widget libraries (Blueprint, Lumino, CodeMirror,
# ANSI colours): a rule naming such a class that no notebook page mentions is dropped.
PRUNED_CLASS = re.compile(r"\.((?:bp3|jp|lm|p|cm|ansi)-[\w-]+|CodeMirror[\w-]*)")
# Every word that could be a class name in a page, its scripts included (a script may add one).
WORD = re.compile(r"[A-Za-z_][\w-]*")
# A CSS comment; and the at-rules whose blocks hold rules to prune in turn.
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
BRACE = re.compile(r"[{}]")
GROUPING_AT_RULE = re.compile(r"@(media|supports|layer|container)\b")
# A negation: the classes inside it need not be on the page for the selector to match.
NEGATION = re.compile(r":not\([^()]*\)")

# An output image inlined as a data: URI (PNG only: its size is in its header).
INLINE_PNG = re.compile(r'<img(?P<attrs>[^>]*?) src="data:image/png;base64,(?P<data>[A-Za-z0-9+/=\s]+)"')
FIGURE_NAME = "figure-{digest}.png"
# What nbconvert writes into every <img> without an alt: its lab template, the one
# mkdocs-jupyter 0.26 extends, ignores an output's alt metadata (only the classic
# template reads it), so split_figures puts the notebook's alt text back.
DEFAULT_ALT = "No description has been provided for this image"
# An alt attribute inside the attributes of an <img>.
ALT_ATTRIBUTE = re.compile(r'\s+alt="[^"]*"')


def notebook_files(folder: Path, config: MkDocsConfig) -> list[File]:
    """Every ``folder``/*.ipynb as the page notebooks/<name>.ipynb.

    The file's src_dir is the folder's parent rather than a File.generated()
    with abs_src_path: mkdocs-jupyter wraps each notebook in a File proxy that
    recomputes abs_src_path from src_dir, which is None for generated files.
    """
    return [
        File(
            f"{folder.name}/{path.name}",
            src_dir=str(folder.parent),
            dest_dir=config.site_dir,
            use_directory_urls=config.use_directory_urls,
        )
        for path in sorted(folder.glob("*.ipynb"))
    ]


def is_notebook_page(page: Page) -> bool:
    """Whether `page` is one of the notebooks this hook added."""
    path = PurePosixPath(page.file.src_uri)
    return path.parent.name == "notebooks" and path.suffix == ".ipynb"


def colab_url(repo_url: str, name: str, branch: str = COLAB_BRANCH) -> str:
    """The "Open in Colab" address of notebooks/<name> in the GitHub repository `repo_url`."""
    parts = urlsplit(repo_url)
    repo = parts.path.strip("/").removesuffix(".git")
    if parts.netloc != "github.com" or repo.count("/") != 1:
        raise PluginError(f"repo_url must be https://github.com/<owner>/<repo> for the Colab links, not {repo_url!r}")
    return f"https://colab.research.google.com/github/{repo}/blob/{branch}/notebooks/{name}"


def render_link_bar(name: str, repo_url: str) -> str:
    """The HTML of the download and Colab links of the notebook notebooks/<name>.

    The download link is relative: include_source copies <name> into the
    page's own directory, so it works offline and under any site_url.
    """
    return LINK_BAR.format(download=html.escape(name), colab=html.escape(colab_url(repo_url, name)))


def split_styles(content: str) -> tuple[str, str]:
    """The page content without mkdocs-jupyter's <style> elements, and their CSS joined in page order.

    Only the elements around the notebook (its template's) are taken: a <style>
    inside, written by a cell's output (a pandas table, say), stays with it.
    """
    start, end = content.find(WRAPPER_START), content.rfind(WRAPPER_END)
    if start == -1 or end < start:
        return content, ""
    styles: list[str] = []

    def take(match: re.Match[str]) -> str:
        styles.append(match["css"].strip())
        return ""

    head, body, tail = content[:start], content[start:end], content[end:]
    content = STYLE_ELEMENT.sub(take, head) + body + STYLE_ELEMENT.sub(take, tail)
    css = "\n".join(styles)
    return content, css + "\n" if css else ""


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG, from its IHDR chunk."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    return struct.unpack(">II", data[16:24])


def figure_alts(notebook: Mapping[str, Any]) -> dict[str, str]:
    """The alt text of each PNG output of `notebook` (nbformat 4 JSON), by the SHA-256 of the PNG.

    The text is where nbconvert's classic template and IPython put it, in the output's
    metadata, ``{"image/png": {"alt": "..."}}``: a notebook shows a figure with
    ``display(fig, metadata={"image/png": {"alt": "..."}})``.
    """
    alts = {}
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data", {}).get("image/png")
            alt = output.get("metadata", {}).get("image/png", {}).get("alt")
            if data and alt:
                text = "".join(data) if isinstance(data, list) else data
                alts[hashlib.sha256(base64.b64decode("".join(text.split()))).hexdigest()] = alt
    return alts


def split_figures(content: str, page_url: str, alts: Mapping[str, str] | None = None) -> tuple[str, dict[str, bytes]]:
    """The content with each inlined PNG replaced by a lazily loaded file; the files by site path.

    The files go beside the page and are named by their content; width and
    height are kept so the page does not jump when a figure arrives. A figure
    whose SHA-256 is in `alts` gets that alt text (see figure_alts).
    """
    figures: dict[str, bytes] = {}
    alts = alts or {}
    folder = PurePosixPath(page_url if page_url.endswith("/") else PurePosixPath(page_url).parent.as_posix() + "/")

    def replace(match: re.Match[str]) -> str:
        data = base64.b64decode("".join(match["data"].split()))
        try:
            width, height = png_size(data)
        except ValueError:
            return match[0]
        digest = hashlib.sha256(data).hexdigest()
        attrs = match["attrs"]
        if digest in alts:
            attrs = f' alt="{html.escape(alts[digest])}"' + ALT_ATTRIBUTE.sub("", attrs)
        path = (folder / FIGURE_NAME.format(digest=digest[:10])).as_posix()
        figures[path] = data
        source = html.escape(get_relative_url(path, page_url))
        return f'<img{attrs} src="{source}" width="{width}" height="{height}" loading="lazy" decoding="async"'

    return INLINE_PNG.sub(replace, content), figures


def require_alt_texts(content: str, name: str) -> None:
    """Raise if an image in the notebook page `name` still has nbconvert's placeholder for an alt text."""
    if missing := content.count(f'alt="{DEFAULT_ALT}"'):
        raise PluginError(
            f"{name}: {missing} figure(s) without alt text. fix: show each figure with "
            'display(fig, metadata={"image/png": {"alt": "<what it shows>"}}), then run `studyguide notebooks run`'
        )


def shared_css_path(css: str) -> str:
    """The site path of the shared stylesheet holding `css` (named by its content)."""
    return SHARED_CSS.format(digest=hashlib.sha256(css.encode("utf-8")).hexdigest()[:10])


def split_selectors(selectors: str) -> list[str]:
    """A selector list split at its top-level commas (not those inside :is(...) and the like)."""
    if "(" not in selectors and "[" not in selectors:
        return [part.strip() for part in selectors.split(",") if part.strip()]
    parts, depth, start = [], 0, 0
    for index, char in enumerate(selectors):
        depth += (char in "([") - (char in ")]")
        if char == "," and depth == 0:
            parts.append(selectors[start:index])
            start = index + 1
    return [part.strip() for part in [*parts, selectors[start:]] if part.strip()]


def is_used(selector: str, words: set[str]) -> bool:
    """Whether `selector` may match in a page: every JupyterLab class it requires
    (outside :not()) is used, and :root, if named, comes first (".jupyter-wrapper :root"
    matches nothing)."""
    if ":root" in selector and not selector.startswith(":root"):
        return False
    return all(name in words for name in PRUNED_CLASS.findall(NEGATION.sub("", selector)))


def _block_end(css: str, brace: int) -> int:
    """The index of the "}" that closes the "{" at `brace` (the last index when it is never closed)."""
    depth = 0
    for match in BRACE.finditer(css, brace):
        depth += 1 if match[0] == "{" else -1
        if depth == 0:
            return match.start()
    return len(css) - 1


def prune_css(css: str, words: set[str]) -> str:
    """`css` without comments and without the rules that cannot match (see is_used).

    A small brace-matching scanner: style rules are pruned selector by selector,
    @media/@supports blocks are pruned inside, other at-rules are kept whole.
    """
    css = CSS_COMMENT.sub("", css)
    out, index = [], 0
    while index < len(css):
        brace, semicolon = css.find("{", index), css.find(";", index)
        if brace == -1 or (semicolon != -1 and semicolon < brace and css[index:semicolon].lstrip().startswith("@")):
            end = len(css) if brace == -1 else semicolon + 1  # a statement: @charset, @import
            out.append(css[index:end].strip())
            index = end
            continue
        end = _block_end(css, brace)
        prelude, body = css[index:brace].strip(), css[brace + 1 : end]
        index = end + 1
        if GROUPING_AT_RULE.match(prelude):
            inner = prune_css(body, words)
            if inner:
                out.append(f"{prelude}{{{inner}}}")
        elif prelude.startswith("@"):
            out.append(f"{prelude}{{{body.strip()}}}")
        else:
            kept = [selector for selector in split_selectors(prelude) if is_used(selector, words)]
            if kept:
                out.append(f"{','.join(kept)}{{{body.strip()}}}")
    return "\n".join(part for part in out if part)


# A notebook's link to a question by its short link, written ../../q/<n>/ in the notebook.
SHORT_LINK_HREF = re.compile(r'href="(?:\.\./)+q/(?P<number>\d+)/?"')


def resolve_short_links(content: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Point a notebook's short links straight at the question pages.

    MkDocs does not rewrite links inside notebooks, and ../../q/<n>/ only works
    on a served site with directory URLs; the resolved page link also works in
    the offline build opened from disk. The redirect map is the one
    the build installs from generated/site.yml.
    """
    redirects = config.plugins["redirects"].config["redirect_maps"]

    def replace(match: re.Match[str]) -> str:
        target = redirects.get(f"q/{match.group('number')}.md")
        file = files.get_file_from_path(target) if target else None
        if file is None:
            # Built from another document that lacks this question: keep the link as written.
            log.info("%s links to question %s, which this site does not have", page.file.src_uri, match.group("number"))
            return match.group(0)
        return f'href="{html.escape(get_relative_url(file.url, page.url))}"'

    return SHORT_LINK_HREF.sub(replace, content)


@dataclass(frozen=True)
class NotebookContent:
    """A notebook page's content, transformed, and what it hands to the build: its CSS, its words
    (every class name it may use, for pruning the CSS) and its figures."""

    content: str
    css: str
    words: frozenset[str]
    figures: dict[str, bytes]


def transform_notebook(content: str, page: Page, config: MkDocsConfig, files: Files) -> NotebookContent:
    """Link the shared stylesheet instead of the inlined ones, and put the link bar on top.

    The <link> stays where the <style> elements were, in the page content, so
    the cascade order is unchanged and instant navigation (which swaps the
    content, not the <head>) brings it along. Each step is a function of the text:
    short links resolved, styles split off, figures split off, alt texts required.
    """
    if not config.repo_url:
        raise PluginError("repo_url is not set in mkdocs.yml: the Colab links are built from it.")
    content = resolve_short_links(content, page, config, files)
    content, css = split_styles(content)
    notebook = json.loads(Path(page.file.abs_src_path).read_text(encoding="utf-8"))
    content, figures = split_figures(content, page.url, figure_alts(notebook))
    require_alt_texts(content, page.file.src_uri)
    link = STYLESHEET_LINK.format(href=CSS_PLACEHOLDER) if css else ""
    bar = render_link_bar(PurePosixPath(page.file.src_uri).name, config.repo_url)
    return NotebookContent(link + bar + content, css, frozenset(WORD.findall(content)), figures)


@dataclass
class NotebookPages:
    """One build's notebook pages: their CSS, their words, and their figures.

    A new object per build (mkdocs serve rebuilds in one process): MkDocs renders
    the content of every page before it renders the first one into its template,
    so by :meth:`finish_page` every notebook page's words are known.
    """

    css: str = ""
    words: set[str] = field(default_factory=set)
    figures: dict[str, bytes] = field(default_factory=dict)
    _shared: tuple[str, str] | None = None

    def transform_content(self, content: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A notebook page's content (see :func:`transform_notebook`); its CSS, words and figures are kept."""
        result = transform_notebook(content, page, config, files)
        self.figures.update(result.figures)
        if result.css and self.css and result.css != self.css:
            raise PluginError(f"{page.file.src_uri}: mkdocs-jupyter gave this notebook other styles than the others")
        if result.css:
            self.css = result.css
            self.words.update(result.words)
        return result.content

    def shared_css(self) -> tuple[str, str]:
        """The shared notebook stylesheet: its site path and its CSS (computed once, when first asked)."""
        if self._shared is None:
            css = prune_css(self.css, self.words) + "\n" if self.css else ""
            self._shared = (shared_css_path(css), css)
        return self._shared

    def finish_page(self, output: str, page: Page) -> str:
        """Point a notebook page at the shared stylesheet."""
        if CSS_PLACEHOLDER not in output:
            return output
        path, _ = self.shared_css()
        return output.replace(CSS_PLACEHOLDER, html.escape(get_relative_url(path, page.url)), 1)

    def write(self, site_dir: Path) -> None:
        """Write the shared stylesheet once, and the figures."""
        for path, data in sorted(self.figures.items()):
            write_file(data, str(site_dir / path))
        if self.css:
            path, css = self.shared_css()
            write_file(css.encode("utf-8"), str(site_dir / path))
