"""Every page fits a phone, every control stays readable, nothing moves after load (issue 18.4).

- Overflow: on every kind of page at 320 and 390 px, the document is no wider than the viewport.
- Contrast: every button and link-button of the study controls keeps its text at >= 4.5:1
  against its background at rest, on hover and on keyboard focus, light and dark; colours are
  read from getComputedStyle (backgrounds composited up the tree, as the eye sees them).
- Nothing moves after load: on the home, section and question pages at phone widths, every block
  of the article is where it was first painted, before study.js and review.js ran (Lighthouse's
  mobile run paints before them and measured a layout shift of 0.054 on a question page when the
  toolbar was shown by script); the layout shift the browser reports (PerformanceObserver
  'layout-shift', what Lighthouse sums) stays at or under 0.01.
"""

from __future__ import annotations

import pytest
from browser_harness import REPORT, wait_for_material

WIDTHS = (320, 390)
CLS_LIMIT = 0.01


def _pages(sitemap) -> dict[str, str]:
    question = sitemap.questions[0]
    return {
        "home": "",
        "section": question.url.split("/")[0] + "/",
        "question": question.url,
        "review": "review/",
        "glossary": "glossary/",
        "tags": "tags/",
        "notebook": sitemap.notebooks[0],
    }


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_fits_a_phone(width, new_page, base_url, sitemap):
    page, recorder = new_page(base_url)
    page.set_viewport_size({"width": width, "height": 800})
    wide = {}
    for name, url in _pages(sitemap).items():
        page.goto(base_url + url)
        wait_for_material(page)
        if name in ("section", "tags"):
            # The study-set bar, opened, must fit too.
            page.locator(".guide-set-toggle").click()
            page.locator(".guide-set-bar").wait_for()
        if name == "review":
            page.locator(".guide-review__show").wait_for(state="visible")
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            culprits = page.evaluate(
                """w => [...document.querySelectorAll('body *')].filter(e => {
                       const r = e.getBoundingClientRect(); return r.width && r.right > w + 0.5;
                     }).slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'))""",
                width,
            )
            wide[name] = (scroll, culprits)
    assert not wide, f"wider than {width} px: {wide}"
    recorder.assert_clean()


CONTRAST = """
el => {
  const parse = c => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const over = (top, bottom) => { const a = top[3] + bottom[3] * (1 - top[3]);
    return a ? [0, 1, 2].map(i => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a).concat([a])
             : [0, 0, 0, 0]; };
  const layers = [];
  for (let n = el; n; n = n.parentElement) layers.push(parse(getComputedStyle(n).backgroundColor));
  let bg = [255, 255, 255, 1];
  if (document.body.getAttribute('data-md-color-scheme') === 'slate') bg = [0, 0, 0, 1];
  for (let i = layers.length - 1; i >= 0; i--) bg = over(layers[i], bg);
  const fg = over(parse(getComputedStyle(el).color), bg);
  const lum = c => { const s = c.slice(0, 3).map(v => {
      v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * s[0] + 0.7152 * s[1] + 0.0722 * s[2]; };
  const a = lum(fg), b = lum(bg);
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}
"""

NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; }"
# The colours are read once any transition left has settled.
SETTLED_CONTRAST = (
    """async el => {
    while (el.getAnimations().some(a => a.playState === 'running')) await new Promise(r => requestAnimationFrame(r));
    return ("""
    + CONTRAST
    + """)(el);
}"""
)
# At rest (nothing focused, the pointer away), then focused: in one call, as these need no real input.
REST_AND_FOCUS = (
    """async el => {
    const contrast = """
    + SETTLED_CONTRAST
    + """;
    document.activeElement?.blur();
    const rest = await contrast(el);
    el.focus();
    const focus = await contrast(el);
    el.blur();
    return [rest, focus];
}"""
)
BUTTONS = ".md-typeset .md-button, .md-typeset button, .guide-toolbar a, .guide-toolbar button"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_controls_keep_contrast_at_rest_on_hover_and_on_focus(scheme, new_page, base_url, sitemap):
    page, recorder = new_page(base_url, color_scheme=scheme)
    palette = {"light": "default", "dark": "slate"}[scheme]
    poor = []
    checked = 0
    for name, url in _pages(sitemap).items():
        if name in ("notebook", "glossary"):
            continue
        page.goto(base_url + url)
        wait_for_material(page)
        page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{palette}')")
        # The colours a state settles on, without waiting out each fade (a quarter of a second a state).
        page.add_style_tag(content=NO_TRANSITIONS)
        if name == "review":
            # With the answer shown, so that the grade buttons are checked too.
            page.locator(".guide-review__show").click()
            page.locator(".guide-review__grades").wait_for(state="visible")
        if name in ("section", "tags"):
            page.locator(".guide-set-toggle").click()
            page.locator(".guide-set-bar").wait_for()
        controls = page.locator(BUTTONS)
        for i in range(controls.count()):
            control = controls.nth(i)
            if not control.is_visible():
                continue
            label = f"{name}: {(control.text_content() or '').strip()[:30]!r}"
            page.mouse.move(0, 0)
            rest, focus = control.evaluate(REST_AND_FOCUS)
            control.hover()
            ratios = {"rest": rest, "hover": control.evaluate(SETTLED_CONTRAST), "focus": focus}
            checked += len(ratios)
            poor += [f"{label} {state}: {ratio:.2f}" for state, ratio in ratios.items() if ratio < 4.5]
    REPORT.append(f"contrast ({scheme}): {checked} control states checked")
    assert checked > 30
    assert not poor, poor
    recorder.assert_clean()


TOPS = """
() => [...document.querySelectorAll('article.md-content__inner > *:not(script)')]
  .filter(e => e.getClientRects().length).slice(0, 12)
  .map(e => [e.tagName.toLowerCase() + (e.className ? '.' + e.className.split(' ')[0] : ''),
             Math.round(e.getBoundingClientRect().top + scrollY)])
"""
CLS = """
() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
    .observe({ type: 'layout-shift', buffered: true });
  requestAnimationFrame(() => requestAnimationFrame(() => resolve(total)));
})
"""
STUDY_SCRIPTS = ("study.js", "review.js")


@pytest.mark.parametrize("width", WIDTHS)
def test_nothing_moves_after_load(width, new_page, base_url, sitemap):
    """The page as first painted (before study.js and review.js run, as a phone often paints it) has every
    block where it stays once they have run: the room for the toolbar, progress and counts is kept."""
    page, recorder = new_page(base_url, has_touch=True, is_mobile=True)
    page.set_viewport_size({"width": width, "height": 844})
    question = sitemap.questions[0]
    # Not the tags page yet: its "Review this tag" lines are added by review.js under each tag.
    pages = {"home": "", "section": question.url.split("/")[0] + "/", "question": question.url}
    page.goto(base_url)
    wait_for_material(page)
    page.evaluate("localStorage.clear()")  # a first visit, as Lighthouse makes it
    before = {}
    page.route(
        lambda url: url.endswith(STUDY_SCRIPTS),
        lambda route: route.fulfill(status=200, content_type="text/javascript", body="/* held back */"),
    )
    for name, url in pages.items():
        page.goto(base_url + url)
        wait_for_material(page)
        before[name] = page.evaluate(TOPS)
    page.unroute_all()
    moved, shifts = {}, {}
    for name, url in pages.items():
        page.goto(base_url + url)
        wait_for_material(page)
        page.wait_for_selector("[data-guide-review-ready], .guide-toolbar:not([hidden])", state="attached")
        after = page.evaluate(TOPS)
        shifts[name] = page.evaluate(CLS)
        if after != before[name]:
            moved[name] = [(b, a) for b, a in zip(before[name], after, strict=False) if a != b][:3]
    measured = ", ".join(f"{k} {v:.4f}" for k, v in shifts.items())
    REPORT.append(f"layout shift ({width} px, PerformanceObserver): {measured}")
    assert not moved, f"blocks move when the scripts run: {moved}"
    assert all(v <= CLS_LIMIT for v in shifts.values()), shifts
    recorder.assert_clean()
