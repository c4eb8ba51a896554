// @ts-check
/*
 * Review mode and study sets, no framework.
 *
 * - The review page (docs/review.md, generated): its session is review-session.js,
 *   which this loads there only, so other pages stay light.
 * - Entry points (overrides/partials/review-entry.html): "N due today" on the
 *   home page, "Review this section", "Review this tag", and choosing questions
 *   for a study-set link on section, tag and review pages.
 * Material's instant navigation swaps the page without reloading scripts, so
 * each page view is set up from document$, or from the page load where
 * document$ stays silent (file://).
 */
(function (start) {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})(function () {
  "use strict";

  const LEVELS = ["foundational", "intermediate", "advanced"];
  const core = window.GuideCore;
  const store = window.GuideReviewStore;
  const $ = core.$, $$ = core.$$, el = core.el, announce = core.announce, plural = core.plural, capitalize = core.capitalize;

  /**
   * The question slug of a link to its page: ".../concepts/bert/" or ".../concepts/bert.html".
   * @param {string} href
   */
  function slugOfHref(href) {
    return store.slugOfUrl(new URL(href, location.href).pathname);
  }

  /** @param {Element} entry @returns {Record<string, string>} */
  function aliasesOf(entry) {
    try { return JSON.parse(entry.getAttribute("data-aliases") || "{}"); } catch (_e) { return {}; }
  }

  /* ---- Addresses ------------------------------------------------------------ */

  function reviewAddress(entry, params, shareable) {
    const query = params.toString().replace(/%2C/g, ",");
    const base = entry.getAttribute("data-review-url");
    // A link copied from a file:// copy must work for others: use the public address.
    const publicUrl = entry.getAttribute("data-public-url");
    const url = shareable && location.protocol === "file:" && publicUrl ? new URL(publicUrl) : new URL(base, location.href);
    url.search = query ? "?" + query : "";
    return url.href;
  }

  function levelsOf(entry) {
    try { return JSON.parse(entry.getAttribute("data-levels") || "{}"); } catch (_e) { return {}; }
  }

  /* ---- Entry points: due today, review this section / tag --------------------- */

  /** @param {{due: number, fresh: number}} count @param {string} where */
  function dueText(count, where) {
    const parts = [count.due + " due today" + where];
    if (count.fresh) parts.push(count.fresh + " not studied yet");
    return parts.join(" · ");
  }

  function renderEntry(entry) {
    const kind = entry.getAttribute("data-kind");
    const now = new Date();
    const state = store.read(now, aliasesOf(entry)).state;
    const levels = levelsOf(entry);
    const content = entry.closest("article") || document.body;
    if (kind === "home") {
      const all = Object.keys(levels);
      $(".guide-review-entry__count", entry).textContent = dueText(store.counts(all, now, state), "");
      // After the introduction, before the section cards.
      const intro = $("h1 + p", content);
      if (intro && intro.nextElementSibling !== entry) intro.after(entry);
    } else if (kind === "section") {
      const slugs = sectionItems(content).map(function (item) { return item.slug; });
      const section = entry.getAttribute("data-section");
      $(".guide-review-entry__count", entry).textContent = dueText(store.counts(slugs, now, state), " in this section");
      $(".guide-review-entry__start", entry).href = reviewAddress(entry, new URLSearchParams({ section: section }));
      const toolbar = $(".guide-progress", content) || $(".guide-toolbar", content) || $("h1", content);
      if (toolbar && toolbar.nextElementSibling !== entry) toolbar.after(entry);
      setUpSetChoice(entry, sectionItems(content));
    } else if (kind === "tags") {
      addTagLinks(entry, content);
      const intro2 = $("h1 + p", content);
      if (intro2 && intro2.nextElementSibling !== entry) intro2.after(entry);
      setUpSetChoice(entry, tagItems(content));
    }
    entry.hidden = kind === "review";
  }

  // Section overview: each question is a .guide-item whose data-url ends in its slug.
  function sectionItems(content) {
    return $$(".guide-item[data-url]", content).map(function (item) {
      const title = $("h3, h2", item);
      return { slug: slugOfHref(item.getAttribute("data-url")), title: title ? title.textContent.trim() : "", host: title };
    });
  }

  // Tags page (Material's tags plugin): h2#tag:<name> followed by a list of links.
  function tagHeadings(content) {
    return $$("h2[id^='tag:']", content);
  }
  function tagItems(content) {
    const items = [];
    tagHeadings(content).forEach(function (heading) {
      let list = heading.nextElementSibling;
      while (list && list.tagName !== "UL" && !/^H[12]$/.test(list.tagName)) list = list.nextElementSibling;
      if (!list || list.tagName !== "UL") return;
      $$("li > a", list).forEach(function (link) {
        items.push({ slug: slugOfHref(link.getAttribute("href")), title: link.textContent.trim(), host: link.parentNode });
      });
    });
    return items;
  }
  function addTagLinks(entry, content) {
    tagHeadings(content).forEach(function (heading) {
      if (heading.nextElementSibling && heading.nextElementSibling.classList.contains("guide-review-tag")) return;
      const name = ($(".md-tag", heading) || heading).textContent.trim();
      const line = el("p", { class: "guide-review-tag" });
      const link = el("a", { href: reviewAddress(entry, new URLSearchParams({ tag: name })) }, "Review this tag");
      link.setAttribute("aria-label", "Review the questions tagged " + name);
      line.appendChild(link);
      heading.after(line);
    });
  }

  /* ---- Study sets: choose questions, copy one link ----------------------------- */

  // items: [{slug, title, host}] in page order; a checkbox is added to each host.
  function setUpSetChoice(entry, items) {
    const toggle = $(".guide-set-toggle", entry);
    if (!toggle || core.data(toggle).setUp) return;
    core.data(toggle).setUp = true;
    const levels = levelsOf(entry);
    items = items.filter(function (item) { return item.slug in levels; });
    const bar = buildSetBar(entry, items, levels, "guide-set-bar guide-set-bar--floating");
    bar.hidden = true;
    entry.after(bar);
    toggle.addEventListener("click", function () {
      const on = toggle.getAttribute("aria-pressed") !== "true";
      toggle.setAttribute("aria-pressed", String(on));
      toggle.textContent = on ? "Done choosing" : "Choose questions for a study set";
      bar.hidden = !on;
      document.body.classList.toggle("guide-set-mode", on);
      items.forEach(function (item) {
        const box = item.host && $(".guide-set-check", item.host);
        if (on && item.host && !box) item.host.prepend(checkbox(item, bar));
        if (box) box.hidden = !on;
      });
      if (on) { const first = $(".guide-set-check input", document); if (first) first.focus(); }
    });
  }

  function checkbox(item, bar) {
    const label = el("label", { class: "guide-set-check" });
    const input = el("input", { type: "checkbox", "data-slug": item.slug, "aria-label": "Add to the study set: " + item.title });
    input.addEventListener("change", function () { core.data(bar).select(item.slug, input.checked); });
    label.appendChild(input);
    return label;
  }

  // The bar: count, select all / none / by level, copy the link, open it.
  function buildSetBar(entry, items, levels, className) {
    const bar = el("div", { class: className, role: "region", "aria-label": "Study set", id: "guide-set-bar" });
    let chosen = [];
    const count = el("span", { class: "guide-set-bar__count" });
    const status = el("span", { class: "guide-status", role: "status", "aria-live": "polite" });
    const open = el("a", { class: "md-button md-button--primary guide-set-open" }, "Review these");
    const copy = el("button", { type: "button", class: "md-button guide-set-copy" }, "Copy study-set link");
    const pick = el("span", { class: "guide-set-bar__pick", role: "group", "aria-label": "Select" });
    const slugsHere = [];
    items.forEach(function (item) { if (slugsHere.indexOf(item.slug) < 0) slugsHere.push(item.slug); });

    function link(shareable) {
      return reviewAddress(entry, new URLSearchParams({ set: chosen.join(",") }), shareable);
    }
    function update() {
      chosen = slugsHere.filter(function (slug) { return chosen.indexOf(slug) >= 0; });
      $$(".guide-set-check input", document).forEach(function (box) {
        box.checked = chosen.indexOf(box.getAttribute("data-slug")) >= 0;
      });
      count.textContent = plural(chosen.length, "question") + " chosen";
      copy.disabled = open.hidden = chosen.length === 0;
      if (chosen.length) open.href = link(false);
    }
    function choose(slugs, text) {
      chosen = slugs.slice();
      update();
      announce(status, text + ": " + plural(chosen.length, "question") + " chosen.");
    }
    core.data(bar).select = function (/** @type {string} */ slug, /** @type {boolean} */ on) {
      chosen = chosen.filter(function (s) { return s !== slug; });
      if (on) chosen.push(slug);
      update();
    };
    [["All", function () { return slugsHere; }], ["None", function () { return []; }]]
      .concat(LEVELS.map(function (level) {
        return [capitalize(level), function () { return slugsHere.filter(function (s) { return levels[s] === level; }); }];
      }))
      .forEach(function (pair) {
        const name = /** @type {string} */ (pair[0]), slugs = /** @type {() => string[]} */ (pair[1]);
        const button = el("button", { type: "button", class: "md-button guide-set-pick" }, name);
        button.addEventListener("click", function () { choose(slugs(), name); });
        pick.appendChild(button);
      });
    copy.addEventListener("click", function () {
      const address = link(true);
      core.copyText(address).then(function () {
        announce(status, "Copied the link to " + plural(chosen.length, "question") + ".");
      }, function () {
        announce(status, "Copy this link: " + address);
      });
      bar.setAttribute("data-link", address);
    });
    bar.append(count, " ", pick, " ", copy, " ", open, " ", status);
    update();
    return bar;
  }

  /* ---- Wiring ------------------------------------------------------------------ */

  function enhance() {
    if (!store) return;
    const entry = $(".guide-review-entry");
    if (!entry) return;
    const article = entry.closest("article") || document.body;
    article.setAttribute("data-guide-review-ready", "");
    document.body.classList.remove("guide-set-mode");
    renderEntry(entry);
    const root = /** @type {HTMLElement} */ (document.getElementById("guide-review"));
    if (root && entry.getAttribute("data-kind") === "review") {
      core.loadScript("review-session.js", function () { return !!window.GuideReviewSession; }).then(function () {
        if (document.getElementById("guide-review") === root) {
          window.GuideReviewSession.start(root, entry, {
            dueText: dueText, reviewAddress: reviewAddress, levelsOf: levelsOf, buildSetBar: buildSetBar, checkbox: checkbox
          });
        }
      }, function () {
        const notice = $(".guide-review__notice", root);
        root.hidden = false;
        notice.hidden = false;
        notice.textContent = "The review could not be loaded; reload the page to try again.";
      });
    }
  }

  // An import (study.js) or another tab changed the schedule: refresh the counts.
  function refreshCounts() {
    const entry = $(".guide-review-entry");
    if (entry && entry.getAttribute("data-kind") !== "review") renderEntry(entry);
  }
  document.addEventListener("guide:review-state", refreshCounts);
  window.addEventListener("storage", function (event) {
    if (store && event.key === store.KEY) refreshCounts();
  });

  core.onPageView(enhance, "[data-guide-review-ready]");
});
