"""A week of study before an interview, as a learner does it, on a desktop and on a phone (issue 18).

The clock is fixed (Playwright's clock) and moved a day at a time. The learner sets an
interview date 7 days out and a limit of new questions a day on the Review page, then
reviews one section every day: two questions always get "Again" first, the rest "Easy"
(which, unplanned, sends a new question 8 days out, past the interview). Every day the
session must hold the due questions plus exactly the new ones the plan allows, every due
date must fall on or before the interview, every question must be seen before the last
two days, and those two days (cram) ask every question, weakest first. The weak list names
the "Again" questions. The progress is exported and imported into a second browser profile,
and the counts on the home, section and question pages agree between the two and with
the stored schedule. On the phone the answer is revealed by tapping the card and graded
from a bar that is on screen without scrolling; the instructions speak of taps, not keys.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime, timedelta

import pytest
import yaml
from browser_harness import ROOT, SCREENSHOTS, wait_for_material

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday morning
INTERVIEW = (START + timedelta(days=7)).date()
SECTION = "training"
NEW_PER_DAY = 5
CRAM_DAYS = 2
STORE = "llm-guide.review"
SHOWN = ".guide-review__stage .guide-card:not([hidden])"
# The section's questions: the source's (data/questions.yml) and the guide's own (data/guide-questions.yml).
QUESTIONS = [
    *yaml.safe_load((ROOT / "data/questions.yml").read_text())["questions"],
    *yaml.safe_load((ROOT / "data/guide-questions.yml").read_text())["questions"],
]
IN_SECTION = [q["slug"] for q in QUESTIONS if q["section"] == SECTION]
WEAK = set(IN_SECTION[:2])  # graded "Again" at first every day
PHONE = {"has_touch": True, "is_mobile": True}
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _stored(page) -> dict:
    return page.evaluate(f"JSON.parse(localStorage.getItem('{STORE}') || '{{}}')")


def _goto(page, url: str) -> None:
    page.goto(url)
    wait_for_material(page)


def _due_on(card: dict) -> date:
    return datetime.fromisoformat(card["due"]).date()


def _expected_new(unseen: int, days_left: int) -> int:
    """The plan's rule, independently: the limit, raised so that every question is seen before cram."""
    if days_left <= CRAM_DAYS:
        return 0
    return min(unseen, max(NEW_PER_DAY, math.ceil(unseen / (days_left - CRAM_DAYS))))


def _count_text(page, selector: str) -> str:
    locator = page.locator(selector).first
    page.wait_for_function("s => (document.querySelector(s) || {}).textContent", arg=selector)
    return locator.text_content().strip()


def _review_one(page, phone: bool, grade: int, shot: str | None = None) -> str:
    """Reveal the shown question (tap on a phone, a key on a desktop) and grade it; returns its slug."""
    card = page.locator(SHOWN)
    card.wait_for()
    slug = card.get_attribute("data-slug")
    position = page.locator(".guide-review__position").text_content()
    if phone:
        card.locator(".guide-card__title").tap()
    else:
        page.keyboard.press("Space")
    grades = page.locator(".guide-review__grades")
    grades.wait_for(state="visible")
    if shot:
        page.screenshot(path=str(SCREENSHOTS / shot))
    if phone:
        # The grade bar is on screen with the answer shown, without scrolling.
        box = page.locator(f'.guide-review__grade[data-grade="{grade}"]').bounding_box()
        assert box and 0 <= box["y"] and box["y"] + box["height"] <= 844, box
        page.locator(f'.guide-review__grade[data-grade="{grade}"]').tap()
    else:
        page.keyboard.press(str(grade))
    # The counts over the card follow each grade.
    page.wait_for_function(
        """p => document.querySelector('.guide-review__position').textContent !== p
             || !document.getElementById('guide-review-done').hidden""",
        arg=position,
    )
    return slug


def _review_day(page, phone: bool, shot: str | None = None) -> list[str]:
    """Grade every question the session asks: the weak ones "Again" on first sight today, the rest "Easy"."""
    asked = []
    again_today = set()
    done = page.locator("#guide-review-done")
    for _ in range(200):
        if done.is_visible():
            return asked
        slug = page.locator(SHOWN).get_attribute("data-slug")
        grade = 1 if slug in WEAK and slug not in again_today else 4
        if grade == 1:
            again_today.add(slug)
        asked.append(_review_one(page, phone, grade, shot if not asked else None))
    raise AssertionError("the session did not end")


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_week_of_study_before_an_interview(device, new_page, base_url, sitemap, tmp_path):
    phone = device == "phone"
    options = PHONE if phone else {}
    page, recorder = new_page(base_url, timezone_id="UTC", **options)
    page.set_viewport_size(SIZES[device])
    page.context.clock.set_fixed_time(START)
    review = base_url + f"review/?section={SECTION}"
    _goto(page, review)

    # The instructions match the device.
    hint = page.locator(".guide-review__hint")
    hint.wait_for(state="visible")
    assert ("tap" in hint.text_content()) == phone and ("Space" in hint.text_content()) != phone

    # The plan: an interview a week out, five new questions a day.
    page.locator(".guide-review__interview").fill(INTERVIEW.isoformat())
    page.locator(".guide-review__new-per-day").fill(str(NEW_PER_DAY))
    page.locator(".guide-review__save-plan").click()
    page.wait_for_function("() => /Plan saved/.test(document.querySelector('.guide-review__status').textContent)")
    assert "Interview in 7 days" in page.locator(".guide-review__plan-text").text_content()
    assert _stored(page)["plan"]["interview"] == INTERVIEW.isoformat()
    page.locator(".guide-review__show").focus()  # from the form to the card, as Tab would

    for day in range(7):
        now = START + timedelta(days=day)
        days_left = (INTERVIEW - now.date()).days
        if day:
            page.context.clock.set_fixed_time(now)
            _goto(page, review)
        before = _stored(page).get("cards", {})
        due = [s for s in IN_SECTION if s in before and _due_on(before[s]) <= now.date()]
        unseen = [s for s in IN_SECTION if s not in before]
        cram = days_left <= CRAM_DAYS
        planned = len(IN_SECTION) if cram else len(due) + _expected_new(len(unseen), days_left)
        page.locator(SHOWN).wait_for()
        counts = page.locator(".guide-review__position").text_content()
        assert counts == f"{planned} left · 0 done · {len(due)} due today", (day, counts)
        if cram:
            assert "Final days" in page.locator(".guide-review__plan-text").text_content()
            # Weakest first: the questions graded "Again" come before the rest.
            assert page.locator(SHOWN).get_attribute("data-slug") in WEAK
        asked = _review_day(page, phone, shot=f"study-week-{device}-answer-shown.png" if day == 0 else None)
        after = _stored(page)["cards"]
        new_today = [s for s in IN_SECTION if s in after and s not in before]
        assert len(new_today) == (0 if cram else _expected_new(len(unseen), days_left)), (day, new_today)
        assert len(new_today) <= NEW_PER_DAY, "the limit holds: a week is long enough to need no more"
        # No question comes back after the interview ("Easy" on first sight would be 8 days out).
        late = {s: c["due"] for s, c in after.items() if _due_on(c) > INTERVIEW}
        assert not late, (day, late)
        if days_left == CRAM_DAYS + 1:
            assert set(after) >= set(IN_SECTION), "every question is seen before the last days"
        if cram:
            assert set(IN_SECTION) <= set(asked)
            # Once a day: back on the page the same day, nothing is asked again.
            _goto(page, review)
            page.locator("#guide-review-done").wait_for()
            assert page.locator("#guide-review-done-title").text_content() == "Nothing due today"
            continue
        assert page.locator("#guide-review-done-title").text_content() == "Session complete"

    # The weak list names the questions graded "Again", each linking to its page; drill them.
    weak_links = page.locator(".guide-review__weak-list a")
    hrefs = [weak_links.nth(i).get_attribute("href") for i in range(weak_links.count())]
    assert {h.rstrip("/").split("/")[-1] for h in hrefs} == WEAK
    page.locator(".guide-review__drill").click()
    assert page.locator(SHOWN).get_attribute("data-slug") in WEAK
    assert page.locator(".guide-review__position").text_content().startswith(f"{len(WEAK)} left")

    # Export, then import into a second browser profile.
    _goto(page, base_url)
    home_count = _count_text(page, ".guide-review-entry__count")
    with page.expect_download() as download:
        page.locator(".guide-export").click()
    saved = tmp_path / "progress.json"
    download.value.save_as(saved)
    exported = json.loads(saved.read_text())
    assert exported["plan"]["interview"] == INTERVIEW.isoformat() and set(exported["again"]) == WEAK

    other, other_recorder = new_page(base_url, timezone_id="UTC", **options)
    other.set_viewport_size(SIZES[device])
    other.context.clock.set_fixed_time(START + timedelta(days=6))
    _goto(other, base_url)
    with other.expect_file_chooser() as chooser:
        other.locator(".guide-import").click()
    chooser.value.set_files(saved)
    other.wait_for_function(
        "() => /Imported/.test(document.querySelector('.guide-progress .guide-status').textContent)"
    )
    mine, theirs = _stored(page), _stored(other)
    assert theirs["cards"] == mine["cards"] and theirs["again"] == mine["again"]
    assert theirs["plan"]["interview"] == INTERVIEW.isoformat()

    # The counts agree on every page, between the two profiles and with the stored schedule.
    end_of_day = (START + timedelta(days=6)).date()
    due_all = sum(_due_on(c) <= end_of_day for c in mine["cards"].values())
    fresh = len(QUESTIONS) - len(set(mine["cards"]) | set(mine.get("marked", {})))
    expected = f"{due_all} due today · {fresh} not studied yet"
    assert home_count == expected and _count_text(other, ".guide-review-entry__count") == expected
    due_section = sum(_due_on(mine["cards"][s]) <= end_of_day for s in IN_SECTION)
    for view in (page, other):
        _goto(view, base_url + SECTION + "/")
        assert _count_text(view, ".guide-review-entry__count") == f"{due_section} due today in this section"
        _goto(view, base_url)
        studied_rows = view.locator(".guide-progress__count").all_text_contents()
        assert f"{len(IN_SECTION)} of {len(IN_SECTION)} studied" in studied_rows, studied_rows
        question = next(q for q in sitemap.questions if q.url.split("/")[1] == IN_SECTION[0])
        _goto(view, base_url + question.url)
        assert view.locator(".guide-reviewed").first.text_content() == "Studied ✓"
    recorder.assert_clean()
    other_recorder.assert_clean()
