"""MkDocs hook: publish the notebooks in notebooks/ at /notebooks/<name>/.

The notebooks live once, outside docs/, so nothing has to be kept in sync by
hand. This hook adds them to the site's files before mkdocs-jupyter looks for
*.ipynb pages (hence the high priority: hooks otherwise run after plugins).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"


@event_priority(100)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add every notebooks/*.ipynb as the page notebooks/<name>.ipynb."""
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        # src_dir is the repository root, so src_path "notebooks/x.ipynb" is both
        # the real file and its place in the site.
        files.append(
            File(
                f"notebooks/{path.name}",
                src_dir=str(ROOT),
                dest_dir=config.site_dir,
                use_directory_urls=config.use_directory_urls,
            )
        )
    return files
