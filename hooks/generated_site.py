"""MkDocs hook: take the navigation and the redirects from generated/site.yml.

scripts/generate.py writes that file beside the pages it generates, so a
regenerated document brings its own navigation and short links (/q/<n>/)
without any edit to mkdocs.yml. A nav written in mkdocs.yml wins.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

SITE_DATA = Path(__file__).resolve().parent.parent / "generated" / "site.yml"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Install the generated nav and redirect map into the config."""
    if not SITE_DATA.is_file():
        raise PluginError(f"{SITE_DATA} is missing: run `python scripts/generate.py` first.")
    data = yaml.safe_load(SITE_DATA.read_text(encoding="utf-8"))
    if config.nav is None:
        config.nav = data["nav"]
    redirects = config.plugins.get("redirects")
    if redirects is None:
        raise PluginError("The 'redirects' plugin must be enabled in mkdocs.yml for the short links.")
    redirects.config["redirect_maps"] = {**data["redirects"], **redirects.config["redirect_maps"]}
    return config
