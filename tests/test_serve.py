"""Under `mkdocs serve`, saving the source document regenerates the pages (studyguide.site.build).

Runs the real server in a copy of the project. No timing is asserted (the
benchmark measures the save-to-reload latency); the waits are only there so
that a broken hook fails instead of hanging.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from guide_testing import free_port, mkdocs_env
from guide_testing import wait_for as wait_for_condition

PAGE = "concepts/what-are-llms/"
WAIT = 120  # seconds: generous, for a busy two-core machine
WROTE = "file(s) written or removed"  # what the hook logs when it wrote pages
# What the server logs after each good build. Not "Documentation built in N seconds": MkDocs'
# DuplicateFilter drops that line when a build takes the same time as an earlier one, to 0.01 s.
BUILT = "Reloading browsers"


def wait_for(condition: Callable[[], bool], what: str, log: list[str]) -> None:
    wait_for_condition(condition, what, WAIT, lambda: "server log:\n" + "".join(log))


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

    # The pages the hook wrote trigger one more build, which writes nothing: with no change
    # left to see, the server builds no more (no loop).
    wrote = max(i for i, line in enumerate(log) if WROTE in line)

    def next_build_done() -> bool:
        starts = [i for i, line in enumerate(log) if i > wrote and "Building documentation" in line]
        return bool(starts) and any(BUILT in line for line in log[starts[0] :])

    wait_for(next_build_done, "the build the written pages trigger", log)
    assert not any(WROTE in line for line in log[wrote + 1 :]), "".join(log)
    assert process.poll() is None


def test_a_half_typed_question_keeps_the_last_good_pages_served(project: Path, server):
    """An unclosed code fence, saved mid-edit: the error is logged with its line, the server keeps
    answering with the last good pages, and closing the fence publishes the question, no restart.
    Serving never records URLs: data/urls.yml is `studyguide generate`'s."""
    url, log, process = server
    base = url.removesuffix(PAGE)
    source = project / "source" / "llm-interview-questions.txt"
    record = (project / "data" / "urls.yml").read_bytes()
    text = source.read_text(encoding="utf-8")
    half = text + "\n63. What is a half-typed question?\n\n```python\nprint('unfinished')\n"
    line = half.splitlines().index("```python") + 1
    source.write_text(half, encoding="utf-8")
    wait_for(lambda: any("the pages were not regenerated" in entry for entry in log), "the error", log)
    assert any(f"llm-interview-questions.txt:{line}: error: code fence opened here" in e for e in log), "".join(log)
    errors_at = len(log)
    wait_for(lambda: any(BUILT in entry for entry in log[errors_at:]), "the build", log)
    # Answered at once, with the last good page: no request waits for a build that cannot succeed.
    start = time.monotonic()
    with urllib.request.urlopen(url, timeout=WAIT) as response:
        assert response.status == 200 and "advanced machine learning models" in response.read().decode("utf-8")
    assert time.monotonic() - start < WAIT

    source.write_text(half + "```\n", encoding="utf-8")

    def published() -> bool:
        try:
            return "half-typed" in fetch(base + "q/63/")
        except urllib.error.HTTPError:
            return False

    wait_for(published, "the completed question", log)
    assert (project / "data" / "urls.yml").read_bytes() == record
    assert process.poll() is None
