"""The suite's own machinery: `make test` runs it in two processes (pytest-xdist, --dist loadgroup),
and the tests that share an extra build (the offline site, the site without instant navigation,
the 10x site) carry one xdist_group mark each so that one process builds it, once."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

TINY_SUITE = """
import pytest

SHARED = pytest.mark.xdist_group("shared-build")

@SHARED
@pytest.mark.parametrize("n", range(8))
def test_shared(n):
    pass

@pytest.mark.parametrize("n", range(8))
def test_other(n):
    pass
"""


def test_tests_of_one_group_run_in_one_process(tmp_path: Path):
    """pytest-xdist 3.8 with pytest 9.2 spreads them silently (pytest-xdist issue 1386): each
    extra build is then made once per process. This fails if a version bump brings that back."""
    (tmp_path / "test_tiny.py").write_text(TINY_SUITE, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-n", "2", "--dist", "loadgroup", "-v"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    shared = re.findall(r"\[(gw\d)\].* PASSED test_tiny\.py::test_shared\[", result.stdout)
    assert len(shared) == 8 and result.stdout.count("PASSED test_tiny.py::test_other[") == 8, result.stdout
    # Spread without grouping, 8 tests land in both processes (all in one: about 1 run in 128).
    assert len(set(shared)) == 1, f"one group ran in {len(set(shared))} processes:\n{result.stdout}"
