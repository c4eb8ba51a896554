"""The one reader of mkdocs.yml (before MkDocs validates it), for everything but the MkDocs build itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class _IgnoreTagsLoader(yaml.SafeLoader):
    """Safe YAML that reads mkdocs.yml's tags (!ENV, !!python/name:...) as None."""


_IgnoreTagsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_config(config_file: Path, *, resolve_tags: bool = True) -> dict[str, Any]:
    """mkdocs.yml as data.

    ``resolve_tags``: as MkDocs reads it (!ENV from the environment, !!python/name as the
    object it names); otherwise every tagged value is None, for plain data that can be
    copied into another config (the benchmark's bare build) or read without importing
    the extensions' code.
    """
    if not resolve_tags:
        return yaml.load(config_file.read_text(encoding="utf-8"), Loader=_IgnoreTagsLoader)
    from mkdocs.utils.yaml import yaml_load

    with config_file.open("rb") as fd:
        return yaml_load(fd)
