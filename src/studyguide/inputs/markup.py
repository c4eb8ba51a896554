"""What the source's text means, in one place: its one markup (``<u>``), sentences, and names.

The source may underline words with ``<u>…</u>`` and nothing else. A summary or a
preview is a text's first sentence. A glossary name matches its plural, with
spaces and hyphens interchangeable. Every module that needs one of these rules
takes it from here.
"""

from __future__ import annotations

import re

# "<u>" and "</u>": the only markup the source may use.
U_OPEN, U_CLOSE = "<u>", "</u>"
U_TAG_RE = re.compile(r"</?u>")
# "<u>text</u>": an underlined span.
U_SPAN_RE = re.compile(r"<u>(?P<text>.+?)</u>")
# The end of a sentence: punctuation, space, then what can start the next one.
SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
# Spaces and hyphens inside a name: "fine-tuning", "fine tuning" and "finetuning" are one name.
NAME_JOIN_RE = re.compile(r"[\s\-\u2010-\u2015]+")
# What a name's key keeps: letters and digits only.
NAME_NOISE_RE = re.compile(r"[\W_]+")
# A plural ending in running text: "embeddings", "biases".
PLURAL_PATTERN = r"(?:e?s)?"
PLURAL_END_RE = re.compile(r"e?s$", re.IGNORECASE)


def plain(text: str) -> str:
    """Source text without its markup, for titles, keys and metadata."""
    return U_TAG_RE.sub("", text)


def first_sentence(text: str) -> str:
    """The first sentence of a text: a question's summary, a glossary entry's preview."""
    return SENTENCE_END_RE.split(text, maxsplit=1)[0]


def name_key(name: str) -> str:
    """The key that decides whether two names are one term: case, spaces, hyphens and a plural -s ignored."""
    key = NAME_NOISE_RE.sub("", plain(name).casefold())
    return key[:-1] if key.endswith("s") and len(key) > 3 else key


def without_plural(word: str) -> str:
    """A name as used in running text, without its plural ending ("-s" or "-es")."""
    return PLURAL_END_RE.sub("", word)


def name_pattern(name: str) -> str:
    """A regex for a name anywhere in running text: spaces and hyphens interchangeable, an optional plural."""
    parts = [re.escape(part) for part in NAME_JOIN_RE.split(plain(name).strip()) if part]
    return r"[\s\-]?".join(parts) + PLURAL_PATTERN
