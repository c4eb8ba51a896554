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


# The guide's own text (data/additions.yml, data/follow-ups.yml, data/guide-questions.yml) is
# plain text with two kinds of span: inline `code` and *emphasis*. Nothing else is markup: no
# HTML, no links. One grammar, read here; every output renders the spans the same way.
GUIDE_SPAN_RE = re.compile(r"`(?P<code>[^`\n]+)`|(?<![\w*])\*(?P<em>[^\s*](?:[^*\n]*[^\s*])?)\*(?![\w*])")
# Outside code spans: an HTML tag or comment, a Markdown link or image, or a stray backtick.
GUIDE_HTML_RE = re.compile(r"</?[A-Za-z!]")
GUIDE_LINK_RE = re.compile(r"!?\[[^\]]*\]\(|<https?:|https?://")


def guide_spans(text: str) -> list[tuple[str, str]]:
    """The guide's text as (kind, text) pieces: "text", "code" or "em", in order."""
    pieces: list[tuple[str, str]] = []
    position = 0
    for match in GUIDE_SPAN_RE.finditer(text):
        if match.start() > position:
            pieces.append(("text", text[position : match.start()]))
        kind = "code" if match.group("code") is not None else "em"
        pieces.append((kind, match.group(kind)))
        position = match.end()
    if position < len(text):
        pieces.append(("text", text[position:]))
    return pieces


def guide_paragraphs(text: str) -> list[str]:
    """The guide's text as paragraphs (split at blank lines), each on one line."""
    return [" ".join(part.split()) for part in re.split(r"\n\s*\n", text) if part.strip()]


def check_guide_text(text: str) -> str | None:
    """What breaks the guide's text grammar (plain text, inline `code`, *emphasis*), or None."""
    outside = "".join(piece for kind, piece in guide_spans(text) if kind != "code")
    if GUIDE_HTML_RE.search(outside):
        return "contains HTML; write plain text (inline `code` and *emphasis* are the only markup)"
    if GUIDE_LINK_RE.search(outside):
        return "contains a link; the guide's text names its sources in words, without links"
    if "`" in outside:
        return "has an unclosed `code` span (a backtick without its pair)"
    return None


def guide_plain(text: str) -> str:
    """The guide's text without its markup: for titles, descriptions and search keys."""
    return "".join(piece for _, piece in guide_spans(text))
