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


# The guide's own text (data/*.yml: points, answers, errata, section titles and
# descriptions, glossary definitions) is Markdown with a small grammar: `inline code`,
# *emphasis* and **strong**, and [links](...) to pages of the site or to https:
# addresses. Nothing else that Markdown or an enabled extension would turn into
# markup a reader did not see in the file: no HTML, no images, no attribute lists,
# no link definitions, no entities, no other URL schemes.
# The longest curated text (the longest today is about 1,000 characters), and the most "["
# outside code: a long or bracket-heavy text would make the Markdown build crawl.
GUIDE_TEXT_MAX = 2000
GUIDE_BRACKETS_MAX = 16
# A run of backticks: it opens an inline code span that the next run of the same length closes.
BACKTICKS_RE = re.compile(r"`+")
# A link's target: "](" then the address up to a space or ")" (or "<address>").
GUIDE_LINK_RE = re.compile(r"\]\(\s*(?P<url>[^)\s]*)")
# An address a link may have: https://host..., or a relative path (no scheme, not "//host").
GUIDE_URL_RE = re.compile(r"https://[^\s<>\"'`\\]+|(?![A-Za-z][A-Za-z0-9+.\-]*:)(?!//)[\w./#%?=&+\-]*")
# "://", and the URL scheme just before it (looked for in the SCHEME_MAX characters before it,
# so that a long run of letters and dots costs linear time).
SCHEME_SEPARATOR_RE = re.compile(r"://")
URL_SCHEME_END_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*\Z")
SCHEME_MAX = 32
# What the grammar refuses, each with what it is and what to write instead (each linear in the text).
GUIDE_REFUSED = (
    (re.compile(r"<[A-Za-z/!?]"), "HTML (a tag, a comment or an <address>)", "write text; put code in `backticks`"),
    (re.compile(r"!\s*\["), "an image", "describe it in words, or link to it: [text](https://...)"),
    (re.compile(r"[{}]"), "braces (an attribute list such as {: .x } or { onclick=... })", "put braces in `code`"),
    (re.compile(r"&(?:#\d+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);"), "an HTML entity", "write the character"),
    (
        re.compile(r"(?m)^[ \t]{0,3}\[[^\]\n]*\]:"),
        "a link definition ([x]: address)",
        "write the link inline: [x](https://...)",
    ),
    (re.compile(r"\[(?:sound|latex|/latex|\$\$?|/\$\$?)[\]:]|\\[(\[]|\{\{"), "Anki markup", "write it in `code`"),
    (re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]"), "a control character", "remove it"),
)


def without_code_spans(text: str) -> str:
    """``text`` with each inline code span replaced by a placeholder, in linear time.

    A run of n backticks opens a span that the next run of exactly n closes; a run
    that nothing closes is literal (and so is every later run of its length).
    """
    parts: list[str] = []
    position, unclosed = 0, set()
    runs = list(BACKTICKS_RE.finditer(text))
    index = 0
    while index < len(runs):
        size = len(runs[index].group(0))
        closing = None
        if size not in unclosed:
            closing = next((j for j in range(index + 1, len(runs)) if len(runs[j].group(0)) == size), None)
            if closing is None:
                unclosed.add(size)
        if closing is None:
            index += 1
            continue
        parts.append(text[position : runs[index].start()] + "`code`")
        position = runs[closing].end()
        index = closing + 1
    parts.append(text[position:])
    return "".join(parts)


def check_guide_text(text: str) -> str | None:
    """The problem with a curated text (the guide's own words), or None when its Markdown is safe.

    The one rule for every curated text field; each loader reports the problem as a
    located error. Accepted text renders, wherever it goes, to text, code, emphasis
    and links to the site or to https: addresses (see GUIDE_REFUSED above).
    """
    if len(text) > GUIDE_TEXT_MAX:
        return f"the text is {len(text)} characters long, more than {GUIDE_TEXT_MAX}; shorten it or split it"
    prose = without_code_spans(text)
    if prose.count("[") > GUIDE_BRACKETS_MAX:
        # Python-Markdown's link parser is quadratic in unclosed brackets: "[" * 20000 takes minutes.
        return f"{prose.count('[')} square brackets outside `code`, more than {GUIDE_BRACKETS_MAX}; put them in `code`"
    for pattern, what, fix in GUIDE_REFUSED:
        match = pattern.search(prose)
        if match:
            return f"{what} ({match.group(0).strip()[:40]!r}) is not allowed here; {fix}"
    for match in SCHEME_SEPARATOR_RE.finditer(prose):
        scheme = URL_SCHEME_END_RE.search(prose[max(0, match.start() - SCHEME_MAX) : match.start()])
        if scheme is None or scheme.group(0).casefold() != "https":
            shown = (scheme.group(0) if scheme else "") + "://"
            return f"an address that is not https: ({shown!r}) is not allowed here; use an https: address"
    for match in GUIDE_LINK_RE.finditer(prose):
        if not GUIDE_URL_RE.fullmatch(match.group("url")):
            return (
                f"the link address {match.group('url')[:80]!r} is not allowed; link to a page of the site "
                "(a relative path such as ../training/fine-tuning.md) or to an https: address"
            )
    return None


# The guide's questions and follow-ups (data/follow-ups.yml, data/guide-questions.yml) are
# plain text with two kinds of span: inline `code` and *emphasis* (check_guide_prose). Every
# output renders the spans the same way.
GUIDE_SPAN_RE = re.compile(r"`(?P<code>[^`\n]+)`|(?<![\w*])\*(?P<em>[^\s*](?:[^*\n]*[^\s*])?)\*(?![\w*])")
# Outside code spans: an HTML tag or comment, a Markdown link or image, or a stray backtick.
GUIDE_HTML_RE = re.compile(r"</?[A-Za-z!]")
PROSE_LINK_RE = re.compile(r"!?\[[^\]]*\]\(|<https?:|https?://")


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


def check_guide_prose(text: str) -> str | None:
    """What breaks the grammar of the guide's questions and follow-ups, or None: the curated-text
    grammar (:func:`check_guide_text`), narrowed to plain text with inline `code` and *emphasis*,
    since the deck and the review cards render exactly those spans (:func:`guide_spans`)."""
    problem = check_guide_text(text)
    if problem is not None:
        return problem
    outside = "".join(piece for kind, piece in guide_spans(text) if kind != "code")
    if GUIDE_HTML_RE.search(outside):
        return "contains HTML; write plain text (inline `code` and *emphasis* are the only markup)"
    if PROSE_LINK_RE.search(outside):
        return "contains a link; the guide's questions name their sources in words, without links"
    if "`" in outside:
        return "has an unclosed `code` span (a backtick without its pair)"
    return None


def guide_plain(text: str) -> str:
    """The guide's text without its markup: for titles, descriptions and search keys."""
    return "".join(piece for _, piece in guide_spans(text))
