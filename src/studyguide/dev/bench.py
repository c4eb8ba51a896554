#!/usr/bin/env python3
"""Measure the study guide side by side and print the figures as a Markdown table.

Figures, not tests: the machine may be small and busy, so every timing is the
best of --repeat runs, and each figure that has a target is printed with the
ratio it is judged by (two builds timed in turns, 10x against 1x, ...), which
noise affects on both sides alike. Nothing in the repository is modified: the
project is copied into a temporary folder and every build, synthetic document
and `mkdocs serve` runs there.

Measured, one function per group (--skip leaves groups out):
  generate    studyguide generate on the source document and on synthetic
              documents with 10x and 100x as many questions (copies of the real
              ones with unique titles and numbers, so the same shape)
  scale       generate + mkdocs build --strict at 1x, 10x and 100x, exactly as a
              user runs them (the product's own nav rule for long sections); peak
              memory of each run; the size of one question page at every scale
  build       mkdocs build --strict of the project against a bare Material +
              mkdocs-jupyter build of the same pages (no other plugin, no hooks),
              timed in turns, median of max(--repeat, 5) each; the build with a
              3 kB line of code and with a 100 kB word against the plain one
              (linear in line length: both stay close to it)
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
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from studyguide.dev.testing import (
    CHROMIUM_ARGS,
    PAGE_BUDGETS,
    PYTHON,
    copy_project,
    free_port,
    launch_browser,
    mkdocs_env,
    serve_static,
)
from studyguide.inputs.config import read_config
from studyguide.inputs.source import merge_duplicates, parse_document
from studyguide.project import Project, find_project
from studyguide.write import is_generated

# The hand-written performance page holds the latest figures between these two lines.
FIGURES_START = "<!-- figures: written by studyguide bench --write-docs -->"
FIGURES_END = "<!-- end of figures -->"
ENV = mkdocs_env()
# The pages whose weight and Lighthouse scores are measured (site paths).
PAGES = {"home": "", "question": "concepts/attention-mechanisms/", "notebook": "notebooks/gpt2-tokenizer/"}
# A question line of the source document: "12. Title".
QUESTION_LINE = re.compile(r"^(?P<number>\d+)\.\s+(?P<title>\S.*)$")
# Search queries: everything but the last character is typed first, then the last key is timed.
QUERIES = ("attention", "tokenization", "gradient checkpointing", "bias", "positional encoding")
# Peak memory target of one generate or build run, in KiB (2 GB).
MEMORY_TARGET_KIB = 2 * 1024 * 1024
# The groups, in the order they run.
GROUPS = ("generate", "scale", "build", "search", "weight", "lighthouse", "serve")


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


def question_count(text: str) -> int:
    """The number of questions of a document (a question printed twice counts once)."""
    return len(merge_duplicates(parse_document(text)))


def bare_config(config: dict, site_data: dict) -> dict:
    """A bare Material + mkdocs-jupyter config for the same pages: theme, Markdown extensions,
    nav, search and the notebook plugin as mkdocs.yml sets it (the notebooks go under docs/)."""
    jupyter = next(p for p in config["plugins"] if isinstance(p, dict) and "mkdocs-jupyter" in p)
    return {
        "site_name": config["site_name"],
        "site_url": config.get("site_url"),
        "theme": {"name": "material", "features": config["theme"].get("features", [])},
        "markdown_extensions": config["markdown_extensions"],
        "plugins": ["search", jupyter],
        "nav": site_data["nav"],
    }


def render_figures(page: str, figures: str) -> str:
    """`page` with `figures` between its figure markers; an error if they are not there once each."""
    if (
        page.count(FIGURES_START) != 1
        or page.count(FIGURES_END) != 1
        or page.index(FIGURES_START) > page.index(FIGURES_END)
    ):
        raise SystemExit(
            f"benchmark: the performance page needs the lines {FIGURES_START!r} and {FIGURES_END!r}, once each"
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


@dataclass(frozen=True)
class Run:
    """One command's wall time, peak resident memory and CPU time (user + system)."""

    seconds: float
    peak_kib: int
    cpu: float = 0.0


def run_measured(args: list[str], cwd: Path, timeout: int = 3600) -> Run:
    """Run a command; its wall time and peak memory (ru_maxrss from wait4). Fails loudly with its output."""
    with tempfile.TemporaryFile("w+") as output:
        start = time.perf_counter()
        process = subprocess.Popen(args, cwd=cwd, env=ENV, stdout=output, stderr=subprocess.STDOUT, text=True)
        timer = threading.Timer(timeout, process.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            output.seek(0)
            raise SystemExit(f"benchmark: {' '.join(args)} failed in {cwd}:\n{output.read()}")
    return Run(elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime)  # KiB on Linux


def run(args: list[str], cwd: Path, timeout: int = 3600) -> float:
    """Run a command; its wall time in seconds."""
    return run_measured(args, cwd, timeout).seconds


def median_in_turns(repeat: int, *commands: Callable[[], Run]) -> list[Run]:
    """The median wall and CPU time of each command over `repeat` rounds, run in turns (A B A B ...),
    after one untimed round (file caches warm for every command alike)."""
    for command in commands:
        command()
    runs: list[list[Run]] = [[] for _ in commands]
    for _ in range(repeat):
        for index, command in enumerate(commands):
            runs[index].append(command())
    return [
        Run(statistics.median(r.seconds for r in rs), max(r.peak_kib for r in rs), statistics.median(r.cpu for r in rs))
        for rs in runs
    ]


def long_line(text: str) -> str:
    """The source with a 3 kB line of code (a list of 600 numbers: many highlighted tokens), in a code
    block of its own after the first answer paragraph."""
    line = "LONG = [" + ", ".join(str(i) for i in range(600)) + "]"
    first = text.index("\n\n") + 2
    end = text.index("\n", first)
    return text[: end + 1] + "\n```\n" + line + "\n```\n" + text[end + 1 :]


def long_word(text: str, size: int = 100_000) -> str:
    """The source with a `size`-character word as a paragraph of its own after the first answer paragraph
    (in the HTML it follows a tag with no space between: the print-site plugin's id regex was quadratic there)."""
    first = text.index("\n\n") + 2
    end = text.index("\n", first)
    return text[: end + 1] + "\n" + "x" * size + "\n" + text[end + 1 :]


def best_of(repeat: int, *commands: Callable[[], float]) -> list[float]:
    """The best time of each command over `repeat` rounds, run in turns (A B A B ...)."""
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(repeat):
        for index, command in enumerate(commands):
            times[index].append(command())
    return [min(t) for t in times]


def format_memory(kib: int) -> str:
    return f"{kib / 1024:.0f} MB"


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
        # Material reads the query on key events, not on fill(): the last letter is a key press.
        input_box.fill("transforme")
        input_box.press("r")
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


def measure_lighthouse(chromium: str, url: str, work: Path, lighthouse: Path) -> dict[str, int]:
    """Lighthouse's four category scores (0-100) for `url`, mobile preset, and its cumulative layout shift ("_cls")."""
    report = work / "lighthouse.json"
    flags = " ".join(["--headless", *CHROMIUM_ARGS])
    subprocess.run(
        [
            "node",
            str(lighthouse),
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
    scores["_cls"] = audits["cumulative-layout-shift"]["numericValue"]
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


# ---------------------------------------------------------------- the groups


@dataclass
class Bench:
    """One benchmark run: its options, its working folder, and what earlier groups produced."""

    args: argparse.Namespace
    home: Project
    work: Path
    scales: list[int]
    report: Callable[[Row], None]
    projects: dict[int, Path] = field(default_factory=dict)
    generated: dict[int, Run] = field(default_factory=dict)
    built: dict[int, Run] = field(default_factory=dict)

    def project(self, scale: int) -> Path:
        """The copy of the project with a document `scale` times the source (made once)."""
        if scale not in self.projects:
            project = Project(copy_project(self.home.root, self.work / f"x{scale}"))
            if scale != 1:
                text = self.home.source.read_text(encoding="utf-8")
                project.source.write_text(synthesize_document(text, scale))
            self.projects[scale] = project.root
        return self.projects[scale]

    def questions(self, scale: int) -> int:
        """How many questions the document has at ``scale``: the source's count, times ``scale``."""
        return question_count(self.home.source.read_text(encoding="utf-8")) * scale

    def generate(self, scale: int) -> Run:
        """`studyguide generate` in the copy, writing every page: the generated ones are removed first,
        so every scale is timed doing the same work (the copy at 1x starts with its pages up to date)."""
        project = self.project(scale)
        for path in (project / "docs").rglob("*.md"):
            if is_generated(path):
                path.unlink()
        return run_measured([PYTHON, "-m", "studyguide", "generate", "-q"], project)

    def site(self, scale: int) -> Path:
        """The copy's built site: `mkdocs build --strict`, as a user runs it (built once)."""
        if scale not in self.built:
            if scale not in self.generated:
                self.generated[scale] = self.generate(scale)
            site = Project(self.project(scale)).site
            command = [PYTHON, "-m", "mkdocs", "build", "-q", "--strict", "-d", str(site)]
            self.built[scale] = run_measured(command, self.project(scale))
        return Project(self.project(scale)).site


def bench_generate(bench: Bench) -> None:
    """studyguide generate at each scale, writing every page; best of --repeat (one run at 100x)."""
    for scale in bench.scales:
        runs = [bench.generate(scale) for _ in range(bench.args.repeat if scale < 100 else 1)]
        bench.generated[scale] = Run(min(r.seconds for r in runs), max(r.peak_kib for r in runs))
    base = bench.generated[bench.scales[0]].seconds
    for scale in bench.scales:
        ratio = bench.generated[scale].seconds / base
        bench.report(
            Row(
                "generate",
                f"studyguide generate, {scale}x ({bench.questions(scale)} questions)",
                format_seconds(bench.generated[scale].seconds),
                f"{ratio:.1f}x",
                f"<= {scale}x" if scale != 1 else "",
                verdict(ratio <= scale) if scale != 1 else "",
            )
        )


def bench_scale(bench: Bench) -> None:
    """Generate + strict build at each scale through the product's path: time, peak memory, page size."""
    page = Path(PAGES["question"]) / "index.html"
    sizes: dict[int, int] = {}
    for scale in bench.scales:
        bench.site(scale)
        sizes[scale] = (bench.site(scale) / page).stat().st_size
    base_scale = bench.scales[0]
    base = bench.generated[base_scale].seconds + bench.built[base_scale].seconds
    for scale in bench.scales:
        total = bench.generated[scale].seconds + bench.built[scale].seconds
        ratio = total / base
        bench.report(
            Row(
                "scale",
                f"generate + build --strict, {scale}x ({bench.questions(scale)} questions)",
                format_seconds(total),
                f"{ratio:.1f}x",
                f"<= {scale}x" if scale != base_scale else "",
                verdict(ratio <= scale) if scale != base_scale else "",
            )
        )
        peak = max(bench.generated[scale].peak_kib, bench.built[scale].peak_kib)
        bench.report(
            Row(
                "scale",
                f"peak memory of generate / build, {scale}x",
                f"{format_memory(bench.generated[scale].peak_kib)} / {format_memory(bench.built[scale].peak_kib)}",
                "",
                "<= 2 GB",
                verdict(peak <= MEMORY_TARGET_KIB),
            )
        )
        growth = sizes[scale] / sizes[base_scale]
        bench.report(
            Row(
                "scale",
                f"question page /{PAGES['question']}, {scale}x (raw HTML)",
                format_kb(sizes[scale]),
                f"{growth:.2f}x",
                "<= 1.1x" if scale != base_scale else "",
                verdict(growth <= 1.1) if scale != base_scale else "",
            )
        )


def bench_build(bench: Bench) -> None:
    """The project's strict build against a bare Material + mkdocs-jupyter build of the same pages, at 1x,
    timed in turns (median); then builds with a long line of code and a long word against the plain one."""
    project = bench.project(1)
    bench.site(1)
    bare = bench.work / "bare"
    bare.mkdir()
    shutil.copytree(project / "docs", bare / "docs")
    shutil.copytree(project / "notebooks", bare / "docs" / "notebooks", ignore=shutil.ignore_patterns("*.py"))
    site_data = yaml.safe_load((project / "generated" / "site.yml").read_text(encoding="utf-8"))
    config = bare_config(read_config(bench.home.config, resolve_tags=False), site_data)
    (bare / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    rounds = max(bench.args.repeat, 5)

    def build(folder: Path, site: str, *extra: str) -> Callable[[], Run]:
        command = [PYTHON, "-m", "mkdocs", "build", "-q", *extra, "-d", str(bench.work / site)]
        return lambda: run_measured(command, folder)

    full, plain = median_in_turns(rounds, build(project, "s1", "--strict"), build(bare, "s2"))
    bench.report(Row("build", "bare Material + mkdocs-jupyter build, same pages", format_seconds(plain.seconds), "1x"))
    # Wall time is the figure; CPU time is the same comparison, less disturbed by a busy machine.
    for what, ratio, value in (
        (
            f"mkdocs build --strict of the project (median of {rounds}, in turns)",
            full.seconds / plain.seconds,
            full.seconds,
        ),
        ("the same two builds, CPU time (user + system)", full.cpu / plain.cpu, full.cpu),
    ):
        bench.report(Row("build", what, format_seconds(value), f"{ratio:.2f}x", "<= 1.1x", verdict(ratio <= 1.1)))
    source = bench.home.source.read_text(encoding="utf-8")
    variants = {}
    for name, text in (("a 3 kB line of code", long_line(source)), ("a 100 kB word", long_word(source))):
        folder = copy_project(bench.home.root, bench.work / name.replace(" ", "-"))
        (folder / "source" / "llm-interview-questions.txt").write_text(text, encoding="utf-8")
        run([PYTHON, "-m", "studyguide", "generate", "-q"], folder)
        variants[name] = folder
    names = list(variants)
    runs = median_in_turns(
        max(bench.args.repeat, 3),
        build(project, "s1", "--strict"),
        *(build(variants[name], f"s-{index}", "--strict") for index, name in enumerate(names)),
    )
    for name, seconds in zip(names, (r.seconds for r in runs[1:]), strict=True):
        ratio = seconds / runs[0].seconds
        bench.report(
            Row(
                "build",
                f"mkdocs build --strict, source with {name}",
                format_seconds(seconds),
                f"{ratio:.2f}x",
                "<= 1.2x",
                verdict(ratio <= 1.2),
            )
        )


def bench_search(bench: Bench) -> None:
    """Search index size and keystroke-to-results latency at 1x and 100x."""
    for scale in (s for s in bench.scales if s in (1, 100)):
        site = bench.site(scale)
        index = site / "search" / "search_index.json"
        bench.report(
            Row(
                "search",
                f"search index, {scale}x (raw / gzip)",
                f"{format_kb(index.stat().st_size)} / {format_kb(gzip_size(index.read_bytes()))}",
            )
        )
        with serve_static(site) as base_url:
            latency = measure_search(bench.args.chromium, base_url, runs=2)
        bench.report(
            Row(
                "search",
                f"last keystroke to rendered results, {scale}x (median)",
                f"{latency:.0f} ms",
                "",
                "<= 50 ms",
                verdict(latency <= 50),
            )
        )


def bench_weight(bench: Bench) -> None:
    """First visit of each measured page: requests and bytes, against the shared budgets."""
    paths = {**PAGES, "notebook (2)": "notebooks/transformer-block/"}
    with serve_static(bench.site(1)) as base_url:
        for name, path in paths.items():
            budget = PAGE_BUDGETS.get(path, PAGE_BUDGETS[PAGES["notebook"]])
            count, raw, packed = measure_weight(bench.args.chromium, base_url, path)
            bench.report(
                Row(
                    "weight",
                    f"first visit, {name} /{path} ({count} requests, raw / gzip)",
                    f"{format_kb(raw)} / {format_kb(packed)}",
                    "",
                    f"<= {budget // 1000} KB gzip",
                    verdict(packed <= budget),
                )
            )


def bench_lighthouse(bench: Bench) -> None:
    """Lighthouse's four scores for each measured page, median of three runs."""
    if not bench.home.lighthouse.is_file():
        print("benchmark: Lighthouse skipped: run npm ci --prefix tools/lighthouse", file=sys.stderr)
        return
    with serve_static(bench.site(1)) as base_url:
        for name, path in PAGES.items():
            runs = [
                measure_lighthouse(bench.args.chromium, base_url + path, bench.work, bench.home.lighthouse)
                for _ in range(3)
            ]
            s = {k: statistics.median(r[k] for r in runs) for k in runs[0] if k not in ("_failing", "_cls")}
            cls = max(r["_cls"] for r in runs)
            s["_failing"] = sorted({audit for r in runs for audit in r["_failing"]})
            ok = s["performance"] >= 95 and all(s[k] == 100 for k in ("accessibility", "best-practices", "seo"))
            failing = f" (short of full marks: {', '.join(s['_failing'])})" if s["_failing"] else ""
            bench.report(
                Row(
                    "lighthouse",
                    f"{name}: performance / accessibility / best practices / SEO{failing}",
                    f"{s['performance']} / {s['accessibility']} / {s['best-practices']} / {s['seo']}",
                    "",
                    ">= 95 / 100 / 100 / 100",
                    verdict(ok),
                )
            )
            bench.report(
                Row(
                    "lighthouse",
                    f"{name}: cumulative layout shift (worst of 3)",
                    f"{cls:.3f}",
                    "",
                    "<= 0.01",
                    verdict(cls <= 0.01),
                )
            )


def bench_serve(bench: Bench) -> None:
    """Save the source under mkdocs serve; time until the open page shows the change."""
    latency = measure_serve(bench.args.chromium, copy_project(bench.home.root, bench.work / "serve"))
    bench.report(
        Row(
            "serve",
            "save the source document to the change shown (mkdocs serve)",
            format_seconds(latency),
            "",
            "<= 2 s",
            verdict(latency <= 2),
        )
    )


MEASURES: dict[str, Callable[[Bench], None]] = {
    "generate": bench_generate,
    "scale": bench_scale,
    "build": bench_build,
    "search": bench_search,
    "weight": bench_weight,
    "lighthouse": bench_lighthouse,
    "serve": bench_serve,
}


# ---------------------------------------------------------------- the run


def main(argv: list[str] | None = None, project: Project | None = None) -> int:
    """Command-line entry point: run the measurements on ``project`` (default: found from here), print the table."""
    project = project or find_project()
    performance_page = project.display(project.performance_page)
    parser = argparse.ArgumentParser(
        prog="studyguide bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds per figure, best kept (default: 3)")
    parser.add_argument("--scales", default="1,10,100", help="document sizes to generate and build (default: 1,10,100)")
    parser.add_argument("--skip", default="", help=f"comma-separated groups to skip: {','.join(GROUPS)}")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium", help="the browser")
    parser.add_argument(
        "--write-docs",
        action="store_true",
        help=f"also put the table, machine and date into {performance_page} between its markers",
    )
    args = parser.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    unknown = skip - set(GROUPS)
    if unknown:
        parser.error(f"unknown groups to skip: {', '.join(sorted(unknown))} (groups: {', '.join(GROUPS)})")
    scales = sorted({1, *(int(s) for s in args.scales.split(","))})
    rows: list[Row] = []

    def report(row: Row) -> None:
        rows.append(row)
        print(
            f"  {row.group:10} {row.what:55} {row.value:>12} {row.ratio:>8} {row.verdict}", file=sys.stderr, flush=True
        )

    with tempfile.TemporaryDirectory(prefix="guide-benchmark-") as tmp:
        bench = Bench(args, project, Path(tmp), scales, report)
        for group in GROUPS:
            if group not in skip:
                MEASURES[group](bench)

    table = render_table(rows)
    note = f"Machine: {describe_machine()}. Date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC. "
    note += f"Timings: best of {args.repeat} (one run at 100x; the build group: medians of runs in turns);"
    note += " memory: peak resident set of each process."
    print(table)
    print(f"\n{note}")
    if args.write_docs:
        page = project.performance_page.read_text(encoding="utf-8")
        project.performance_page.write_text(render_figures(page, f"{table}\n\n{note}"), encoding="utf-8")
        print(f"benchmark: figures written to {performance_page}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
