#!/usr/bin/env python3
"""Measure the study guide side by side and print the figures as a Markdown table.

Figures, not tests: the machine may be small and busy, so every timing is the
best of --repeat runs, and each figure that has a target is printed with the
ratio it is judged by (two builds timed in turns, 10x against 1x, ...), which
noise affects on both sides alike. Nothing in the repository is modified: the
project is copied into a temporary folder and every build, synthetic document
and `mkdocs serve` runs there.

Measured:
  generate    studyguide generate on the source document and on synthetic
              documents with 10x and 100x as many questions (copies of the real
              ones with unique titles and numbers, so the same shape)
  build       mkdocs build of the project against a bare Material build of the
              same generated Markdown (theme only: no extra plugins, no hooks);
              generate + build at 1x, 10x and 100x
  search      last keystroke to rendered results in Chromium, at 1x and 100x;
              size of the search index
  weight      first visit of home, a question page and a notebook page: every
              byte the browser loads (theme assets included), raw and gzipped
  lighthouse  npm lighthouse (tools/lighthouse, mobile preset) on the same pages,
              median of three runs
  serve       under mkdocs serve: save the source document, time until the
              open browser page shows the change

Needs the dev requirements (playwright), Debian's chromium (--chromium), and
for Lighthouse `npm ci --prefix tools/lighthouse`. A full run takes about five
minutes on two cores; --skip and --scales make it shorter.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import functools
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from .project import find_project
from .testing import CHROMIUM_ARGS, PYTHON, copy_project, free_port, launch_browser, mkdocs_env, serve_static

ROOT = find_project().root
SOURCE = ROOT / "source" / "llm-interview-questions.txt"
PERFORMANCE_PAGE = ROOT / "docs" / "performance.md"
# The hand-written performance page holds the latest figures between these two lines.
FIGURES_START = "<!-- figures: written by studyguide bench --write-docs -->"
FIGURES_END = "<!-- end of figures -->"
LIGHTHOUSE = ROOT / "tools" / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
ENV = mkdocs_env()
# The pages whose weight and Lighthouse scores are measured (site paths).
PAGES = {"home": "", "question": "concepts/attention-mechanisms/", "notebook": "notebooks/gpt2-tokenizer/"}
# A question line of the source document: "12. Title".
QUESTION_LINE = re.compile(r"^(?P<number>\d+)\.\s+(?P<title>\S.*)$")
# Search queries: everything but the last character is typed first, then the last key is timed.
QUERIES = ("attention", "tokenization", "gradient checkpointing", "bias", "positional encoding")
# A section with more questions than this gets only its index page in the nav of the synthetic
# documents (see nav_sections_only): Material renders the whole nav into every page, so a full
# nav costs pages x nav entries, and 1,500 questions per sidebar help no reader anyway.
NAV_QUESTIONS_MAX = 100


@dataclass(frozen=True)
class Row:
    """One line of the results table."""

    group: str
    what: str
    value: str
    ratio: str = ""
    target: str = ""
    verdict: str = ""


# ---------------------------------------------------------------- pure helpers


def synthesize_document(text: str, factor: int) -> str:
    """The source document repeated `factor` times, with unique numbers and titles.

    Copy 0 is the real document unchanged (so every recorded URL still exists);
    copy k renumbers each question by k * the highest number (a number printed
    twice stays one question printed twice) and appends "(variant k)" to titles.
    """
    lines = text.splitlines()
    highest = max(int(m["number"]) for line in lines if (m := QUESTION_LINE.match(line)))
    copies = [text.rstrip("\n")]
    for k in range(1, factor):
        out = []
        for line in lines:
            match = QUESTION_LINE.match(line)
            if match:
                line = f"{int(match['number']) + k * highest}. {match['title'].rstrip()} (variant {k})"
            out.append(line)
        copies.append("\n".join(out).rstrip("\n"))
    return "\n\n".join(copies) + "\n"


def nav_sections_only(site_data: dict, limit: int = NAV_QUESTIONS_MAX) -> dict:
    """The generated site data with each section longer than `limit` cut to its index page."""
    nav = []
    for item in site_data["nav"]:
        ((title, value),) = item.items()
        if isinstance(value, list) and len(value) > limit and str(value[0]).endswith("index.md"):
            value = value[:1]
        nav.append({title: value})
    return {**site_data, "nav": nav}


def bare_config(config_text: str, site_data: dict) -> dict:
    """A bare Material config for the same pages: theme, Markdown extensions and nav only.

    The notebook pages are left out (a bare build cannot render them); search,
    MkDocs' default plugin, stays.
    """
    config = yaml.load(config_text, Loader=_IgnoreTagsLoader)

    def keep(entry: object) -> object:
        if isinstance(entry, dict):
            kept = {k: keep(v) for k, v in entry.items()}
            return {k: v for k, v in kept.items() if v not in (None, [])} or None
        if isinstance(entry, list):
            return [x for x in (keep(v) for v in entry) if x is not None]
        return None if str(entry).endswith(".ipynb") else entry

    return {
        "site_name": config["site_name"],
        "site_url": config.get("site_url"),
        "theme": {"name": "material", "features": config["theme"].get("features", [])},
        "markdown_extensions": config["markdown_extensions"],
        "nav": keep(site_data["nav"]),
    }


class _IgnoreTagsLoader(yaml.SafeLoader):
    """A YAML loader that reads mkdocs.yml's !ENV and other tags as plain values."""


_IgnoreTagsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def render_figures(page: str, figures: str) -> str:
    """`page` with `figures` between its figure markers; an error if they are not there once each."""
    if (
        page.count(FIGURES_START) != 1
        or page.count(FIGURES_END) != 1
        or page.index(FIGURES_START) > page.index(FIGURES_END)
    ):
        raise SystemExit(
            f"benchmark: {PERFORMANCE_PAGE} needs the lines {FIGURES_START!r} and {FIGURES_END!r}, once each"
        )
    head, rest = page.split(FIGURES_START)
    _, tail = rest.split(FIGURES_END)
    return f"{head}{FIGURES_START}\n\n{figures}\n\n{FIGURES_END}{tail}"


def gzip_size(data: bytes) -> int:
    """Bytes after gzip at level 6 (what static hosts such as GitHub Pages send)."""
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def format_seconds(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def format_kb(size: int) -> str:
    return f"{size / 1000:.1f} KB"


def verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def render_table(rows: list[Row]) -> str:
    """The results as a Markdown table."""
    lines = ["| group | what | value | ratio | target | |", "| --- | --- | ---: | ---: | --- | --- |"]
    lines += [f"| {r.group} | {r.what} | {r.value} | {r.ratio} | {r.target} | {r.verdict} |" for r in rows]
    return "\n".join(lines)


def describe_machine() -> str:
    """CPU model, core count, memory, OS and Python: where the figures come from."""
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        kib = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
        memory = f", {kib / 1024 / 1024:.1f} GiB RAM"
    return (
        f"{os.cpu_count()} cores ({cpu}){memory}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


# ---------------------------------------------------------------- the edge: processes, servers, browsers


def run(args: list[str], cwd: Path, timeout: int = 900) -> float:
    """Run a command; its wall time in seconds. Fails loudly with its output."""
    start = time.perf_counter()
    result = subprocess.run(args, cwd=cwd, env=ENV, capture_output=True, text=True, timeout=timeout)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"benchmark: {' '.join(args)} failed in {cwd}:\n{result.stdout}{result.stderr}")
    return elapsed


def best_of(repeat: int, *commands: Callable[[], float]) -> list[float]:
    """The best time of each command over `repeat` rounds, run in turns (A B A B ...)."""
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(repeat):
        for index, command in enumerate(commands):
            times[index].append(command())
    return [min(t) for t in times]


# The page-side probe: time the last key's keydown, then every change to the results
# until they have been quiet for 300 ms; resolves with the time of the last change (after
# the frame that paints it) minus the keydown. Results rendered for a previous, shorter
# query cannot be mistaken for the final ones: only changes after the keydown count.
SEARCH_PROBE = """
() => { window.__probe = new Promise((resolve) => {
  const input = document.querySelector("[data-md-component=search-query]");
  const output = document.querySelector("[data-md-component=search-result]");
  let keydown = null, painted = null, timer = null;
  const done = () => { observer.disconnect(); resolve(painted === null ? -1 : painted - keydown); };
  const observer = new MutationObserver(() => {
    if (keydown === null) return;
    requestAnimationFrame(() => { painted = performance.now(); });
    clearTimeout(timer); timer = setTimeout(done, 300);
  });
  input.addEventListener("keydown", () => { keydown = performance.now(); timer = setTimeout(done, 3000); },
                         { once: true, capture: true });
  observer.observe(output, { childList: true, subtree: true, characterData: true });
}); }
"""


def measure_search(chromium: str, base_url: str, runs: int) -> float:
    """Median milliseconds from the last keystroke of a query to its rendered results."""
    samples = []
    with launch_browser(chromium) as instance:
        page = instance.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base_url)
        page.keyboard.press("/")  # Material opens the search on "/" (also "s" and "f")
        input_box = page.locator("[data-md-component=search-query]")
        # Warm up: the worker has loaded and indexed search_index.json once results show.
        input_box.fill("transformer")
        page.wait_for_selector(".md-search-result__item", timeout=300_000)
        for _ in range(runs):
            for query in QUERIES:
                input_box.fill("")
                input_box.fill(query[:-1])
                page.wait_for_timeout(400)
                page.evaluate(SEARCH_PROBE)
                input_box.press(query[-1])
                latency = page.evaluate("() => window.__probe")
                if latency >= 0:
                    samples.append(latency)
    return statistics.median(samples) if samples else float("nan")


def measure_weight(chromium: str, base_url: str, path: str) -> tuple[int, int, int]:
    """First visit of a page in a fresh browser: requests, raw bytes, gzipped bytes."""
    bodies: list[bytes] = []
    with launch_browser(chromium) as instance:
        context = instance.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()

        def record(response: object) -> None:
            with contextlib.suppress(Exception):
                if response.url.startswith(base_url) and response.status == 200:
                    bodies.append(response.body())

        page.on("response", record)
        page.goto(base_url + path, wait_until="networkidle")
        page.wait_for_timeout(500)
        context.close()
    return len(bodies), sum(len(b) for b in bodies), sum(gzip_size(b) for b in bodies)


def measure_lighthouse(chromium: str, url: str, work: Path) -> dict[str, int]:
    """Lighthouse's four category scores (0-100) for `url`, mobile preset."""
    report = work / "lighthouse.json"
    flags = " ".join(["--headless", *CHROMIUM_ARGS])
    subprocess.run(
        [
            "node",
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--chrome-flags={flags}",
            "--only-categories=performance,accessibility,best-practices,seo",
        ],
        env={**ENV, "CHROME_PATH": chromium},
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    categories = json.loads(report.read_text())["categories"]
    scores = {name: round((data["score"] or 0) * 100) for name, data in categories.items()}
    failing = {name: [ref["id"] for ref in data["auditRefs"] if ref.get("weight")] for name, data in categories.items()}
    audits = json.loads(report.read_text())["audits"]
    scores["_failing"] = sorted(
        audit
        for name, ids in failing.items()
        if scores[name] < 100
        for audit in ids
        if audits[audit]["score"] is not None and audits[audit]["score"] < 1
    )
    return scores


def measure_serve(chromium: str, project: Path) -> float:
    """Seconds from saving the source document (in the copy) to the open page showing the change."""
    port = free_port()
    server = subprocess.Popen(
        [PYTHON, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    log: list[str] = []
    threading.Thread(target=lambda: log.extend(server.stdout), daemon=True).start()
    try:
        deadline = time.monotonic() + 120
        while not any("Serving on" in line for line in log):
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("benchmark: mkdocs serve did not start:\n" + "".join(log))
            time.sleep(0.2)
        source = project / "source" / "llm-interview-questions.txt"
        with launch_browser(chromium) as instance:
            page = instance.new_page()
            page.goto(f"http://127.0.0.1:{port}/llm-interview-guide/concepts/what-are-llms/")
            marker = f"Edited-{time.time_ns()}"
            text = source.read_text(encoding="utf-8")
            saved = time.monotonic()
            # An edit outside every erratum's `find` (an erratum that no longer matches stops the run).
            source.write_text(text.replace("Adjusts parameters", f"Adjusts {marker} parameters", 1))
            page.wait_for_function(f"() => document.body.innerText.includes({marker!r})", timeout=60_000, polling=50)
            latency = time.monotonic() - saved
        time.sleep(3)  # let the rebuild its own written pages trigger run, to count the builds
        builds = sum("Building documentation" in line for line in log)
        if builds > 4:
            raise SystemExit(f"benchmark: mkdocs serve rebuilt {builds} times: a reload loop?\n" + "".join(log))
        return latency
    finally:
        server.terminate()
        server.wait(timeout=30)


# ---------------------------------------------------------------- the run


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: run the measurements, print the table."""
    parser = argparse.ArgumentParser(
        prog="studyguide bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds per figure, best kept (default: 3)")
    parser.add_argument("--scales", default="1,10,100", help="document sizes to generate and build (default: 1,10,100)")
    parser.add_argument(
        "--skip", default="", help="comma-separated groups to skip: generate,build,search,weight,lighthouse,serve"
    )
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium", help="the browser")
    parser.add_argument(
        "--write-docs",
        action="store_true",
        help=f"also put the table, machine and date into {PERFORMANCE_PAGE.relative_to(ROOT)} between its markers",
    )
    args = parser.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    scales = [int(s) for s in args.scales.split(",")]
    rows: list[Row] = []

    def report(row: Row) -> None:
        rows.append(row)
        print(
            f"  {row.group:10} {row.what:55} {row.value:>12} {row.ratio:>8} {row.verdict}", file=sys.stderr, flush=True
        )

    with tempfile.TemporaryDirectory(prefix="guide-benchmark-") as tmp:
        work = Path(tmp)
        sites: dict[int, Path] = {}
        projects = {scale: copy_project(ROOT, work / f"x{scale}") for scale in scales}
        text = SOURCE.read_text(encoding="utf-8")
        for scale, project in projects.items():
            if scale != 1:
                (project / "source" / "llm-interview-questions.txt").write_text(synthesize_document(text, scale))

        def generate(scale: int) -> float:
            return run([PYTHON, "-m", "studyguide", "generate", "-q"], projects[scale])

        def build(scale: int) -> float:
            project = projects[scale]
            sites[scale] = project / "site"
            return run(
                [PYTHON, "-m", "mkdocs", "build", "-q", "-d", "site"] + (["--strict"] if scale == 1 else []), project
            )

        generated: dict[int, float] = {}
        built: dict[int, float] = {}
        for scale in scales:
            repeat = args.repeat if scale < 100 else 1
            if "generate" not in skip:
                generated[scale] = best_of(repeat, functools.partial(generate, scale))[0]
            else:
                generate(scale)
            if scale != 1:
                site_file = projects[scale] / "generated" / "site.yml"
                data = yaml.safe_load(site_file.read_text(encoding="utf-8"))
                site_file.write_text(yaml.safe_dump(nav_sections_only(data), sort_keys=False))
            if "build" not in skip or "search" not in skip or scale == 1:
                built[scale] = best_of(
                    1 if scale == 100 or "build" in skip else repeat, functools.partial(build, scale)
                )[0]
        questions = {scale: 62 * scale for scale in scales}
        if "generate" not in skip:
            for scale in scales:
                ratio = generated[scale] / generated[1] if 1 in generated else 0
                report(
                    Row(
                        "generate",
                        f"studyguide generate, {scale}x ({questions.get(scale, '?')} question lines)",
                        format_seconds(generated[scale]),
                        f"{ratio:.1f}x" if scale != 1 else "1x",
                        f"<= {scale}x" if scale != 1 else "",
                        verdict(ratio <= scale) if scale != 1 else "",
                    )
                )

        if "build" not in skip and 1 in projects:
            bare = work / "bare"
            bare.mkdir()
            shutil.copytree(projects[1] / "docs", bare / "docs")
            shutil.copytree(projects[1] / "generated", bare / "generated")
            site_data = yaml.safe_load((projects[1] / "generated" / "site.yml").read_text(encoding="utf-8"))
            config = bare_config((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), site_data)
            (bare / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
            full, plain = best_of(
                args.repeat,
                lambda: run([PYTHON, "-m", "mkdocs", "build", "-q", "--strict", "-d", str(work / "s1")], projects[1]),
                lambda: run([PYTHON, "-m", "mkdocs", "build", "-q", "-d", str(work / "s2")], bare),
            )
            report(Row("build", "bare Material build of the same Markdown", format_seconds(plain), "1x"))
            report(
                Row(
                    "build",
                    "mkdocs build --strict of the project (+2 notebook pages)",
                    format_seconds(full),
                    f"{full / plain:.2f}x",
                    "<= 1.3x",
                    verdict(full / plain <= 1.3),
                )
            )
            for scale in scales:
                total = generated.get(scale, 0) + built[scale]
                base = generated.get(1, 0) + built[1]
                ratio = total / base
                report(
                    Row(
                        "build",
                        f"generate + build, {scale}x" + (" (nav: section indexes)" if scale != 1 else ""),
                        format_seconds(total),
                        f"{ratio:.1f}x",
                        f"<= {scale}x" if scale != 1 else "",
                        verdict(ratio <= scale) if scale != 1 else "",
                    )
                )

        if "search" not in skip:
            for scale in (s for s in scales if s in (1, 100) and s in sites):
                index = sites[scale] / "search" / "search_index.json"
                report(
                    Row(
                        "search",
                        f"search index, {scale}x (raw / gzip)",
                        f"{format_kb(index.stat().st_size)} / {format_kb(gzip_size(index.read_bytes()))}",
                    )
                )
                with serve_static(sites[scale]) as base_url:
                    latency = measure_search(args.chromium, base_url, runs=2)
                report(
                    Row(
                        "search",
                        f"last keystroke to rendered results, {scale}x (median)",
                        f"{latency:.0f} ms",
                        "",
                        "<= 50 ms" if scale == 100 else "",
                        verdict(latency <= 50) if scale == 100 else "",
                    )
                )

        if ("weight" not in skip or "lighthouse" not in skip) and 1 in sites:
            budgets = {"home": 100_000, "question": 100_000, "notebook": 150_000}
            with serve_static(sites[1]) as base_url:
                if "weight" not in skip:
                    for name, path in PAGES.items():
                        count, raw, packed = measure_weight(args.chromium, base_url, path)
                        report(
                            Row(
                                "weight",
                                f"first visit, {name} /{path} ({count} requests, raw / gzip)",
                                f"{format_kb(raw)} / {format_kb(packed)}",
                                "",
                                f"<= {budgets[name] // 1000} KB gzip",
                                verdict(packed <= budgets[name]),
                            )
                        )
                    for path in ("notebooks/transformer-block/",):
                        count, raw, packed = measure_weight(args.chromium, base_url, path)
                        report(
                            Row(
                                "weight",
                                f"first visit, notebook /{path} ({count} requests, raw / gzip)",
                                f"{format_kb(raw)} / {format_kb(packed)}",
                                "",
                                "<= 150 KB gzip",
                                verdict(packed <= 150_000),
                            )
                        )
                if "lighthouse" not in skip:
                    if not LIGHTHOUSE.is_file():
                        print("benchmark: Lighthouse skipped: run npm ci --prefix tools/lighthouse", file=sys.stderr)
                    else:
                        for name, path in PAGES.items():
                            runs = [measure_lighthouse(args.chromium, base_url + path, work) for _ in range(3)]
                            s = {k: statistics.median(r[k] for r in runs) for k in runs[0] if k != "_failing"}
                            s["_failing"] = sorted({audit for r in runs for audit in r["_failing"]})
                            ok = s["performance"] >= 95 and all(
                                s[k] == 100 for k in ("accessibility", "best-practices", "seo")
                            )
                            failing = f" (short of full marks: {', '.join(s['_failing'])})" if s["_failing"] else ""
                            report(
                                Row(
                                    "lighthouse",
                                    f"{name}: performance / accessibility / best practices / SEO{failing}",
                                    f"{s['performance']} / {s['accessibility']} / {s['best-practices']} / {s['seo']}",
                                    "",
                                    ">= 95 / 100 / 100 / 100",
                                    verdict(ok),
                                )
                            )

        if "serve" not in skip:
            latency = measure_serve(args.chromium, copy_project(ROOT, work / "serve"))
            report(
                Row(
                    "serve",
                    "save the source document to the change shown (mkdocs serve)",
                    format_seconds(latency),
                    "",
                    "<= 2 s",
                    verdict(latency <= 2),
                )
            )

    table = render_table(rows)
    machine = describe_machine()
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(table)
    print(f"\nMachine: {machine}. Date: {stamp}. Timings: best of {args.repeat} (one run at 100x).")
    if args.write_docs:
        figures = f"{table}\n\nMachine: {machine}. Date: {stamp}. Timings: best of {args.repeat} (one run at 100x)."
        page = PERFORMANCE_PAGE.read_text(encoding="utf-8")
        PERFORMANCE_PAGE.write_text(render_figures(page, figures), encoding="utf-8")
        print(f"benchmark: figures written to {PERFORMANCE_PAGE.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
