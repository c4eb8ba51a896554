"""The thin edge that touches the disk: compare, then write only what changed, safely.

The promises, each kept here:

- A file is overwritten or removed only if it carries the generated mark (or is
  empty, or is a truncated copy of what would be written: what an interrupted
  write leaves), so hand-written files are never touched.
- Everything is rendered, planned and checked (no symbolic link at or above a
  generated path, every folder writable) before the first write; a bad input or
  a refused path leaves the tree exactly as it was.
- Each file is written to a temporary file beside it and renamed into place, so
  no reader ever sees half a file. The URL record (data/urls.yml) is written
  last: a run stopped at any point (an OS error, kill -9) leaves the record as
  it was, and the next run finishes the job with no manual step (it also removes
  the temporary file a killed run may leave).
- One run at a time: :func:`project_lock` takes an exclusive ``flock`` on the
  project folder; a second run waits for the first, then fails clearly if it
  does not finish.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from studyguide.errors import GuideError
from studyguide.marks import has_generated_header

# Generated pages live under these folders of docs/; stale ones there are removed.
GENERATED_DIRS = ("docs",)
# Folders where a killed run may have left a temporary file.
TEMP_DIRS = ("docs", "generated", "data")
# A temporary file is ".<name>" + this, beside its target (MkDocs ignores dotfiles).
TEMP_SUFFIX = ".studyguide-tmp"
# Written after every page, in this order: the build's data, then the URL record.
WRITTEN_LAST = ("generated/site.yml", "data/urls.yml")
# The first bytes of the binary outputs (a zip: the deck, the offline zip; a PDF): an existing
# file at the output is replaced only by one of its own kind.
MAGIC_KINDS = (b"PK\x03\x04", b"%PDF-")
MAGIC = 4
# How long a second run waits for the first to finish.
LOCK_TIMEOUT = 120.0


@dataclass(frozen=True)
class Plan:
    """What a run would do: files to create, to update, to remove."""

    create: tuple[str, ...]
    update: tuple[str, ...]
    remove: tuple[str, ...]

    @property
    def changes(self) -> tuple[str, ...]:
        """Every path that differs from what is on disk."""
        return self.create + self.update + self.remove


class WriteError(GuideError):
    """The file system refused a write after others succeeded (the next run repairs the tree)."""


@contextlib.contextmanager
def project_lock(
    root: Path, timeout: float = LOCK_TIMEOUT, on_wait: Callable[[], None] | None = None
) -> Iterator[None]:
    """Hold an exclusive lock on the project folder: one generator run at a time.

    The lock is ``flock`` on the folder itself (no lock file to leave behind); the
    kernel releases it when the process ends, however it ends.
    """
    try:
        handle = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as error:
        raise GuideError(root, None, f"cannot open the project folder: {error.strerror}") from None
    try:
        deadline = time.monotonic() + timeout
        waited = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not waited and on_wait is not None:
                    on_wait()
                waited = True
                if time.monotonic() > deadline:
                    raise GuideError(
                        root,
                        None,
                        f"another studyguide run (generate, or mkdocs serve regenerating) has held "
                        f"the project for {timeout:.0f} s",
                        "wait for it to finish, or stop it, then run again",
                    ) from None
                time.sleep(0.1)
        yield
    finally:
        os.close(handle)


def is_generated(path: Path) -> bool:
    """True if the file starts with the generated header (see :mod:`studyguide.marks`)."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            head = "".join(handle.readline() for _ in range(2))
    except OSError:
        return False
    return has_generated_header(head)


def check_path(root: Path, relative: str) -> None:
    """Refuse a generated path with a symbolic link at or above it, or a file where a folder must be."""
    current = root
    parts = Path(relative).parts
    for depth, part in enumerate(parts):
        current = current / part
        shown = "/".join(parts[: depth + 1])
        if current.is_symlink():
            raise GuideError(
                shown,
                None,
                f"is a symbolic link (to {os.readlink(current)!r}); the generator never writes through links"
                + ("" if shown == relative else f", and it would write {relative} inside it"),
                f"replace {shown} with a real {'file' if shown == relative else 'folder'} (or remove it)",
            )
        if depth < len(parts) - 1 and current.exists() and not current.is_dir():
            raise GuideError(
                shown, None, f"is a file, but the generator needs a folder here for {relative}", "move the file away"
            )
        if depth == len(parts) - 1 and current.is_dir():
            raise GuideError(shown, None, "is a folder, but the generator writes a file here", "move the folder away")


def _replaceable(existing: bytes, text: str) -> bool:
    """Ours to overwrite: marked as generated, empty, or a truncated copy of the new text."""
    if not existing.strip():
        return True
    decoded = existing.decode("utf-8", errors="replace")
    return has_generated_header(decoded) or text.startswith(decoded)


def _read(root: Path, relative: str) -> bytes:
    try:
        return (root / relative).read_bytes()
    except OSError as error:
        raise GuideError(relative, None, f"cannot read: {error.strerror}", "check the file's permissions") from None


def plan_writes(root: Path, files: dict[str, str]) -> Plan:
    """Compare rendered files with the tree; refuse links, and files not generated by us."""
    create, update = [], []
    for relative, text in sorted(files.items()):
        check_path(root, relative)
        path = root / relative
        if not path.exists():
            create.append(relative)
            continue
        existing = _read(root, relative)
        if existing != text.encode("utf-8"):
            if not _replaceable(existing, text):
                raise GuideError(
                    relative,
                    1,
                    "this file was not generated by scripts/generate.py, but the generator would write it",
                    "move or rename the hand-written file (or its section/slug in data/questions.yml)",
                )
            update.append(relative)
    remove = []
    for folder in GENERATED_DIRS:
        if (root / folder).is_symlink():
            check_path(root, folder)
        for path in sorted((root / folder).rglob("*.md")):
            relative = path.relative_to(root).as_posix()
            if relative not in files and not path.is_symlink() and is_generated(path):
                check_path(root, relative)
                remove.append(relative)
    for folder in TEMP_DIRS:
        if (root / folder).is_dir() and not (root / folder).is_symlink():
            for path in sorted((root / folder).rglob(f".*{TEMP_SUFFIX}")):
                remove.append(path.relative_to(root).as_posix())
    return Plan(tuple(create), tuple(update), tuple(remove))


def check_writable(root: Path, plan: Plan) -> None:
    """Before the first write: every folder that will change must be writable."""
    checked: set[Path] = set()
    for relative in plan.changes:
        folder = (root / relative).parent
        while not folder.exists() and folder != root:
            folder = folder.parent
        if folder in checked:
            continue
        checked.add(folder)
        if not os.access(folder, os.W_OK | os.X_OK):
            shown = folder.relative_to(root).as_posix() if folder != root else "."
            raise GuideError(
                shown,
                None,
                f"permission denied: the folder is not writable, and {relative} must be written there",
                f"make {shown} writable (chmod u+w), or run as its owner",
            )


def write_file(path: Path, content: str | bytes) -> None:
    """Write ``content`` (text as UTF-8) to a temporary file beside ``path``, then rename it into place."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    temporary = path.with_name(f".{path.name}{TEMP_SUFFIX}")
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    # O_EXCL | O_NOFOLLOW: never write through a link planted at the temporary name.
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def check_output(path: Path, root: Path | None = None) -> None:
    """Refuse an output path that is a symbolic link or a folder (inside ``root``: or has a link above it).

    Outside the project (``-o /elsewhere/x.pdf``) only the file itself is checked: the
    user chose that folder.
    """
    path = Path(os.path.abspath(path))
    if root is not None and path.is_relative_to(root):
        check_path(root, path.relative_to(root).as_posix())
        return
    if path.is_symlink():
        raise GuideError(
            path,
            None,
            f"is a symbolic link (to {os.readlink(path)!r}); studyguide never writes through links",
            "give another output path, or remove the link",
        )
    if path.is_dir():
        raise GuideError(path, None, "is a folder, but a file is written here", "give the path of a file")
    if path.exists() and not path.is_file():
        raise GuideError(path, None, "is not a regular file (a device, a pipe or a socket)", "give the path of a file")


def write_if_changed(path: Path, content: str | bytes, root: Path | None = None) -> bool:
    """The one safe writer of the commands' outputs (the deck, the PDF, the offline zip, the notebooks).

    Refuses a link or a folder at ``path`` (see :func:`check_output`); writes only
    when the content differs, to a temporary file beside it renamed into place, so a
    failure (a full disk, a read-only folder) leaves the old file whole and no
    temporary file behind; a located error then says nothing was written. Whether it wrote.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    check_output(path, root)
    try:
        existing = path.read_bytes() if path.is_file() else None
        if existing == data:
            return False
        if existing and existing[:MAGIC] != data[:MAGIC] and data.startswith(MAGIC_KINDS):
            # -o data/questions.yml by a slip of the hand: never replace a file of another kind.
            raise GuideError(
                path,
                None,
                f"holds something else than the {path.suffix or 'file'} this command writes; it was left as it is",
                "give another output path, or move that file away first",
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        write_file(path, data)
    except OSError as error:
        raise GuideError(
            path,
            None,
            f"cannot write: {error.strerror or errno.errorcode.get(error.errno or 0, error)}"
            f" (the previous {path.name}, if any, is unchanged)",
            "fix the cause (permissions, free space), then run again",
        ) from None
    return True


def write_outputs(root: Path, files: dict[str, str], plan: Plan) -> None:
    """Carry out a plan: pages first, then removals, then the build's data and the URL record.

    Raises :class:`WriteError` (located) when the file system refuses a write; what
    was written by then is consistent pages, and the URL record is unchanged.
    """
    check_writable(root, plan)
    writes = plan.create + plan.update
    ordered = [r for r in writes if r not in WRITTEN_LAST] + [r for r in WRITTEN_LAST if r in writes]
    done, relative = 0, "."
    try:
        for relative in ordered:
            if relative in WRITTEN_LAST:
                # Removals before the build's data and the record, so both describe the final tree.
                _remove(root, [r for r in plan.remove if r not in ordered])
                plan = Plan(plan.create, plan.update, ())
            path = root / relative
            check_path(root, relative)
            path.parent.mkdir(parents=True, exist_ok=True)
            write_file(path, files[relative])
            done += 1
        _remove(root, plan.remove)
    except OSError as error:
        where = error.filename or relative
        raise WriteError(
            Path(where).relative_to(root).as_posix() if Path(where).is_relative_to(root) else where,
            None,
            f"cannot write: {error.strerror or errno.errorcode.get(error.errno, error)} "
            f"(stopped after {done} of {len(ordered)} files; data/urls.yml was not updated)",
            "fix the cause (permissions, free space), then run again: the next run completes the tree",
        ) from None


def _remove(root: Path, paths: list[str] | tuple[str, ...]) -> None:
    for relative in paths:
        path = root / relative
        path.unlink(missing_ok=True)
        parent = path.parent
        while parent not in (root, root / "docs") and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
