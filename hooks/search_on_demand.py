"""MkDocs hook: load the search index on demand instead of on every page load.

The script beside this file (search_on_demand.js) is inlined just before
Material's bundle in every page, the 404 page included; see its comment for
what it does. Only the pages of the site get it: with the offline plugin
(file:// pages) Material loads the index as a script instead, untouched.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

SCRIPT = (Path(__file__).with_suffix(".js")).read_text(encoding="utf-8")
# Material's bundle: the script element that loads assets/javascripts/bundle.<hash>.min.js.
BUNDLE = re.compile(r'<script src="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js"></script>')


def render_script(output: str) -> str:
    """`output` with the on-demand script just before Material's bundle (unchanged if it has no bundle)."""
    match = BUNDLE.search(output)
    if match is None:
        return output
    return output[: match.start()] + f"<script>{SCRIPT}</script>\n" + output[match.start() :]


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Every page."""
    return render_script(output)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """The 404 page, which is a template of its own."""
    return render_script(output_content) if template_name == "404.html" else output_content
