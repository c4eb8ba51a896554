"""Located inputs: one way to point at a repeated entry, used by every loader of data/*.yml."""

from __future__ import annotations

import pytest

from studyguide.errors import GuideError, GuideErrors
from studyguide.inputs.curated import load_url_record
from studyguide.inputs.located import Located


def test_repeats_points_at_each_later_entry_and_names_the_first():
    located = Located(
        {"items": [{"name": "A"}, {"name": "b"}, {"name": "a "}, {"name": "A"}]},
        "data/x.yml",
        {("items", 0): 2, ("items", 1): 3, ("items", 2): 4, ("items", 2, "name"): 4, ("items", 3): 5},
    )
    names = [item["name"] for item in located.data["items"]]
    errors = located.repeats(
        "items",
        [name.strip().casefold() for name in names],
        lambda i, first: f"{names[i]!r} repeats line {first}",
        "keep one",
        field="name",
    )
    assert [str(error).splitlines()[0] for error in errors] == [
        "data/x.yml:4: error: 'a ' repeats line 2",
        "data/x.yml:5: error: 'A' repeats line 2",
    ]
    assert all("fix: keep one" in str(error) for error in errors)
    assert located.repeats("items", ["x", "y"], lambda i, first: "", "") == []


def test_a_url_recorded_twice_names_both_lines():
    text = (
        "urls:\n  - {url: concepts/a/, title: A}\n  - {url: concepts/b/, title: B}\n  - {url: concepts/a/, title: A}\n"
    )
    with pytest.raises((GuideError, GuideErrors)) as raised:
        load_url_record(text, "data/urls.yml")
    report = str(raised.value)
    assert "data/urls.yml:4: error: URL 'concepts/a/' is recorded twice (first at line 2)" in report, report
