"""data/search.yml: abbreviations and their expansions, which search matches both ways.

Read and checked by :func:`load_search_data` (every problem a located error) when the pages are
generated; the generator writes them into generated/site.yml, from which
:mod:`studyguide.site.search` adds them to the site's search index.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints

from studyguide.inputs.curated import Strict, load_yaml, raise_all, validate
from studyguide.inputs.located import Located

# A word as the index splits text (lower case letters and digits); a phrase of such words.
Word = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+$")]
Phrase = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:[ -][a-z0-9]+)*$")]


class Abbreviation(Strict):
    short: Word
    long: list[Phrase] = Field(min_length=1)


class SearchData(Strict):
    abbreviations: list[Abbreviation] = Field(default_factory=list)


def load_search_data(text: str, path: Path | str) -> Located[SearchData]:
    """Read and check data/search.yml; every problem is a located error."""
    search: Located[SearchData] = validate(SearchData, load_yaml(text, path))
    entries = search.data.abbreviations
    errors = search.repeats(
        "abbreviations",
        [entry.short for entry in entries],
        lambda i, first: f"the abbreviation {entries[i].short!r} is listed twice (first on line {first})",
        "give each abbreviation one entry with all its expansions under `long`",
    )
    for index, entry in enumerate(search.data.abbreviations):
        where = search.line("abbreviations", index)
        for long in entry.long:
            if long.replace("-", " ").split() == [entry.short]:
                message = f"{entry.short!r} expands to itself"
                errors.append(search.error(where, message, "write what the abbreviation stands for"))
    raise_all(errors)
    return search
