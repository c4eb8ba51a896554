"""Helpers shared by the tests: where the repository is, copying it, running the generator and mkdocs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "source" / "llm-interview-questions.txt"
PYTHON = sys.executable

# What a copy of the project needs to generate and build the site.
PROJECT_PARTS = ("mkdocs.yml", "scripts", "data", "source", "docs", "generated", "hooks", "overrides", "notebooks")


def copy_project(target: Path) -> Path:
    """Copy the parts of the repository the generator and the build use into ``target``."""
    target.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, target / part)
    return target


def run_generate(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the project's generator CLI in a copy, as a user would."""
    return subprocess.run(
        [PYTHON, str(project / "scripts" / "generate.py"), *args],
        capture_output=True,
        text=True,
        cwd=project,
        timeout=120,
    )


def build_site(project: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` of a project copy into ``site_dir``."""
    return subprocess.run(
        [PYTHON, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site_dir)],
        capture_output=True,
        text=True,
        cwd=project,
        timeout=300,
        env={**os.environ, "DISABLE_MKDOCS_2_WARNING": "true", "NO_MKDOCS_2_WARNING": "1"},
    )
