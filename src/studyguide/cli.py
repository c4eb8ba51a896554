"""The study guide's one command line: ``studyguide <command>``.

    studyguide generate            write the generated pages that changed
    studyguide check               write nothing; exit 1 listing stale or missing files
    studyguide notebooks run|check re-execute the notebooks / check their stored outputs
    studyguide offline             build the offline site (opens from file://) and its zip
    studyguide anki [-o PATH]      write the Anki deck (one note per question, a sub-deck per section)
    studyguide pdf [-o PATH]       build the site and print its printable page to PDF with Chromium
    studyguide bench               measure speed, size and scale side by side

Each command is a thin layer over the package's functions. Paths are found
from the working directory upwards (the folder with mkdocs.yml and source/),
or given with --root. Bad input ends with ``file:line: error: ...`` and a
``fix:`` line, exit code 1, and nothing written.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from studyguide.errors import GuideError, GuideErrors
from studyguide.project import Project, find_project
from studyguide.write import WriteError

Command = Callable[[argparse.Namespace, Project], int]


def command_generate(args: argparse.Namespace, project: Project) -> int:
    """Render everything in memory, then write what changed (or, with --check, only report it)."""
    from studyguide.generate import Rendered, run

    def waiting() -> None:
        print(f"{args.command}: another run holds the project; waiting for it to finish", file=sys.stderr)

    def warn(rendered: Rendered) -> None:
        for warning in () if args.quiet else rendered.warnings:
            print(f"warning: {warning}", file=sys.stderr)

    done = run(project, source=args.source, write=not args.check, on_wait=waiting, on_rendered=warn)
    rendered, changes = done.rendered, done.changes
    if args.check:
        for label, paths in (("missing", changes.create), ("stale", changes.update), ("to remove", changes.remove)):
            for path in paths:
                print(f"{label}: {path}")
        if changes.changes:
            print(f"generate --check: {len(changes.changes)} file(s) out of date; run `studyguide generate`")
            return 1
        print(f"generate --check: up to date ({rendered.summary})")
        return 0
    unchanged = len(rendered.files) - len(changes.create) - len(changes.update)
    print(
        f"generate: {rendered.summary}; {len(changes.create)} created, {len(changes.update)} updated, "
        f"{len(changes.remove)} removed, {unchanged} unchanged"
    )
    return 0


def command_check(args: argparse.Namespace, project: Project) -> int:
    """``generate --check``."""
    args.check = True
    return command_generate(args, project)


def command_notebooks(args: argparse.Namespace, project: Project) -> int:
    """Execute the notebooks offline: store fresh outputs (run) or compare with the stored ones (check)."""
    from studyguide.dev import notebooks

    paths = [path.resolve() for path in args.notebooks] or notebooks.list_notebooks(project.notebooks)
    action = notebooks.check_notebooks if args.action == "check" else notebooks.run_notebooks
    try:
        return action(project, paths, sys.stdout, sys.stderr)
    except FileNotFoundError as error:
        raise GuideError(
            project.display(project.gpt2), None, str(error), "restore third_party/gpt2 or set GPT2_DIR"
        ) from None


def command_offline(args: argparse.Namespace, project: Project) -> int:
    """Build the offline copy of the site and its release zip."""
    from studyguide.outputs.offline import SITE_DIR, ZIP_PATH, build_offline
    from studyguide.write import project_lock

    site_dir = args.site_dir or project.root / SITE_DIR
    zip_path = None if args.no_zip else (args.zip or project.root / ZIP_PATH)
    with project_lock(project.root, on_wait=_waiting(args)):
        summary = build_offline(project, site_dir, zip_path)
    print(summary)
    return 0


def command_anki(args: argparse.Namespace, project: Project) -> int:
    """Write the Anki deck (.apkg) from generated/anki.json: one note per question, a sub-deck per section.

    The same deck as the site's downloads/llm-interview-guide.apkg: the same bytes
    for the same content, every timestamp fixed (SOURCE_DATE_EPOCH when set). Stops,
    writing nothing, when generated/anki.json is not what the inputs give (run
    `studyguide generate`).
    """
    from studyguide.generate import check_deck_data
    from studyguide.inputs.config import read_config
    from studyguide.outputs.anki import DEFAULT_PATH, project_deck
    from studyguide.write import project_lock, write_if_changed

    output = args.output or project.root / DEFAULT_PATH
    with project_lock(project.root, on_wait=_waiting(args)):
        check_deck_data(project)
        data, count = project_deck(project, read_config(project.config), os.environ)
        written = write_if_changed(output, data, project.root)
    print(f"anki: {output} ({count} notes, {len(data) / 1024:.0f} KB){'' if written else ', unchanged'}")
    return 0


def command_pdf(args: argparse.Namespace, project: Project) -> int:
    """Build the site and print its printable page to PDF with headless Chromium (light scheme, outline)."""
    from studyguide.outputs.browser import CHROMIUM
    from studyguide.outputs.pdf import DEFAULT_PATH, build_and_print
    from studyguide.write import project_lock

    output = args.output or project.root / DEFAULT_PATH
    with project_lock(project.root, on_wait=_waiting(args)):
        result = build_and_print(project, Path(os.path.abspath(output)), args.chromium or CHROMIUM, args.site_dir)
    print(result.summary())
    return 0


def _waiting(args: argparse.Namespace) -> Callable[[], None]:
    def waiting() -> None:
        print(f"{args.command}: another run holds the project; waiting for it to finish", file=sys.stderr)

    return waiting


def command_bench(args: argparse.Namespace, project: Project) -> int:
    """Run the benchmark (its own options follow the command; see ``studyguide bench --help``)."""
    from studyguide.dev import bench

    return bench.main(args.bench_args, project)


def make_parser() -> argparse.ArgumentParser:
    """The argument parser, with one sub-parser per command."""
    parser = argparse.ArgumentParser(
        prog="studyguide", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--root", type=Path, help="the project folder (default: found from the working directory)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="command")

    def add(name: str, handler: Command, **options: object) -> argparse.ArgumentParser:
        doc = (handler.__doc__ or "").strip()
        sub = commands.add_parser(name, help=doc.splitlines()[0], description=doc, **options)
        sub.set_defaults(handler=handler)
        return sub

    for name, handler in (("generate", command_generate), ("check", command_check)):
        sub = add(name, handler)
        sub.add_argument(
            "--source", type=Path, help="the source document (default: source/llm-interview-questions.txt)"
        )
        sub.add_argument("-q", "--quiet", action="store_true", help="print only errors and the summary")
        if name == "generate":
            sub.add_argument("--check", action="store_true", help="write nothing; exit 1 if a generated file is stale")
    sub = add("notebooks", command_notebooks)
    sub.add_argument("action", choices=["run", "check"], help="run: execute and store outputs; check: compare")
    sub.add_argument("notebooks", nargs="*", type=Path, help="notebooks to process (default: notebooks/*.ipynb)")
    sub = add("offline", command_offline)
    sub.add_argument("--site-dir", type=Path, help="output folder (default: site-offline/)")
    sub.add_argument("--zip", type=Path, help="zip to write (default: dist/llm-interview-guide-offline.zip)")
    sub.add_argument("--no-zip", action="store_true", help="build the folder only")
    sub = add("anki", command_anki)
    sub.add_argument("-o", "--output", type=Path, help="the deck to write (default: dist/llm-interview-guide.apkg)")
    sub = add("pdf", command_pdf)
    sub.add_argument("-o", "--output", type=Path, help="the PDF to write (default: dist/llm-interview-guide.pdf)")
    sub.add_argument("--site-dir", type=Path, help="print this built site instead of building one")
    sub.add_argument(
        "--chromium",
        help="the browser binary (default: $CHROMIUM, else /usr/bin/chromium-headless-shell if installed,"
        " else /usr/bin/chromium)",
    )
    # The benchmark parses its own options (argparse.REMAINDER would refuse a leading "--skip").
    add("bench", command_bench, add_help=False)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``studyguide`` command; returns the exit code."""
    parser = make_parser()
    args, extra = parser.parse_known_args(argv)
    if args.command == "bench":
        args.bench_args = extra
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    project = Project(args.root.resolve()) if args.root else find_project()
    try:
        return args.handler(args, project)
    except WriteError as error:
        print(error, file=sys.stderr)
        print(f"{args.command}: stopped; run it again once the cause is fixed.", file=sys.stderr)
        return 1
    except (GuideError, GuideErrors) as error:
        print(error, file=sys.stderr)
        print(f"{args.command}: stopped; nothing was written.", file=sys.stderr)
        return 1
    except OSError as error:
        # Every file the generator reads or writes is wrapped with its name; this is the last resort.
        where = project.display(Path(error.filename)) if error.filename else str(project.root)
        print(f"{where}: error: {error.strerror or error}", file=sys.stderr)
        print("  fix: check the path and its permissions, then run again", file=sys.stderr)
        return 1
    except RecursionError:
        print(f"{args.command}: error: the input is nested too deeply to process", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{args.command}: interrupted.", file=sys.stderr)
        return 130
