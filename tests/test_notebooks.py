"""Execute every notebook offline and check that its committed outputs are fresh.

The GPT-2 tokenizer files the project ships in third_party/gpt2 are laid out as
a Hugging Face Hub cache and the unchanged notebooks run with HF_HUB_OFFLINE=1.
No network is needed, and nothing is skipped.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from guide_testing import ROOT, require_installed
from nbformat import NotebookNode

from studyguide.cli import main as cli_main
from studyguide.dev import notebooks as nbscript
from studyguide.project import Project
from studyguide.site import notebook_pages

REPO = ROOT
PROJECT = Project(REPO)
NOTEBOOKS = nbscript.list_notebooks(PROJECT.notebooks)
# An alt text says what the figure shows: a sentence, not a label.
MIN_ALT_WORDS = 12
# With pytest-xdist (make test), the notebooks are executed once, in one worker.
pytestmark = pytest.mark.xdist_group("notebooks")
# A decimal number in a notebook's prose, such as "6.6 characters per token".
DECIMAL = re.compile(r"(?<![\d.])\d+\.\d+(?![\d.])")


@pytest.fixture(scope="session")
def kernel_env() -> dict[str, str]:
    """The kernel environment, with the shipped GPT-2 files as an offline Hub cache."""
    require_installed("nbclient", "ipykernel", "numpy", "matplotlib", "torch", "transformers")
    environ = {k: v for k, v in os.environ.items() if k != "GPT2_DIR"}
    with nbscript.offline_env(PROJECT.gpt2, environ) as (env, _):
        yield env


@pytest.fixture(scope="session")
def run_notebook(kernel_env: dict[str, str]) -> Callable[[Path], NotebookNode]:
    """Execute a notebook once per session."""
    done: dict[Path, NotebookNode] = {}

    def run(path: Path) -> NotebookNode:
        if path not in done:
            done[path] = nbscript.execute(nbscript.read_notebook(path), kernel_env, path.parent)
        return done[path]

    return run


def test_shipped_gpt2_files_are_the_real_vocabulary() -> None:
    """The files are GPT-2's: 50,257 tokens, 50,000 merges, and "Hello" is token 15496."""
    vocab = json.loads((PROJECT.gpt2 / "vocab.json").read_text(encoding="utf-8"))
    merges = (PROJECT.gpt2 / "merges.txt").read_text(encoding="utf-8").split("\n")
    assert len(vocab) == 50_257 and vocab["Hello"] == 15496 and vocab[","] == 11
    assert merges[0].startswith("#version") and len([line for line in merges[1:] if line]) == 50_000
    assert (PROJECT.gpt2 / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")


def test_tokenizer_notebook_loads_the_real_vocabulary(run_notebook: Callable[[Path], NotebookNode]) -> None:
    """The tokenizer notebook's from_pretrained("gpt2") found the files: the known encoding appears."""
    fresh = run_notebook(PROJECT.notebooks / "gpt2-tokenizer.ipynb")
    outputs = json.dumps([cell.get("outputs", []) for cell in fresh.cells])
    assert re.search(r"15496,\s+11,\s+995,\s+0\b", outputs), "the known encoding of 'Hello, world!' is missing"


def test_there_are_notebooks() -> None:
    names = {path.name for path in NOTEBOOKS}
    assert {"gpt2-tokenizer.ipynb", "transformer-block.ipynb"} <= names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_and_outputs_are_fresh(path: Path, run_notebook: Callable[[Path], NotebookNode]) -> None:
    """Runs top to bottom without error, and gives exactly the committed outputs."""
    fresh = run_notebook(path)
    diffs = nbscript.diff_outputs(path.name, nbscript.read_notebook(path), fresh)
    assert not diffs, "stale outputs, run `studyguide notebooks run`:\n" + "\n".join(map(str, diffs))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_notebook_is_clean(path: Path) -> None:
    """No warnings or errors on the page, no volatile metadata, first cell an H1 title."""
    nb = nbscript.read_notebook(path)
    assert not nbscript.find_stderr(path.name, nb)
    assert path.read_text(encoding="utf-8") == nbscript.render(nbscript.normalize(nb)), "not normalized"
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            text = output.get("text", "") + str(output.get("data", {}).get("text/plain", ""))
            assert " at 0x" not in text, f"memory address in an output of {cell.id}"


def _with_changed_output(nb: NotebookNode) -> tuple[NotebookNode, str]:
    """A copy of `nb` whose first stdout output has one more line; the changed cell's id."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "stream" and output.name == "stdout":
                output.text += "changed\n"
                return nb, cell.id
    raise AssertionError("no stdout output to change")


def test_diff_outputs_reports_a_changed_output() -> None:
    nb = nbscript.read_notebook(PROJECT.notebooks / "transformer-block.ipynb")
    changed, cell_id = _with_changed_output(nb)
    assert nbscript.diff_outputs("x", nb, nb) == []
    diffs = nbscript.diff_outputs("x", changed, nb)
    assert [d.cell_id for d in diffs] == [cell_id]


def test_check_command_fails_on_a_stale_copy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """End to end: `check` on a copy with a changed output exits 1 and names the cell."""
    source = PROJECT.notebooks / "transformer-block.ipynb"
    changed, cell_id = _with_changed_output(nbscript.read_notebook(source))
    stale = tmp_path / source.name
    stale.write_text(nbscript.render(changed), encoding="utf-8")
    assert cli_main(["--root", str(REPO), "notebooks", "check", str(stale)]) == 1
    assert f"({cell_id})" in capsys.readouterr().err


def test_normalize_drops_timing_and_versions() -> None:
    nb = nbscript.read_notebook(PROJECT.notebooks / "transformer-block.ipynb")
    noisy = copy.deepcopy(nb)
    noisy.metadata.language_info = {"name": "python", "version": "3.11.9"}
    noisy.cells[1].metadata["execution"] = {"iopub.execute_input": "2024-01-01T00:00:00Z"}
    assert nbscript.render(nbscript.normalize(noisy)) == nbscript.render(nbscript.normalize(nb))


def test_outputs_do_not_depend_on_how_the_kernel_flushes(kernel_env: dict[str, str], tmp_path: Path) -> None:
    """Prints flushed in several messages (as on a busy machine) are stored as one output."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("import sys, time\nprint('a'); sys.stdout.flush(); time.sleep(0.5)\nprint('b')")
    ]
    (cell,) = nbscript.execute(nb, kernel_env, tmp_path).cells
    assert [(o.output_type, o.name, o.text) for o in cell.outputs] == [("stream", "stdout", "a\nb\n")]


def _figure_outputs(nb: NotebookNode) -> list[tuple[str, NotebookNode]]:
    """(cell id, output) of every PNG figure in `nb`."""
    return [
        (cell.id, output)
        for cell in nb.cells
        for output in cell.get("outputs", [])
        if "image/png" in output.get("data", {})
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_figure_has_a_real_alt_text(path: Path) -> None:
    """Each figure's output carries its own alt text, a sentence or more, in the metadata the site reads."""
    figures = _figure_outputs(nbscript.read_notebook(path))
    assert figures, f"{path.name} shows no figure"  # each notebook has one, so this test checks something
    alts = []
    for cell_id, output in figures:
        alt = output.get("metadata", {}).get("image/png", {}).get("alt", "")
        assert alt != notebook_pages.DEFAULT_ALT and len(alt.split()) >= MIN_ALT_WORDS, f"{cell_id}: alt {alt!r}"
        alts.append(alt)
    assert len(set(alts)) == len(alts), f"{path.name}: two figures share one alt text"


def test_built_notebook_figures_carry_the_notebooks_alt_texts(built_site: Path) -> None:
    """On the built pages every figure has the alt text its notebook gives it, and no placeholder is left."""
    for path in NOTEBOOKS:
        page = built_site / "notebooks" / path.stem / "index.html"
        text = page.read_text(encoding="utf-8")
        assert notebook_pages.DEFAULT_ALT not in text, f"{page}: nbconvert's placeholder alt text"
        expected = notebook_pages.figure_alts(json.loads(path.read_text(encoding="utf-8")))
        images = BeautifulSoup(text, "html.parser").select("article img")
        assert len(images) == len(_figure_outputs(nbscript.read_notebook(path))) == len(expected)
        for image in images:
            digest = hashlib.sha256((page.parent / image["src"]).read_bytes()).hexdigest()
            assert image.get("alt") == expected[digest], f"{page}: {image['src']}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_decimals_in_the_prose_are_in_the_outputs(path: Path) -> None:
    """A measured figure quoted in a notebook's text (6.6 characters per token) is one its outputs print."""
    nb = nbscript.read_notebook(path)
    outputs = json.dumps([cell.get("outputs", []) for cell in nb.cells], ensure_ascii=False)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for number in DECIMAL.findall(cell.source):
                assert number in outputs, f"{path.name}, {cell.id}: {number} is in the text but in no output"
