// @ts-check
/* Review entry points ("N due today", review this section/tag); loads review-session.js on the review page. */
(function (start) {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})(function () {
  "use strict";

  const core = window.GuideCore;
  const store = window.GuideReviewStore;
  const $ = core.$, $$ = core.$$, el = core.el;

  /** @param {string} href */
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
      // Every question of the section, also those on the other pages of a paged overview.
      const slugs = JSON.parse(entry.getAttribute("data-section-slugs") || "null") ||
        sectionItems(content).map(function (item) { return item.slug; });
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

  /* ---- Study sets: study-set.js, loaded when the reader starts choosing ----- */

  function loadStudySet() {
    return core.loadScript("study-set.js", function () { return !!window.GuideStudySet; }).then(function () { return window.GuideStudySet; });
  }

  /** @param {Element} entry @param {{slug: string, title: string, host: Element}[]} items */
  function setUpSetChoice(entry, items) {
    const toggle = $(".guide-set-toggle", entry);
    if (!toggle || core.data(toggle).setUp) return;
    core.data(toggle).setUp = true;
    toggle.addEventListener("click", function () {
      loadStudySet().then(function (sets) { sets.toggle(entry, toggle, items, levelsOf(entry), reviewAddress); });
    });
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
            dueText: dueText, reviewAddress: reviewAddress, levelsOf: levelsOf, loadStudySet: loadStudySet
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
