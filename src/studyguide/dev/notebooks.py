"""Execute the notebooks in notebooks/ and keep their committed outputs fresh.

The site shows the outputs stored in each .ipynb and never executes them
(mkdocs-jupyter `execute: false`). This script is the one way to produce
those outputs, so they are the same on every machine:

    studyguide notebooks run      # re-execute every notebook, store the outputs
    studyguide notebooks check    # execute in memory, exit 1 if outputs differ

Execution is offline and deterministic. The GPT-2 tokenizer files shipped in
third_party/gpt2 (or those of the directory named by GPT2_DIR) are laid out as
a Hugging Face Hub cache in a temporary HF_HOME, with HF_HUB_OFFLINE=1, so the
notebooks' unchanged `from_pretrained("gpt2")` finds them. Volatile metadata
(execution timing, kernel and Python versions) is stripped before writing.
"""

from __future__ import annotations

import copy
import json
import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import nbformat
from nbclient import NotebookClient
from nbformat import NotebookNode

from studyguide.project import Project
from studyguide.write import write_if_changed

GPT2_FILES = ("vocab.json", "merges.txt")
# Notebooks that load GPT-2's tokenizer with from_pretrained("gpt2").
NEEDS_GPT2 = frozenset({"gpt2-tokenizer.ipynb"})
# The known encoding that proves a real GPT-2 vocabulary was loaded.
HELLO_WORLD_IDS = [15496, 11, 995, 0]
TIMEOUT_SECONDS = 600
KERNEL_NAME = "python3"
# Environment of the kernel: no progress bars, no thread warnings, fixed hashing,
# one thread so floating-point results do not depend on the machine's core count.
QUIET_ENV = {
    "HF_HUB_OFFLINE": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "TRANSFORMERS_VERBOSITY": "error",
    "TOKENIZERS_PARALLELISM": "false",
    "PYTHONHASHSEED": "0",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}
# Notebook-level metadata kept on write; anything else (versions, widgets state) is noise.
KEPT_LANGUAGE_INFO = ("name",)


@dataclass(frozen=True)
class CellDiff:
    """One code cell whose outputs differ between two versions of a notebook."""

    notebook: str
    index: int  # 0-based position in the notebook
    cell_id: str
    reason: str

    def __str__(self) -> str:
        return f"{self.notebook}: cell {self.index} ({self.cell_id}): {self.reason}"


# --- pure functions -------------------------------------------------------------------


def list_notebooks(directory: Path) -> list[Path]:
    """Every notebook in `directory`, sorted by name."""
    return sorted(directory.glob("*.ipynb"))


def find_gpt2_dir(environ: Mapping[str, str], default: Path) -> Path | None:
    """The directory holding GPT-2's vocab.json and merges.txt, or None if there is none.

    GPT2_DIR wins over ``default`` (the project's third_party/gpt2).
    """
    candidate = Path(environ["GPT2_DIR"]) if environ.get("GPT2_DIR") else default
    if all((candidate / name).is_file() for name in GPT2_FILES):
        return candidate
    return None


def kernel_env(environ: Mapping[str, str], hf_home: Path | None) -> dict[str, str]:
    """The kernel's environment: the caller's, made quiet and offline, with HF_HOME if given."""
    env = {**environ, **QUIET_ENV}
    if hf_home is not None:
        env["HF_HOME"] = str(hf_home)
    return env


def normalize(nb: NotebookNode) -> NotebookNode:
    """A copy of `nb` without volatile metadata, so that two runs give the same file.

    Drops per-cell execution timing and the versions nbclient records
    (Python, kernel), and keeps cell ids and execution counts, which are
    deterministic for a top-to-bottom run. (The stream outputs the kernel happened
    to split are merged by nbclient itself: ``coalesce_streams`` in :func:`execute`.)
    """
    nb = copy.deepcopy(nb)
    info = nb.metadata.get("language_info", {})
    nb.metadata["language_info"] = {key: info[key] for key in KEPT_LANGUAGE_INFO if key in info}
    nb.metadata.pop("widgets", None)
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("collapsed", None)
        for output in cell.get("outputs", []):
            output.get("metadata", {}).pop("execution", None)
    return nb


def render(nb: NotebookNode) -> str:
    """The notebook as the text stored on disk: indented JSON, trailing newline."""
    return nbformat.writes(nb, indent=1) + "\n"


def _outputs(cell: NotebookNode) -> str:
    """A cell's outputs as canonical JSON, for comparison."""
    return json.dumps(cell.get("outputs", []), sort_keys=True, ensure_ascii=False)


def _first_difference(old: str, new: str) -> str:
    """A short description of where two texts start to differ."""
    at = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)))
    return f"outputs differ at character {at}: committed {old[at : at + 40]!r} vs fresh {new[at : at + 40]!r}"


def diff_outputs(name: str, committed: NotebookNode, fresh: NotebookNode) -> list[CellDiff]:
    """The cells whose outputs differ between the committed and a freshly executed notebook."""
    committed, fresh = normalize(committed), normalize(fresh)
    if len(committed.cells) != len(fresh.cells):
        return [CellDiff(name, -1, "-", f"{len(committed.cells)} cells committed, {len(fresh.cells)} fresh")]
    diffs = []
    for index, (old, new) in enumerate(zip(committed.cells, fresh.cells)):
        if old.cell_type != "code":
            continue
        old_text, new_text = _outputs(old), _outputs(new)
        if old.get("execution_count") != new.get("execution_count"):
            diffs.append(CellDiff(name, index, old.get("id", "?"), "execution count differs"))
        elif old_text != new_text:
            diffs.append(CellDiff(name, index, old.get("id", "?"), _first_difference(old_text, new_text)))
    return diffs


def find_stderr(name: str, nb: NotebookNode) -> list[CellDiff]:
    """Cells with stderr streams or errors: warnings and tracebacks must not reach the site."""
    found = []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.output_type == "stream" and output.name == "stderr":
                found.append(CellDiff(name, index, cell.get("id", "?"), f"stderr: {output.text[:80]!r}"))
            elif output.output_type == "error":
                found.append(CellDiff(name, index, cell.get("id", "?"), f"error: {output.ename}"))
    return found


# --- I/O edge ---------------------------------------------------------------------------


def write_hf_cache(gpt2_dir: Path, hf_home: Path) -> Path:
    """Lay GPT-2's tokenizer files out as the Hub cache of model "gpt2" under `hf_home`."""
    model = hf_home / "hub" / "models--gpt2"
    snapshot = model / "snapshots" / "local"
    snapshot.mkdir(parents=True, exist_ok=True)
    (model / "refs").mkdir(parents=True, exist_ok=True)
    (model / "refs" / "main").write_text("local", encoding="utf-8")
    for name in GPT2_FILES:
        (snapshot / name).write_bytes((gpt2_dir / name).read_bytes())
    (snapshot / "tokenizer_config.json").write_text('{"model_max_length": 1024}\n', encoding="utf-8")
    return hf_home


@contextmanager
def offline_env(gpt2_default: Path, environ: Mapping[str, str] | None = None) -> Iterator[tuple[dict[str, str], Path]]:
    """Yield the kernel environment and the GPT-2 directory used.

    The Hub cache lives in a temporary directory removed on exit. Missing GPT-2
    files are an error: the project ships them in third_party/gpt2.
    """
    environ = os.environ if environ is None else environ
    gpt2_dir = find_gpt2_dir(environ, gpt2_default)
    if gpt2_dir is None:
        raise FileNotFoundError(
            f"no GPT-2 tokenizer files ({' and '.join(GPT2_FILES)}) in {environ.get('GPT2_DIR') or gpt2_default}"
        )
    with tempfile.TemporaryDirectory(prefix="hf-home-") as tmp:
        yield kernel_env(environ, write_hf_cache(gpt2_dir, Path(tmp))), gpt2_dir


def read_notebook(path: Path) -> NotebookNode:
    """Read a notebook file (nbformat 4)."""
    return nbformat.read(path, as_version=4)


def execute(nb: NotebookNode, env: Mapping[str, str], cwd: Path) -> NotebookNode:
    """Execute a copy of `nb` top to bottom in a fresh kernel (in `cwd`); raise on the first error."""
    nb = copy.deepcopy(nb)
    client = NotebookClient(
        nb,
        timeout=TIMEOUT_SECONDS,
        kernel_name=KERNEL_NAME,
        allow_errors=False,
        record_timing=False,
        # The kernel flushes stdout on a timer: on a busy machine one loop of prints
        # arrives as several stream messages. Merged, the stored outputs do not
        # depend on the machine's load.
        coalesce_streams=True,
        resources={"metadata": {"path": str(cwd)}},
    )
    client.execute(env=dict(env), cwd=str(cwd))
    return normalize(nb)


def run_notebooks(project: Project, paths: list[Path], out: TextIO, err: TextIO) -> int:
    """Re-execute the notebooks and store their outputs; return the exit status."""
    status = 0
    with offline_env(project.gpt2) as (env, _):
        for path in paths:
            fresh = execute(read_notebook(path), env, path.parent)
            for problem in find_stderr(path.name, fresh):
                print(problem, file=err)
                status = 1
            changed = write_if_changed(path, render(fresh))
            print(f"{project.display(path)}: {'updated' if changed else 'up to date'}", file=out)
    return status


def check_notebooks(project: Project, paths: list[Path], out: TextIO, err: TextIO) -> int:
    """Execute the notebooks in memory; return 1 if the committed outputs are stale."""
    problems: list[CellDiff] = []
    with offline_env(project.gpt2) as (env, _):
        for path in paths:
            committed = read_notebook(path)
            fresh = execute(committed, env, path.parent)
            problems.extend(find_stderr(path.name, committed))
            problems.extend(diff_outputs(path.name, committed, fresh))
    for problem in problems:
        print(problem, file=err)
    if problems:
        print(f"{len(problems)} problem(s); run `studyguide notebooks run` to refresh the outputs.", file=err)
        return 1
    print(f"{len(paths)} notebook(s) up to date.", file=out)
    return 0
