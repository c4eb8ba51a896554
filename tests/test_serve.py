"""Under `mkdocs serve`, saving the source document regenerates the pages (studyguide.site_build).

Runs the real server in a copy of the project. No timing is asserted (the
benchmark measures the save-to-reload latency); the waits are only there so
that a broken hook fails instead of hanging.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from studyguide.testing import free_port, mkdocs_env

PAGE = "concepts/what-are-llms/"
WAIT = 120  # seconds: generous, for a busy two-core machine


def wait_for(condition: Callable[[], bool], what: str, log: list[str]) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}; server log:\n{''.join(log)}")
        time.sleep(0.2)


@pytest.fixture
def server(project: Path) -> Iterator[tuple[str, list[str], subprocess.Popen[str]]]:
    """`mkdocs serve` of the project copy: its page URL, its log (growing), the process."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=mkdocs_env(),
    )
    log: list[str] = []
    threading.Thread(target=lambda: log.extend(process.stdout), daemon=True).start()
    try:
        wait_for(lambda: any("Serving on" in line for line in log) or process.poll() is not None, "the server", log)
        assert process.poll() is None, "".join(log)
        yield f"http://127.0.0.1:{port}/llm-interview-guide/{PAGE}", log, process
    finally:
        process.terminate()
        process.wait(timeout=30)


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def builds(log: list[str]) -> int:
    return sum("Building documentation" in line for line in log)


def test_saving_the_source_regenerates_the_page(project: Path, server):
    url, log, process = server
    source = project / "source" / "llm-interview-questions.txt"
    text = source.read_text(encoding="utf-8")

    # Bad input: the located error is logged, the server keeps running, the pages stay.
    # (The strict build stops at the error, and MkDocs holds requests until a build
    # succeeds again, so the page is fetched after the fix below.)
    page_file = (project / "docs" / PAGE.rstrip("/")).with_suffix(".md")
    before = page_file.read_text(encoding="utf-8")
    source.write_text("", encoding="utf-8")
    wait_for(lambda: any("the pages were not regenerated" in line for line in log), "the error", log)
    assert any("error" in line and "llm-interview-questions.txt" in line for line in log), "".join(log)
    assert process.poll() is None
    assert page_file.read_text(encoding="utf-8") == before

    # A real edit shows on the page (outside every erratum's `find`, which must still match).
    source.write_text(text.replace("Adjusts parameters", "Adjusts edited-while-serving parameters", 1))
    wait_for(lambda: "edited-while-serving" in fetch(url), "the edited page", log)

    # The pages the hook wrote trigger one more build, which writes nothing: no loop.
    time.sleep(3)
    settled = builds(log)
    time.sleep(4)
    assert builds(log) == settled, "".join(log)
    assert process.poll() is None
