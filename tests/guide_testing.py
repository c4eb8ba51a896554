"""Helpers for the tests: where the repository is, and the shared support of studyguide.dev.testing bound to it."""

from __future__ import annotations

import subprocess
from pathlib import Path

from studyguide.dev import testing

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "source" / "llm-interview-questions.txt"
PYTHON = testing.PYTHON


def copy_project(target: Path) -> Path:
    """Copy the parts of the repository the generator and the build use into ``target``."""
    return testing.copy_project(ROOT, target)


def run_generate(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``studyguide generate ARGS`` in a project (copy), as a user would."""
    return testing.run_cli(project, "generate", *args, timeout=120)


build_site = testing.build_site
