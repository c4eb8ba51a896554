"""Review mode's data: every question has a level, the committed scheduler is the pinned npm file."""

from __future__ import annotations

import json
import re
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
    assert set(scripts) == {
        f"assets/javascripts/{name}.js" for name in ("guide-core", "review-store", "study", "review")
    }
    # No order hidden in that list: the two that use the others start at DOMContentLoaded.
    js = ROOT / "docs/assets/javascripts"
    for name in ("study.js", "review.js"):
        assert 'document.addEventListener("DOMContentLoaded", start)' in (js / name).read_text()
    # FSRS is loaded by review.js on the review page only, not on every page.
    assert not [s for s in scripts if "vendor" in s]


def test_stored_cards_are_checked_by_the_schedulers_own_bounds():
    """review-store.js clamps stability to ts-fsrs's S_MIN..S_MAX: the same numbers as the pinned package."""
    store = (ROOT / "docs/assets/javascripts/review-store.js").read_text()
    dist = (ROOT / "node_modules/ts-fsrs/dist/index.cjs").read_text()
    for name in ("S_MIN", "S_MAX"):
        ours = re.search(rf"const {name} = ([\d.e-]+);", store).group(1)
        theirs = re.search(rf"const {name} = ([\d.e-]+);", dist).group(1)
        assert float(ours) == float(theirs), f"review-store.js {name} = {ours}, ts-fsrs says {theirs}"
