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

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


@event_priority(100)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add every notebooks/*.ipynb as the page notebooks/<name>.ipynb."""
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        files.append(
            File.generated(config, f"notebooks/{path.name}", abs_src_path=str(path))
        )
    return files
