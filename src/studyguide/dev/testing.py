"""Support shared by the tests and the benchmark: project copies, ports, budgets (and, from
:mod:`studyguide.outputs.browser`, the browser and the static server the product uses too).

Defined once here so that the suite and ``studyguide bench`` measure the same
things the same way. Nothing here is used by the site build itself.
"""

from __future__ import annotations

import os
import shutil
import socket
import sys
from pathlib import Path

from studyguide.outputs.browser import CHROMIUM, CHROMIUM_ARGS, StaticHandler, launch_browser, serve_static

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "StaticHandler", "launch_browser", "serve_static"]

PYTHON = sys.executable
# What a copy of the project needs to generate, build and serve the site.
PROJECT_PARTS = (
    "mkdocs.yml", "data", "source", "docs", "generated", "hooks", "overrides", "notebooks", "third_party",
)  # fmt: skip
# MkDocs 1.x and Material print a notice about MkDocs 2 on every run; it is not actionable here.
QUIET_MKDOCS_ENV = {"DISABLE_MKDOCS_2_WARNING": "true", "NO_MKDOCS_2_WARNING": "1"}

# First-visit budgets in gzipped bytes: page, stylesheets, scripts, the search worker
# Material starts, and the images loaded up front (site path -> bytes).
# Every page carries the nav: the guide's 16 own questions add about 0.9 KB to each, hence 102 KB.
PAGE_BUDGETS = {"": 102_000, "concepts/attention-mechanisms/": 102_000, "notebooks/gpt2-tokenizer/": 150_000}


def mkdocs_env() -> dict[str, str]:
    """The environment to run mkdocs in: this one, without the MkDocs 2 notice."""
    return {**os.environ, **QUIET_MKDOCS_ENV}


def copy_project(root: Path, target: Path) -> Path:
    """Copy the parts of the checkout at ``root`` that the generator and the build use into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = root / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, target / part)
    return target


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
