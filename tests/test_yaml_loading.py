"""Curated YAML is read by libyaml when PyYAML has it, and by PyYAML's own parser otherwise:
the data, every line and every error must be the same either way."""

from __future__ import annotations

import pytest
from guide_testing import ROOT

from studyguide.errors import GuideError
from studyguide.inputs import curated

CASES = {
    "crlf": "a: 1\r\nb:\r\n  - x\r\n  - y\r\n",
    "old mac line ends": "a: 1\rb:\r  - x\r",
    "unicode line breaks": "a: 1\u2028\nb: x\u2029y\nc: 3\n",
    "next line": "a: 1\x85b: 2\n",
    "byte order mark": "\ufeffa: 1\nb: [1, 2]\nc:\n  - x\n",
    "astral and accents": "a: 😀\nb:\n  c: é\n  d: [1, 2]\n",
    "block scalars": 'a: "x\\u2028y"\nb: |\n  l1\n  l2\nc: >\n  f1\n  f2\nd: 3\n',
    "anchor without alias": "a: &x 1\nb: 2\n",
    "alias": "a: &x [1, 2]\nb: *x\n",
    "billion laughs": "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n",
    "key twice": "a: 1\nb: 2\na: 3\n",
    "key twice after a byte order mark": "\ufeffa: 1\nb: 2\na: 3\n",
    "unclosed list": "a: [1,\nb: 2\n",
    "bad date": "d: 2026-13-01\n",
    "python tag": "a: !!python/object:os.system x\n",
    "control character": "a: \x07\n",
    "tab indentation": "a:\n\t- 1\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "comments only": "# nothing\n",
    "empty": "",
    "nested 150 deep": "[" * 150 + "]" * 150,
    "nested 5000 deep": "[" * 5000 + "]" * 5000,
    "block nested 3000 deep": "".join("  " * i + "- \n" for i in range(3000)),
}
DATA_FILES = sorted((ROOT / "data").glob("*.yml"))


def _read(text: str) -> tuple:
    try:
        located = curated.load_yaml(text, "f.yml")
    except GuideError as error:
        return ("error", str(error))
    return ("ok", repr(located.data), sorted(located.lines.items(), key=repr))


@pytest.mark.parametrize(
    "text",
    [*CASES.values(), *(p.read_text(encoding="utf-8") for p in DATA_FILES)],
    ids=[*CASES, *(p.name for p in DATA_FILES)],
)
def test_libyaml_and_pyyaml_read_the_same(text, monkeypatch):
    assert curated._FastLoader is not None, "PyYAML was installed without libyaml"
    fast = _read(text)
    monkeypatch.setattr(curated, "_FastLoader", None)
    assert fast == _read(text)


def test_a_character_yaml_does_not_allow_is_a_located_error():
    """A control character pasted into a curated file: its line and what to do, not a traceback."""
    with pytest.raises(GuideError) as caught:
        curated.load_yaml("a: 1\nb: ok\x07\n", "data/glossary.yml")
    assert str(caught.value) == (
        "data/glossary.yml:2: error: invalid YAML: the character U+0007 is not allowed\n"
        '  fix: delete it, or write it as an escape in a double-quoted string ("\\u0007")'
    )
