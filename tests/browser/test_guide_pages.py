"""A question page that teaches, in a real browser: self-test hides everything that gives the
answer away (the guide's answer and points, the follow-ups' answers, "Also searched as"), and
printing shows all of it, follow-up answers included."""

from __future__ import annotations

import pytest
from browser_harness import wait_for_material

TOGGLE = ".guide-toolbar .guide-selftest-toggle"
GIVES_IT_AWAY = (
    "article .admonition.guide-main",
    "article .guide-synonyms",
    "article details.guide-follow-up",
)


def _visible(page, selector: str) -> list[bool]:
    return [page.locator(selector).nth(i).is_visible() for i in range(page.locator(selector).count())]


@pytest.mark.parametrize("kind", ["source", "guide"])
def test_self_test_hides_what_gives_the_answer_away_and_print_shows_it(kind, new_page, base_url, sitemap):
    question = next(q for q in sitemap.questions if isinstance(q.number, str) == (kind == "guide"))
    page, recorder = new_page(base_url)
    page.goto(base_url + question.url)
    wait_for_material(page)
    for selector in GIVES_IT_AWAY:
        assert page.locator(selector).count() > 0, (question.url, selector)
        assert all(_visible(page, selector)), (question.url, selector)
    # Follow-up answers are folded until the reader opens one.
    follow_up = page.locator("article details.guide-follow-up").first
    assert not follow_up.locator("p").first.is_visible()
    page.locator(TOGGLE).click()
    for selector in GIVES_IT_AWAY:
        assert not any(_visible(page, selector)), (question.url, selector)
    page.locator(".guide-reveal").first.click()
    for selector in GIVES_IT_AWAY:
        assert all(_visible(page, selector)), (question.url, selector)
    page.locator(".guide-reveal").first.click()
    # Printed (self-test still on): every answer, point and follow-up answer is on paper.
    page.emulate_media(media="print")
    for selector in GIVES_IT_AWAY:
        assert all(_visible(page, selector)), (question.url, selector)
    assert follow_up.locator("p").first.is_visible(), "a folded follow-up's answer must print"
    page.emulate_media(media="screen")
    page.locator(TOGGLE).click()
    recorder.assert_clean()
