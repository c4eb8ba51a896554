"""Build the offline copy of the site and zip it for readers to download.

    studyguide offline            # site-offline/ and dist/llm-interview-guide-offline.zip
    studyguide offline --no-zip   # just the folder

The result opens from disk (file://) with working search and links. It is
mkdocs.yml plus Material's offline plugin, added here only: the normal build
never loads that plugin. The plugin would add a render-blocking <script> for
the iframe-worker shim from a CDN; instead the shim comes from the pinned npm
package (run `npm ci` first) and is copied into the built site.
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path
from typing import Any

from studyguide.errors import GuideError
from studyguide.inputs.config import read_config
from studyguide.outputs import archive
from studyguide.project import Project
from studyguide.write import check_output, write_if_changed

SITE_DIR = "site-offline"
ZIP_PATH = "dist/llm-interview-guide-offline.zip"
# The npm package's browser build (relative to the root); its path must contain "iframe-worker"
# so that the offline plugin sees the shim is already there and adds no CDN script.
SHIM_SOURCE = "node_modules/iframe-worker/shim/index.js"
SHIM_TARGET = "assets/javascripts/vendor/iframe-worker/shim.js"
ZIP_ROOT = "llm-interview-guide"


def offline_overrides(raw: dict[str, Any]) -> dict[str, Any]:
    """Return the config keys that turn the normal build into the offline one."""
    plugins = [p for p in raw["plugins"] if not _is_plugin(p, "offline")]
    plugins.append({"offline": {"enabled": True}})
    extra = dict(raw.get("extra") or {})
    extra["polyfills"] = [*extra.get("polyfills", []), SHIM_TARGET]
    return {"plugins": plugins, "extra": extra}


def _is_plugin(entry: str | dict[str, Any], name: str) -> bool:
    return entry == name or (isinstance(entry, dict) and name in entry)


def build_site(site_dir: Path, overrides: dict[str, Any], config_file: Path) -> None:
    """Build config_file with some config keys replaced, into site_dir (strict)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(config_file), site_dir=str(site_dir), **overrides)
    build(config)


def write_shim(shim: Path, site_dir: Path) -> None:
    """Copy the pinned iframe-worker shim to where the pages load it from."""
    target = site_dir / SHIM_TARGET
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shim, target)


def check_no_remote_scripts(site_dir: Path) -> list[str]:
    """Return the pages that still load a script from another host."""
    bad = []
    for page in sorted(site_dir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        if '<script src="http' in text or "unpkg.com" in text:
            bad.append(str(page.relative_to(site_dir)))
    return bad


def write_zip(site_dir: Path, zip_path: Path, root: Path | None = None) -> int:
    """Zip site_dir under one top folder, deterministically; return the file count.

    The zip is made in memory and written by the one safe writer (no link followed,
    nothing partial on failure).
    """
    check_output(zip_path, root)
    files = sorted(p for p in site_dir.rglob("*") if p.is_file() and not p.is_symlink())
    entries = ((f"{ZIP_ROOT}/{path.relative_to(site_dir).as_posix()}", path.read_bytes()) for path in files)
    buffer = io.BytesIO()
    count = archive.write_zip(buffer, entries)
    write_if_changed(zip_path, buffer.getvalue(), root)
    return count


def build_offline(project: Project, site_dir: Path, zip_path: Path | None) -> str:
    """Build the offline site, check it loads nothing remote, zip it; a summary of what was made."""
    shim = project.root / SHIM_SOURCE
    if not shim.is_file():
        raise GuideError(SHIM_SOURCE, None, "the iframe-worker shim is missing", "run `npm ci` first")
    if zip_path is not None:
        check_output(zip_path, project.root)  # before the build: a link at the zip is refused at once
    if site_dir.is_symlink():
        raise GuideError(
            site_dir, None, "is a symbolic link; the offline site is never built through one", "remove the link"
        )
    build_site(site_dir, offline_overrides(read_config(project.config)), project.config)
    write_shim(shim, site_dir)
    bad = check_no_remote_scripts(site_dir)
    if bad:
        raise GuideError(
            bad[0], None, f"{len(bad)} page(s) still load remote scripts", "check the offline plugin's settings"
        )
    summary = f"Offline site: {site_dir} (open index.html from disk)"
    if zip_path is not None:
        count = write_zip(site_dir, zip_path, project.root)
        summary += f"\nRelease zip: {zip_path} ({count} files)"
    return summary
