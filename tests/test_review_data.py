"""Review mode's data: every question has a level, the committed scheduler is the pinned npm file."""

from __future__ import annotations

import json
from pathlib import Path

from studyguide.inputs.config import read_config
from studyguide.inputs.curated import load_curated
from studyguide.outputs.pages import LEVELS

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "docs/assets/javascripts/vendor/ts-fsrs"
PACKAGE = ROOT / "node_modules/ts-fsrs"


def test_every_curated_question_has_a_level():
    curated = load_curated((ROOT / "data/questions.yml").read_text(encoding="utf-8"), "data/questions.yml").data
    missing = [q.slug for q in curated.questions if q.level is None]
    assert not missing, f"no level: {missing}"
    assert {q.level for q in curated.questions} == set(LEVELS)


def test_committed_scheduler_is_the_pinned_npm_file():
    pinned = json.loads((ROOT / "package.json").read_text())["devDependencies"]["ts-fsrs"]
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]["node_modules/ts-fsrs"]
    installed = json.loads((PACKAGE / "package.json").read_text())
    assert pinned == lock["version"] == installed["version"], "package.json, the lock file and node_modules disagree"
    assert installed["license"] == "MIT"
    assert (VENDOR / "index.umd.js").read_bytes() == (PACKAGE / "dist/index.umd.js").read_bytes(), (
        f"docs/assets/javascripts/vendor/ts-fsrs/index.umd.js is not ts-fsrs {pinned}'s dist/index.umd.js: "
        "copy it again after changing the pin"
    )
    assert (VENDOR / "LICENSE").read_bytes() == (PACKAGE / "LICENSE").read_bytes()


def test_review_scripts_are_registered_and_the_scheduler_is_not():
    config = read_config(ROOT / "mkdocs.yml", resolve_tags=False)
    scripts = config["extra_javascript"]
    assert scripts.index("assets/javascripts/review-store.js") < scripts.index("assets/javascripts/study.js")
    assert "assets/javascripts/review.js" in scripts
    # FSRS is loaded by review.js on the review page only, not on every page.
    assert not [s for s in scripts if "vendor" in s]
