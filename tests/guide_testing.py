"""The tests' one support module: the repository, disposable projects, the command line in-process,
snapshots, waiting for a condition, optional tools.

Built on the product's public API: ``studyguide.cli.main`` for the command line, and
``studyguide.dev.testing`` for what the benchmark measures the same way (project copies,
the static server, Chromium). Test modules import from here, never from each other.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import importlib.util
import io
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import NoReturn

import pytest

from studyguide import cli
from studyguide.dev import testing
from studyguide.dev.testing import (  # noqa: F401 - re-exported for the tests
    CHROMIUM,
    CHROMIUM_ARGS,
    free_port,
    launch_browser,
    mkdocs_env,
    serve_static,
)

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "source" / "llm-interview-questions.txt"
PYTHON = testing.PYTHON
# Under CI=true a missing optional tool fails the run instead of skipping its tests.
IN_CI = os.environ.get("CI", "").lower() == "true"
# The tests that use the built_at_10x fixture (tests/conftest.py) carry this mark, so that under
# pytest-xdist (--dist loadgroup) one worker runs them all and the 10x site is built once.
AT_10X = pytest.mark.xdist_group("site-at-10x")


# ---------------------------------------------------------------- optional tools


def unavailable(reason: str) -> NoReturn:
    """Skip the test (or the module, at import), or fail it under CI=true, where every test must run."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: every test must run)", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


def require(module: str) -> ModuleType:
    """Import an optional test dependency (requirements-dev.txt): skipped with the reason if it is
    missing, a failure under CI=true. Works in a test, a fixture, or at the top of a test module."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        unavailable(f"{module} is not installed ({error}; pip install -r requirements-dev.txt)")


def require_installed(*modules: str) -> None:
    """Like :func:`require` for modules another process imports (a notebook's kernel): found, not imported."""
    missing = [name for name in modules if importlib.util.find_spec(name) is None]
    if missing:
        unavailable(f"{', '.join(missing)} not installed (pip install -r requirements-dev.txt)")


def require_tool(name: str) -> str:
    """The path of a command-line tool from the venv or PATH: skipped if missing (a failure under CI=true)."""
    path = Path(sys.executable).with_name(name)
    found = str(path) if path.is_file() else shutil.which(name)
    if found is None:
        unavailable(f"{name} is not installed (pip install -r requirements-dev.txt)")
    return found


# ---------------------------------------------------------------- projects and the command line


def copy_project(target: Path) -> Path:
    """Copy the parts of the repository the generator and the build use into ``target``."""
    return testing.copy_project(ROOT, target)


def run_cli(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``studyguide --root PROJECT ARGS`` in this process (``studyguide.cli.main``): exit code and output.

    An uncaught exception is not turned into an exit code: it fails the test, as a traceback
    shown to a user would be a defect. The installed entry point has its own smoke test.
    """
    argv = ["--root", str(project), *args]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(argv)
        except SystemExit as exit_:  # argparse: a usage error or --help
            code = exit_.code if isinstance(exit_.code, int) else 1
    return subprocess.CompletedProcess(["studyguide", *argv], code, out.getvalue(), err.getvalue())


def run_generate(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``studyguide generate ARGS`` in a project (copy), in this process."""
    return run_cli(project, "generate", *args)


def build_site(project: Path, site_dir: Path, *extra: str, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` of a project into ``site_dir``, as its own process (MkDocs keeps global state)."""
    return subprocess.run(
        [PYTHON, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site_dir), *extra],
        capture_output=True,
        text=True,
        cwd=project,
        timeout=timeout,
        env=mkdocs_env(),
    )


def spawn(project: Path, *args: str, text: bool = True) -> subprocess.Popen:
    """``python -m studyguide ARGS`` as its own process in ``project``, for tests about processes
    (a kill, a lock held by another run): stdout and stderr piped."""
    return subprocess.Popen(
        [PYTHON, "-m", "studyguide", *args],
        cwd=project,
        env=mkdocs_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=text,
    )


# ---------------------------------------------------------------- checking and waiting


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and link under ``folder``: a hash of its content, or where the link points."""
    found = {}
    for path in sorted(folder.rglob("*")):
        key = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[key] = "-> " + os.readlink(path)
        elif path.is_file():
            found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def squeeze(text: str) -> str:
    """Text without any white space, to compare text across markup."""
    return re.sub(r"\s+", "", text)


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 120, log: Callable[[], str] = str) -> None:
    """Poll ``condition`` until it holds; fail naming ``what`` (and ``log()``) after ``timeout`` seconds.

    The timeout is generous, for a busy two-core machine: it is there so that a
    defect fails instead of hanging, not to measure anything.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}\n{log()}", pytrace=False)
        time.sleep(0.05)
