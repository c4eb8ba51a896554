"""MkDocs hook: under `mkdocs serve`, regenerate the pages when the source or the curated data change.

mkdocs.yml watches source/ and data/, so saving either starts a rebuild; this
hook then runs scripts/generate.py's pure pipeline in-process before anything
else reads the pages, and writes only the files whose content changed. The
rebuild that the written pages trigger in turn finds nothing to write, so
there is no reload loop. Bad input logs the generator's located error and
leaves the pages as they were; the server keeps running. `mkdocs build` is
untouched: the Makefile runs the generator before it, and CI checks it.
"""

from __future__ import annotations

import importlib.util
import logging
import sys
from pathlib import Path
from types import ModuleType

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

GENERATOR = Path(__file__).resolve().parent.parent / "scripts" / "generate.py"
log = logging.getLogger(f"mkdocs.hooks.{__name__}")

# Set by on_startup: this module is loaded once per process, and MkDocs calls
# on_startup once, before the first build, with the command being run.
_serving = False


def load_generator() -> ModuleType:
    """scripts/generate.py as a module (scripts/ is not a package); imported once."""
    name = "studyguide_generate"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, GENERATOR)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def regenerate() -> list[str]:
    """Render every page in memory and write those that changed; the paths written.

    Raises the generator's GuideError/GuideErrors on bad input, before writing anything.
    """
    generate = load_generator()
    files, summary, warnings = generate.render_all(generate.SOURCE)
    plan = generate.plan_writes(generate.ROOT, files)
    for warning in warnings:
        # Not log.warning: under strict mode that would abort a build the CLI lets through.
        log.info("generate: warning: %s", warning)
    if plan.changes:
        generate.write_outputs(generate.ROOT, files, plan)
        log.info("generate: %s; %d file(s) written or removed", summary, len(plan.changes))
    return list(plan.changes)


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this process serves the site."""
    global _serving
    _serving = command == "serve"


@event_priority(100)  # before hooks/generated_site.py reads the generated nav
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """While serving, bring the generated pages up to date before the build reads them."""
    if _serving:
        generate = load_generator()
        try:
            regenerate()
        except (generate.GuideError, generate.GuideErrors) as error:
            log.error("generate: the pages were not regenerated:\n%s", error)
    return config
