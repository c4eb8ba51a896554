"""Execute every notebook offline and check that its committed outputs are fresh.

The GPT-2 tokenizer files of ../shared/gpt2 (or GPT2_DIR) are laid out as a
Hugging Face Hub cache and the unchanged notebooks run with HF_HUB_OFFLINE=1.
Without those files and without network the tokenizer notebook is skipped,
except under CI=true, where it fails.
"""

from __future__ import annotations

import copy
import importlib.util
import os
import socket
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from nbformat import NotebookNode

REPO = Path(__file__).resolve().parent.parent


def _load_script() -> object:
    """Import scripts/notebooks.py (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location("notebooks_script", REPO / "scripts" / "notebooks.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


nbscript = _load_script()
NOTEBOOKS = nbscript.list_notebooks()


def _hub_reachable() -> bool:
    """Whether huggingface.co answers at all (a few seconds at most)."""
    try:
        socket.create_connection(("huggingface.co", 443), timeout=3).close()
    except OSError:
        return False
    return True


@pytest.fixture(scope="session")
def kernel_env(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], Path | None]:
    """The kernel environment, with GPT-2's files as an offline Hub cache if they are here."""
    gpt2_dir = nbscript.find_gpt2_dir(os.environ)
    hf_home = None
    if gpt2_dir is not None:
        hf_home = nbscript.write_hf_cache(gpt2_dir, tmp_path_factory.mktemp("hf-home"))
    return nbscript.kernel_env(os.environ, hf_home), gpt2_dir


@pytest.fixture(scope="session")
def run_notebook(kernel_env: tuple[dict[str, str], Path | None]) -> Callable[[Path], NotebookNode]:
    """Execute a notebook once per session (or skip it, with the reason)."""
    env, gpt2_dir = kernel_env
    done: dict[Path, NotebookNode] = {}

    def run(path: Path) -> NotebookNode:
        if path not in done:
            run_env = env
            if path.name in nbscript.NEEDS_GPT2 and gpt2_dir is None:
                reason = (
                    f"{path.name} needs GPT-2's tokenizer files: none at {nbscript.DEFAULT_GPT2_DIR} "
                    f"or GPT2_DIR, and the Hugging Face Hub is unreachable"
                )
                if os.environ.get("CI") == "true":
                    pytest.fail(reason + " (CI=true: not skipping)")
                if not _hub_reachable():
                    pytest.skip(reason)
                run_env = {k: v for k, v in env.items() if k != "HF_HUB_OFFLINE"}  # download instead
            done[path] = nbscript.execute(nbscript.read_notebook(path), run_env)
        return done[path]

    return run


def test_there_are_notebooks() -> None:
    names = {path.name for path in NOTEBOOKS}
    assert {"gpt2-tokenizer.ipynb", "transformer-block.ipynb"} <= names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_and_outputs_are_fresh(path: Path, run_notebook: Callable[[Path], NotebookNode]) -> None:
    """Runs top to bottom without error, and gives exactly the committed outputs."""
    fresh = run_notebook(path)
    diffs = nbscript.diff_outputs(path.name, nbscript.read_notebook(path), fresh)
    assert not diffs, "stale outputs, run `python scripts/notebooks.py run`:\n" + "\n".join(map(str, diffs))


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
    nb = nbscript.read_notebook(REPO / "notebooks" / "transformer-block.ipynb")
    changed, cell_id = _with_changed_output(nb)
    assert nbscript.diff_outputs("x", nb, nb) == []
    diffs = nbscript.diff_outputs("x", changed, nb)
    assert [d.cell_id for d in diffs] == [cell_id]


def test_check_command_fails_on_a_stale_copy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """End to end: `check` on a copy with a changed output exits 1 and names the cell."""
    source = REPO / "notebooks" / "transformer-block.ipynb"
    changed, cell_id = _with_changed_output(nbscript.read_notebook(source))
    stale = tmp_path / source.name
    stale.write_text(nbscript.render(changed), encoding="utf-8")
    assert nbscript.main(["check", str(stale)]) == 1
    assert f"({cell_id})" in capsys.readouterr().err


def test_normalize_drops_timing_and_versions() -> None:
    nb = nbscript.read_notebook(REPO / "notebooks" / "transformer-block.ipynb")
    noisy = copy.deepcopy(nb)
    noisy.metadata.language_info = {"name": "python", "version": "3.11.9"}
    noisy.cells[1].metadata["execution"] = {"iopub.execute_input": "2024-01-01T00:00:00Z"}
    assert nbscript.render(nbscript.normalize(noisy)) == nbscript.render(nbscript.normalize(nb))
