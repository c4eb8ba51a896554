"""MkDocs hook: publish the notebooks in notebooks/ at /notebooks/<name>/.

The notebooks live once, outside docs/, so nothing has to be kept in sync by
hand. This hook adds them to the site's files before mkdocs-jupyter looks for
*.ipynb pages (hence the high priority: hooks otherwise run after plugins),
and puts a link bar on top of each notebook page: download the .ipynb (which
mkdocs-jupyter's include_source copies beside the page) and open it in Colab
(built from repo_url, so the address is set in one place).
"""

from __future__ import annotations

import html
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOK_SEARCH_BOOST = 0.5
# The branch Colab opens; the notebooks are read from there on GitHub.
COLAB_BRANCH = "main"
LINK_BAR = (
    '<nav class="nb-links" aria-label="This notebook">'
    '<a class="md-button" href="{download}" download>Download the notebook (.ipynb)</a> '
    '<a class="md-button" href="{colab}" rel="noopener">Open in Colab</a>'
    "</nav>\n"
)


@event_priority(100)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add every notebooks/*.ipynb as the page notebooks/<name>.ipynb.

    The file's src_dir is the repository root rather than a File.generated()
    with abs_src_path: mkdocs-jupyter wraps each notebook in a File proxy that
    recomputes abs_src_path from src_dir, which is None for generated files.
    """
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        files.append(
            File(
                f"{NOTEBOOKS.name}/{path.name}",
                src_dir=str(NOTEBOOKS.parent),
                dest_dir=config.site_dir,
                use_directory_urls=config.use_directory_urls,
            )
        )
    return files


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


def on_page_content(content: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Put the link bar on top of every notebook page."""
    if not is_notebook_page(page):
        return content
    if not config.repo_url:
        raise PluginError("repo_url is not set in mkdocs.yml: the Colab links are built from it.")
    # A notebook repeats its question's words many times over: let the
    # question pages rank above it in search.
    page.meta.setdefault("search", {"boost": NOTEBOOK_SEARCH_BOOST})
    return render_link_bar(PurePosixPath(page.file.src_uri).name, config.repo_url) + content
