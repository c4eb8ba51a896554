"""Build a variant of the site for the browser tests: python build_variant.py no-instant DEST

"no-instant" is mkdocs.yml without navigation.instant, to check that links land
with instant navigation off as well as on.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from build_offline import build_site, read_raw_config  # noqa: E402


def main(variant: str, dest: str) -> None:
    raw = read_raw_config()
    if variant != "no-instant":
        raise SystemExit(f"unknown variant {variant!r}")
    theme = dict(raw["theme"])
    theme["features"] = [f for f in theme["features"] if not f.startswith("navigation.instant")]
    build_site(Path(dest), {"theme": theme})


if __name__ == "__main__":
    main(*sys.argv[1:])
