"""Build a variant of the site for the browser tests: python build_variant.py no-instant DEST

"no-instant" is mkdocs.yml without navigation.instant, to check that links land
with instant navigation off as well as on.
"""

from __future__ import annotations

import sys
from pathlib import Path

from studyguide.inputs.config import read_config
from studyguide.outputs.offline import build_site
from studyguide.project import find_project


def main(variant: str, dest: str) -> None:
    config = find_project().config
    raw = read_config(config)
    if variant != "no-instant":
        raise SystemExit(f"unknown variant {variant!r}")
    theme = dict(raw["theme"])
    theme["features"] = [f for f in theme["features"] if not f.startswith("navigation.instant")]
    build_site(Path(dest), {"theme": theme}, config)


if __name__ == "__main__":
    main(*sys.argv[1:])
