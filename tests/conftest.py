"""Shared fixtures: a disposable copy of the project, and one real build of the site.

Helpers live in guide_testing.py (the one support module); fixtures live here."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from guide_testing import ROOT, build_site, copy_project, run_generate

from studyguide.dev.bench import synthesize_document


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the project to run the generator in."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once with --strict from the committed pages.

    `make test` has just built it; it passes the folder as SITE_DIR so the
    suite does not build it twice.
    """
    prebuilt = os.environ.get("SITE_DIR")
    if prebuilt and (Path(prebuilt) / "index.html").is_file():
        return Path(prebuilt)
    site = tmp_path_factory.mktemp("site")
    result = build_site(ROOT, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def built_at_10x(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A copy of the project with 10x the questions, generated and built with --strict as a user
    does: (the project, its site). Tests that use it are marked ``AT_10X``."""
    project = copy_project(tmp_path_factory.mktemp("x10") / "project")
    source = project / "source" / "llm-interview-questions.txt"
    source.write_text(synthesize_document(source.read_text(encoding="utf-8"), 10), encoding="utf-8")
    generated = run_generate(project, "-q")
    assert generated.returncode == 0, generated.stderr
    site = project / "site"
    built = build_site(project, site, timeout=1800)
    assert built.returncode == 0, built.stderr
    return project, site


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite the golden files in tests/golden/")
