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
(function () {
  "use strict";

  var LEVELS = ["foundational", "intermediate", "advanced"];
  var SCRIPT_URL = document.currentScript ? document.currentScript.src : "";
  var store = window.GuideReviewStore;

  /* ---- Small helpers ------------------------------------------------------- */

  function $(selector, root) { return (root || document).querySelector(selector); }
  function $$(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }
  function capitalize(text) { return text.charAt(0).toUpperCase() + text.slice(1); }
  function plural(n, noun) { return n + " " + noun + (n === 1 ? "" : "s"); }

  function announce(region, text) {
    if (!region) return;
    // Cleared first so that the same words twice are announced twice.
    region.textContent = "";
    setTimeout(function () { region.textContent = text; }, 50);
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text) node.textContent = text;
    return node;
  }

  // The question slug of a link to its page: ".../concepts/bert/" or ".../concepts/bert.html".
  function slugOfHref(href) {
    var path = new URL(href, location.href).pathname.replace(/\/index\.html$/, "/").replace(/\.html$/, "/");
    var parts = path.split("/").filter(Boolean);
    return parts[parts.length - 1] || "";
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return Promise.reject(new Error("no clipboard"));
  }

  /* ---- Addresses ------------------------------------------------------------ */

  function reviewAddress(entry, params, shareable) {
    var query = params.toString().replace(/%2C/g, ",");
    var base = entry.getAttribute("data-review-url");
    // A link copied from a file:// copy must work for others: use the public address.
    var publicUrl = entry.getAttribute("data-public-url");
    var url = shareable && location.protocol === "file:" && publicUrl ? new URL(publicUrl) : new URL(base, location.href);
    url.search = query ? "?" + query : "";
    return url.href;
  }

  function levelsOf(entry) {
    try { return JSON.parse(entry.getAttribute("data-levels") || "{}"); } catch (e) { return {}; }
  }

  /* ---- Entry points: due today, review this section / tag --------------------- */

  function dueText(count, where) {
    var parts = [count.due + " due today" + where];
    if (count.fresh) parts.push(count.fresh + " not reviewed yet");
    return parts.join(" · ");
  }

  function renderEntry(entry) {
    var kind = entry.getAttribute("data-kind");
    var now = new Date();
    var levels = levelsOf(entry);
    var content = entry.closest("article") || document.body;
    if (kind === "home") {
      var all = Object.keys(levels);
      $(".guide-review-entry__count", entry).textContent = dueText(store.counts(all, now), "");
      // After the introduction, before the section cards.
      var intro = $("h1 + p", content);
      if (intro && intro.nextElementSibling !== entry) intro.after(entry);
    } else if (kind === "section") {
      // Every question of the section, also those on the other pages of a paged overview.
      var slugs = JSON.parse(entry.getAttribute("data-section-slugs") || "null") ||
        sectionItems(content).map(function (item) { return item.slug; });
      var section = entry.getAttribute("data-section");
      $(".guide-review-entry__count", entry).textContent = dueText(store.counts(slugs, now), " in this section");
      $(".guide-review-entry__start", entry).href = reviewAddress(entry, new URLSearchParams({ section: section }));
      var toolbar = $(".guide-progress", content) || $(".guide-toolbar", content) || $("h1", content);
      if (toolbar && toolbar.nextElementSibling !== entry) toolbar.after(entry);
      setUpSetChoice(entry, sectionItems(content));
    } else if (kind === "tags") {
      addTagLinks(entry, content);
      var intro2 = $("h1 + p", content);
      if (intro2 && intro2.nextElementSibling !== entry) intro2.after(entry);
      setUpSetChoice(entry, tagItems(content));
    }
    entry.hidden = kind === "review";
  }

  // Section overview: each question is a .guide-item whose data-url ends in its slug.
  function sectionItems(content) {
    return $$(".guide-item[data-url]", content).map(function (item) {
      var title = $("h3, h2", item);
      return { slug: slugOfHref(item.getAttribute("data-url")), title: title ? title.textContent.trim() : "", host: title };
    });
  }

  // Tags page (Material's tags plugin): h2#tag:<name> followed by a list of links.
  function tagHeadings(content) {
    return $$("h2[id^='tag:']", content);
  }
  function tagItems(content) {
    var items = [];
    tagHeadings(content).forEach(function (heading) {
      var list = heading.nextElementSibling;
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
      var name = ($(".md-tag", heading) || heading).textContent.trim();
      var line = el("p", { class: "guide-review-tag" });
      var link = el("a", { href: reviewAddress(entry, new URLSearchParams({ tag: name })) }, "Review this tag");
      link.setAttribute("aria-label", "Review the questions tagged " + name);
      line.appendChild(link);
      heading.after(line);
    });
  }

  /* ---- Study sets: choose questions, copy one link ----------------------------- */

  // items: [{slug, title, host}] in page order; a checkbox is added to each host.
  function setUpSetChoice(entry, items) {
    var toggle = $(".guide-set-toggle", entry);
    if (!toggle || toggle._guideSet) return;
    toggle._guideSet = true;
    var levels = levelsOf(entry);
    items = items.filter(function (item) { return item.slug in levels; });
    var bar = buildSetBar(entry, items, levels, "guide-set-bar guide-set-bar--floating");
    bar.hidden = true;
    entry.after(bar);
    toggle.addEventListener("click", function () {
      var on = toggle.getAttribute("aria-pressed") !== "true";
      toggle.setAttribute("aria-pressed", String(on));
      toggle.textContent = on ? "Done choosing" : "Choose questions for a study set";
      bar.hidden = !on;
      document.body.classList.toggle("guide-set-mode", on);
      items.forEach(function (item) {
        var box = item.host && $(".guide-set-check", item.host);
        if (on && item.host && !box) item.host.prepend(checkbox(item, bar));
        if (box) box.hidden = !on;
      });
      if (on) { var first = $(".guide-set-check input", document); if (first) first.focus(); }
    });
  }

  function checkbox(item, bar) {
    var label = el("label", { class: "guide-set-check" });
    var input = el("input", { type: "checkbox", "data-slug": item.slug, "aria-label": "Add to the study set: " + item.title });
    input.addEventListener("change", function () { bar._setSelected(item.slug, input.checked); });
    label.appendChild(input);
    return label;
  }

  // The bar: count, select all / none / by level, copy the link, open it.
  function buildSetBar(entry, items, levels, className) {
    var bar = el("div", { class: className, role: "region", "aria-label": "Study set", id: "guide-set-bar" });
    var chosen = [];
    var count = el("span", { class: "guide-set-bar__count" });
    var status = el("span", { class: "guide-status", role: "status", "aria-live": "polite" });
    var open = el("a", { class: "md-button md-button--primary guide-set-open" }, "Review these");
    var copy = el("button", { type: "button", class: "md-button guide-set-copy" }, "Copy study-set link");
    var pick = el("span", { class: "guide-set-bar__pick", role: "group", "aria-label": "Select" });
    var slugsHere = [];
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
    bar._setSelected = function (slug, on) {
      chosen = chosen.filter(function (s) { return s !== slug; });
      if (on) chosen.push(slug);
      update();
    };
    bar._items = items;
    [["All", function () { return slugsHere; }], ["None", function () { return []; }]]
      .concat(LEVELS.map(function (level) {
        return [capitalize(level), function () { return slugsHere.filter(function (s) { return levels[s] === level; }); }];
      }))
      .forEach(function (pair) {
        var button = el("button", { type: "button", class: "md-button guide-set-pick" }, pair[0]);
        button.addEventListener("click", function () { choose(pair[1](), pair[0]); });
        pick.appendChild(button);
      });
    copy.addEventListener("click", function () {
      var address = link(true);
      copyText(address).then(function () {
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

  /* ---- The review page: review-session.js, loaded here on that page only ---- */

  var loaded = {};
  function loadScript(name, ready) {
    if (ready()) return Promise.resolve();
    if (!loaded[name]) {
      loaded[name] = new Promise(function (resolve, reject) {
        var script = el("script", { src: new URL(name, SCRIPT_URL).href });
        script.onload = function () { ready() ? resolve() : reject(new Error(name + " did not load")); };
        script.onerror = function () { loaded[name] = null; reject(new Error(name + " not loaded")); };
        document.head.appendChild(script);
      });
    }
    return loaded[name];
  }

  // What review-session.js uses from here.
  window.GuideReview = {
    LEVELS: LEVELS, $: $, $$: $$, el: el, announce: announce, plural: plural, capitalize: capitalize,
    dueText: dueText, reviewAddress: reviewAddress, levelsOf: levelsOf, buildSetBar: buildSetBar,
    checkbox: checkbox, loadScript: loadScript
  };

  /* ---- Wiring ------------------------------------------------------------------ */

  function enhance() {
    if (!store) return;
    var entry = $(".guide-review-entry");
    if (!entry) return;
    var article = entry.closest("article") || document.body;
    article.setAttribute("data-guide-review-ready", "");
    document.body.classList.remove("guide-set-mode");
    renderEntry(entry);
    var root = document.getElementById("guide-review");
    if (root && entry.getAttribute("data-kind") === "review") {
      loadScript("review-session.js", function () { return !!window.GuideReviewSession; }).then(function () {
        if (document.getElementById("guide-review") === root) window.GuideReviewSession.start(root, entry);
      });
    }
  }

  // An import (study.js) or another tab changed the schedule: refresh the counts.
  function refreshCounts() {
    var entry = $(".guide-review-entry");
    if (entry && entry.getAttribute("data-kind") !== "review") renderEntry(entry);
  }
  document.addEventListener("guide:review-state", refreshCounts);
  window.addEventListener("storage", function (event) {
    if (store && event.key === store.KEY) refreshCounts();
  });

  // Each page view, as study.js (loaded before this) does it.
  window.GuideStudy.onPageView(enhance, "[data-guide-review-ready]");
})();
