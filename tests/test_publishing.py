"""Ready to publish: the workflow lints clean, the checks pass, and the built site has
its sitemap, canonical URLs and a helpful 404 page, with the addresses set once."""

from __future__ import annotations

import gzip
import re
import subprocess
import urllib.request
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from bs4 import BeautifulSoup
from guide_testing import ROOT
from guide_testing import require_tool as tool

CONFIG = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
SITE_URL = CONFIG["site_url"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_workflows_pass_actionlint():
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert workflows, "no workflow in .github/workflows"
    result = run(tool("actionlint"), "-no-color", *map(str, workflows))
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_tests_deploys_and_releases():
    workflow = yaml.load((ROOT / ".github" / "workflows" / "site.yml").read_text(), Loader=yaml.BaseLoader)
    text = yaml.safe_dump(workflow)
    for needed in ("pre-commit run --all-files", ".ci/run", "upload-pages-artifact", "deploy-pages", "make offline"):
        assert needed in text, needed
    assert set(workflow["on"]) >= {"push", "pull_request", "release"}


def test_pre_commit_config_has_every_check():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    ids = {hook["id"] for repo in config["repos"] for hook in repo["hooks"]}
    assert ids >= {"ruff-check", "ruff-format", "codespell", "generated-pages", "notebook-outputs"}
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    pinned = {dep for hook in hooks for dep in hook.get("additional_dependencies", [])}
    requirements = (ROOT / "requirements-dev.txt").read_text(encoding="utf-8").split()
    assert pinned <= set(requirements), "pre-commit and requirements-dev.txt pin different versions"


def test_ruff_finds_nothing():
    ruff = tool("ruff")
    for args in (["check"], ["format", "--check"]):
        result = run(ruff, *args, "src", "scripts", "hooks", "tests")
        assert result.returncode == 0, result.stdout + result.stderr


def test_codespell_finds_nothing():
    result = run(tool("codespell"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_addresses_are_set_once():
    assert SITE_URL.startswith("https://") and SITE_URL.endswith("/")
    assert CONFIG["repo_url"].startswith("https://github.com/")
    tracked = run("git", "ls-files").stdout.split()
    # The README gives a learner the guide's address first; it must be mkdocs.yml's site_url exactly.
    allowed = {SITE_URL.split("//")[1].split("/")[0]: ["README.md", "mkdocs.yml"], CONFIG["repo_url"]: ["mkdocs.yml"]}
    for address, where in allowed.items():
        holders = [f for f in tracked if (ROOT / f).is_file() and address in (ROOT / f).read_text(errors="ignore")]
        assert holders == where, f"{address} is written in {holders}"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.findall(r"https://[^\s<>)]*github\.io[^\s<>)]*", readme) == [SITE_URL], "README's address is not site_url"


def test_sitemap_lists_every_page(built_site: Path):
    tree = ElementTree.parse(built_site / "sitemap.xml")
    locations = {loc.text for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    pages = sorted(p.parent.relative_to(built_site).as_posix() for p in built_site.glob("**/index.html"))
    redirects = {p for p in pages if "http-equiv" in (built_site / p / "index.html").read_text(encoding="utf-8")[:2000]}
    expected = {SITE_URL + (p + "/" if p != "." else "") for p in pages if p not in redirects}
    assert expected <= locations, sorted(expected - locations)[:5]
    assert (built_site / "sitemap.xml.gz").is_file()


@pytest.mark.parametrize("page", ["", "concepts/attention-mechanisms/", "notebooks/gpt2-tokenizer/", "glossary/"])
def test_canonical_url(built_site: Path, page: str):
    soup = BeautifulSoup((built_site / page / "index.html").read_text(encoding="utf-8"), "html.parser")
    (link,) = soup.select('link[rel="canonical"]')
    assert link["href"] == SITE_URL + page


def test_404_page_offers_search_and_the_sections(built_site: Path):
    soup = BeautifulSoup((built_site / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.h1.get_text(strip=True) == "Page not found"
    form = soup.select_one("form.not-found-search")
    assert form is not None and form.select_one("input[name=q]") is not None
    # The 404 page is served at any depth: its links must not be relative.
    assert form["action"].startswith("/")
    links = [a["href"] for a in soup.select("article a[href]")]
    assert all(href.startswith("/") for href in links), links
    for section in ("concepts", "training", "deployment", "ethics", "glossary"):
        assert any(href.rstrip("/").endswith(section) for href in links), section


def test_the_local_server_gives_the_sitemap_its_own_address(tmp_path):
    """Material's instant navigation takes a link only if its address is in the sitemap: served at
    another address than site_url (the tests, the benchmark), the sitemap must name this one."""
    from studyguide.outputs.browser import serve_static, sitemap_served_at

    sitemap = (
        "<urlset><url><loc>https://example.org/guide/</loc></url>"
        "<url><loc>https://example.org/guide/concepts/a/</loc></url></urlset>"
    )
    assert sitemap_served_at(sitemap, "http://127.0.0.1:8123/") == (
        "<urlset><url><loc>http://127.0.0.1:8123/</loc></url>"
        "<url><loc>http://127.0.0.1:8123/concepts/a/</loc></url></urlset>"
    )
    assert sitemap_served_at("<urlset></urlset>", "http://127.0.0.1:8123/") == "<urlset></urlset>"
    (tmp_path / "sitemap.xml").write_text(sitemap, encoding="utf-8")
    with serve_static(tmp_path) as base:
        served = sitemap.replace("https://example.org/guide/", base)
        with urllib.request.urlopen(base + "sitemap.xml") as response:
            assert response.read().decode() == served
        # Compressed like every other text file when the browser asks (the benchmark weighs it).
        request = urllib.request.Request(base + "sitemap.xml", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            assert gzip.decompress(response.read()).decode() == served
