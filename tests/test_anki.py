"""The Anki deck: opened as Anki would (a zip holding a SQLite collection) and read note by note."""

from __future__ import annotations

import html
import io
import json
import os
import re
import sqlite3
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from guide_testing import ROOT, run_cli
from markupsafe import escape

from studyguide.errors import GuideError
from studyguide.generate import merge_project
from studyguide.inputs.config import read_config
from studyguide.inputs.markup import guide_plain
from studyguide.model import KeyPoint, Paragraph, Subheading
from studyguide.outputs import anki
from studyguide.project import Project

SITE = merge_project(Project(ROOT)).site
SITE_NAME, SITE_URL = anki.site_settings(read_config(ROOT / "mkdocs.yml"))


@dataclass(frozen=True)
class Note:
    guid: str
    fields: dict[str, str]
    tags: set[str]
    deck: str
    due: int
    mod: int


def open_deck(data: bytes, tmp_path: Path) -> tuple[list[str], list[Note], dict[str, str]]:
    """The zip's names, every note (with its card's deck) and the decks by id, read from the SQLite file."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        database = tmp_path / "collection.anki2"
        database.write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(database)
    try:
        decks = {
            key: deck["name"]
            for key, deck in json.loads(connection.execute("SELECT decks FROM col").fetchone()[0]).items()
        }
        models = json.loads(connection.execute("SELECT models FROM col").fetchone()[0])
        (model,) = models.values()
        field_names = [field["name"] for field in model["flds"]]
        rows = connection.execute(
            "SELECT notes.guid, notes.flds, notes.tags, cards.did, cards.due, notes.mod "
            "FROM notes JOIN cards ON cards.nid = notes.id ORDER BY cards.due"
        ).fetchall()
    finally:
        connection.close()
    notes = [
        Note(guid, dict(zip(field_names, flds.split("\x1f"))), set(tags.split()), decks[str(did)], due, mod)
        for guid, flds, tags, did, due, mod in rows
    ]
    return names, notes, decks


@pytest.fixture(scope="module")
def deck() -> bytes:
    return anki.render_deck(anki.deck_data(SITE), SITE_NAME, SITE_URL)


def as_html(text: str) -> str:
    """Source text as the deck writes it (escaped, <u> as <em>)."""
    return str(anki.inline_html(text))


def test_every_question_is_one_note_in_its_sections_sub_deck(deck, tmp_path):
    names, notes, decks = open_deck(deck, tmp_path)
    assert names == ["collection.anki2", "media"]
    assert len(notes) == len(SITE.entries) == 62 + 16  # the source's questions and the guide's own
    guids = [note.guid for note in notes]
    assert len(set(guids)) == len(guids), "two notes share a GUID"
    # One parent deck and a sub-deck per section, as a fresh profile would show them.
    titles = {section.id: section.title for section in SITE.sections}
    expected = {f"{SITE_NAME}::{title}" for title in titles.values()}
    assert expected | {SITE_NAME} <= set(decks.values())
    for entry, note in zip(SITE.entries, notes, strict=True):
        assert note.guid == anki.note_guid(entry.slug), "GUIDs come from the slugs"
        assert note.deck == f"{SITE_NAME}::{titles[entry.section]}"
        assert note.fields["Question"] == (
            str(anki.guide_html(entry.title)) if entry.is_guide else as_html(entry.title)
        )
        assert note.fields["Link"] == f"{SITE_URL}{entry.url}"
        assert note.fields["Number"] == (entry.ident.upper() if entry.is_guide else f"Q{entry.question.number}")
        assert f"llm-guide::section::{entry.section}" in note.tags
        assert {f"llm-guide::topic::{tag}" for tag in entry.tags} <= note.tags
    per_deck = {name: sum(note.deck == name for note in notes) for name in expected}
    assert per_deck == {f"{SITE_NAME}::{s.title}": len(SITE.in_section(s.id)) for s in SITE.sections}


def test_the_back_holds_the_answer_key_points_and_errata(deck, tmp_path):
    _, notes, _ = open_deck(deck, tmp_path)
    corrected = 0
    for entry, note in zip(SITE.entries, notes, strict=True):
        answer = note.fields["Answer"]
        for block in entry.question.blocks:
            if isinstance(block, Paragraph | Subheading):
                assert as_html(block.text) in answer, f"{entry.slug}: missing {block.text[:60]!r}"
            elif isinstance(block, KeyPoint):
                assert as_html(block.term) in answer and as_html(block.definition) in answer, entry.slug
            else:
                assert str(escape(block.code)) in answer, f"{entry.slug}: code missing"
        for erratum in entry.errata:
            # The corrected text is in the answer; the note quotes the original.
            assert as_html(erratum.replace) in answer or as_html(erratum.replace) in note.fields["Question"]
            assert as_html(erratum.note) in note.fields["Errata"]
            assert f"The source has: “{as_html(erratum.find)}”" in note.fields["Errata"]
            corrected += 1
        if not entry.errata:
            assert note.fields["Errata"] == ""
    assert corrected >= 5, "the real document has several errata"


def test_the_guides_own_additions_are_labelled(tmp_path):
    first = replace(SITE.entries[0], additions=("Mention <scaling> laws.",), guide_answer="A short answer.")
    site = replace(SITE, entries=(first, *SITE.entries[1:]))
    _, notes, _ = open_deck(anki.render_deck(anki.deck_data(site), SITE_NAME, SITE_URL), tmp_path)
    guide = notes[0].fields["Guide"]
    assert "the guide's own" in guide and "not from the source document" in guide
    assert "Mention &lt;scaling&gt; laws." in guide and "A short answer." in guide
    for entry, note in zip(site.entries[1:], notes[1:]):
        # Every other note carries its own additions, or nothing when it has none.
        assert (note.fields["Guide"] == "") == (not entry.additions and not entry.guide_answer), entry.slug


def test_the_guides_markup_is_html_in_every_field(deck, tmp_path):
    """`code` and *emphasis* of the guide's text arrive as <code> and <em>: no raw Markdown on a card."""
    _, notes, _ = open_deck(deck, tmp_path)
    raw = [(note.fields["Number"], name) for note in notes for name, text in note.fields.items() if "`" in text]
    assert not raw, f"raw backticks in {raw}"
    attention = next(note for note in notes if note.guid == anki.note_guid("attention-mechanisms"))
    assert "<code>Attention(Q, K, V) = softmax(QKᵀ/√d_k)·V</code>" in attention.fields["Guide"]


def test_a_guide_question_is_a_note_with_the_guides_answer_and_points(deck, tmp_path):
    _, notes, _ = open_deck(deck, tmp_path)
    entry = SITE.by_slug()["mixture-of-experts"]
    (note,) = [n for n in notes if n.guid == anki.note_guid("mixture-of-experts")]
    assert entry.is_guide and note.fields["Number"] == "G1"
    assert note.fields["Answer"] == ""  # nothing from the source
    guide = note.fields["Guide"]
    assert "The guide's answer (not from the source document)" in guide
    assert "<em>active</em> parameters" in guide and "Mixtral 8x7B" in guide
    # The back stays short: the follow-ups are on the page, not on the card.
    assert entry.follow_ups and entry.follow_ups[0].question not in guide


def test_same_content_same_bytes_and_updates_keep_guids(deck, tmp_path):
    assert anki.render_deck(anki.deck_data(SITE), SITE_NAME, SITE_URL) == deck
    # A changed answer and a newer timestamp: other bytes, the same GUIDs, a newer mod (Anki updates).
    entry = SITE.entries[3]
    changed_question = replace(entry.question, blocks=(Paragraph("A rewritten answer.", 1), *entry.question.blocks))
    site = replace(SITE, entries=(*SITE.entries[:3], replace(entry, question=changed_question), *SITE.entries[4:]))
    newer = anki.render_deck(anki.deck_data(site), SITE_NAME, SITE_URL, anki.DEFAULT_TIMESTAMP + 86_400)
    assert newer != deck
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    _, old_notes, _ = open_deck(deck, tmp_path / "old")
    _, new_notes, _ = open_deck(newer, tmp_path / "new")
    assert [n.guid for n in old_notes] == [n.guid for n in new_notes]
    assert all(new.mod > old.mod for old, new in zip(old_notes, new_notes, strict=True))
    assert "A rewritten answer." in new_notes[3].fields["Answer"]


def test_the_committed_deck_content_is_the_generators(tmp_path):
    data = anki.load_deck_data(ROOT / "generated" / "anki.json", "generated/anki.json")
    assert {k: v for k, v in data.items() if k != "generated"} == json.loads(json.dumps(anki.deck_data(SITE)))
    (tmp_path / "anki.json").write_text('{"notes": 3}')
    with pytest.raises(GuideError, match="not the deck's content"):
        anki.load_deck_data(tmp_path / "anki.json", "anki.json")
    with pytest.raises(GuideError, match="run `studyguide generate`"):
        anki.load_deck_data(tmp_path / "missing.json", "missing.json")


def test_timestamp_from_source_date_epoch():
    assert anki.deck_timestamp({}) == anki.DEFAULT_TIMESTAMP
    assert anki.deck_timestamp({"SOURCE_DATE_EPOCH": "1767225600"}) == 1_767_225_600
    assert anki.deck_timestamp({"SOURCE_DATE_EPOCH": ""}) == anki.DEFAULT_TIMESTAMP
    for bad in ("soon", "-1", "1e9", " 17", "1767225600.5", "9" * 13, "١٢٣"):
        with pytest.raises(GuideError) as refused:
            anki.deck_timestamp({"SOURCE_DATE_EPOCH": bad})
        assert str(refused.value).startswith("SOURCE_DATE_EPOCH: error: ") and "\n  fix: " in str(refused.value)


def test_cli_writes_the_same_deck_twice_and_the_build_ships_it(project, built_site, tmp_path):
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    result = run_cli(project, "anki", "-o", str(first))
    assert result.returncode == 0, result.stderr
    assert re.search(r"\(78 notes, \d+ KB\)", result.stdout), result.stdout
    assert run_cli(project, "anki", "-o", str(second)).returncode == 0
    assert first.read_bytes() == second.read_bytes(), "two runs gave different bytes"
    again = run_cli(project, "anki", "-o", str(second))
    assert "unchanged" in again.stdout
    # The deck the site offers is this one (same content, same timestamp rule).
    shipped = built_site / anki.SITE_PATH
    assert shipped.is_file(), "the build did not add the deck to the site"
    data, _ = anki.project_deck(Project(ROOT), read_config(ROOT / "mkdocs.yml"), os.environ)
    assert shipped.read_bytes() == data == first.read_bytes()


def test_follow_ups_are_in_the_review_cards_and_the_deck():
    """Issue 17: what interviewers ask next is studied where the answers are: each question's
    follow-ups are on its review card and in its note's FollowUps field, marked as the guide's."""
    site = merge_project(Project(ROOT)).site
    deck = {note["guid"]: note for note in json.loads((ROOT / "generated" / "anki.json").read_text())["notes"]}
    review = (ROOT / "docs" / "review.md").read_text(encoding="utf-8")
    with_follow_ups = [entry for entry in site.entries if entry.follow_ups]
    assert len(with_follow_ups) == len(site.entries), "every question has follow-ups"
    for entry in with_follow_ups:
        card = review.split(f'id="card-{entry.slug}"', 1)[1].split('<section class="guide-card"', 1)[0]
        card = html.unescape(card)
        field = deck[anki.note_guid(entry.slug)]["fields"]["FollowUps"]
        for follow in entry.follow_ups:
            assert guide_plain(follow.question) in card, (entry.slug, follow.question)
            shown = html.unescape(re.sub(r"<[^>]+>", "", field))
            assert guide_plain(follow.question)[:40] in shown, (entry.slug, follow.question)
        assert "What interviewers ask next" in card
