// @ts-check
/* Self-test, copy link, "Mark studied" and progress; see types/guide.d.ts and README (Browser scripts). */
(function (start) {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})(function () {
  "use strict";

  const core = window.GuideCore;
  const $ = core.$, el = core.el, announce = core.announce;
  const KEY_SELFTEST = "llm-guide.selftest";   // "on" when self-test mode is on

  function load(key, fallback) {
    try {
      const value = window.localStorage.getItem(key);
      return value === null ? fallback : value;
    } catch (_e) {
      return fallback;
    }
  }
  function save(key, value) {
    try {
      window.localStorage.setItem(key, value);
    } catch (_e) { /* progress then lasts for this page view only */ }
  }

  function placeAfterTitle(block, content) {
    const title = content.querySelector("h1");
    if (title && title.nextSibling !== block) title.after(block);
    block.hidden = false;
  }

  /* ---- Self-test mode ---------------------------------------------------- */

  function selfTestOn() {
    return load(KEY_SELFTEST, "off") === "on";
  }

  function setUpAnswers(content) {
    const answers = content.querySelectorAll(".guide-answer");
    answers.forEach(function (answer, index) {
      if (answer.previousElementSibling && answer.previousElementSibling.classList.contains("guide-reveal")) return;
      if (!answer.id) answer.id = "guide-answer-" + (index + 1);
      const button = document.createElement("button");
      button.type = "button";
      button.className = "md-button guide-reveal";
      button.setAttribute("aria-controls", answer.id);
      button.setAttribute("aria-expanded", "false");
      button.textContent = "Show answer";
      button.addEventListener("click", function () {
        const open = answer.classList.toggle("guide-answer--revealed");
        button.setAttribute("aria-expanded", String(open));
        button.textContent = open ? "Hide answer" : "Show answer";
      });
      answer.before(button);
    });
  }

  function applySelfTest(content) {
    const on = selfTestOn();
    document.body.classList.toggle("guide-selftest", on);
    content.querySelectorAll(".guide-answer").forEach(function (answer) {
      answer.classList.remove("guide-answer--revealed");
    });
    content.querySelectorAll(".guide-reveal").forEach(function (button) {
      button.setAttribute("aria-expanded", "false");
      button.textContent = "Show answer";
    });
    content.querySelectorAll(".guide-selftest-toggle").forEach(function (button) {
      button.setAttribute("aria-pressed", String(on));
      button.textContent = on ? "Self-test: on" : "Self-test: off";
    });
  }

  /* ---- Copy short link --------------------------------------------------- */

  function shortLinkOf(toolbar) {
    // From a file:// copy the local path is useless to others: share the public address.
    const publicLink = toolbar.getAttribute("data-public-link");
    if (location.protocol === "file:" && publicLink) return publicLink;
    return new URL(toolbar.getAttribute("data-short-link"), location.href).href;
  }

  /* ---- Studied marks and progress (one store: review-store.js) ---------- */

  /** @returns {Record<string, string>} old slug -> new, when the page has them */
  function aliases() {
    const entry = document.querySelector(".guide-review-entry[data-aliases]");
    try { return JSON.parse((entry && entry.getAttribute("data-aliases")) || "{}"); } catch (_e) { return {}; }
  }

  /** @param {ParentNode} content */
  function renderStudied(content) {
    const store = window.GuideReviewStore;
    const now = new Date();
    const checked = store.read(now, aliases());
    const state = checked.state;
    content.querySelectorAll(".guide-toolbar[data-page]").forEach(function (toolbar) {
      const button = $(".guide-reviewed", toolbar);
      const slug = store.slugOfUrl(toolbar.getAttribute("data-page") || "");
      const studied = store.isStudied(state, slug);
      button.setAttribute("aria-pressed", String(studied));
      button.textContent = studied ? "Studied ✓" : "Mark studied";
    });
    content.querySelectorAll(".guide-item[data-url]").forEach(function (item) {
      const done = store.isStudied(state, store.slugOfUrl(item.getAttribute("data-url") || ""));
      item.classList.toggle("guide-item--reviewed", done);
      const title = item.querySelector("h3, h2");
      const badge = item.querySelector(".guide-badge");
      if (done && !badge && title) title.append(" ", el("span", { class: "guide-badge" }, "Studied"));
      else if (!done && badge) badge.remove();
    });
    content.querySelectorAll(".guide-progress__section").forEach(function (row) {
      const slugs = (row.getAttribute("data-pages") || "").split(/\s+/).filter(Boolean).map(store.slugOfUrl);
      const count = store.counts(slugs, now, state);
      /** @type {HTMLProgressElement} */ (row.querySelector("progress")).value = count.studied;
      $(".guide-progress__count", row).textContent = count.studied + " of " + count.total + " studied";
    });
    const progress = content.querySelector(".guide-progress");
    if (progress) showProblems(progress, checked.problems, "Some saved review schedules were not valid: left out, or fixed where they could be", "store");
  }

  /** @param {Element} host @param {string[]} problems @param {string} lead @param {string} kind */
  function showProblems(host, problems, lead, kind) {
    let note = $(".guide-progress__problems[data-from='" + kind + "']", host);
    if (!problems.length) { if (note) note.remove(); return; }
    if (!note) {
      note = el("p", { class: "guide-progress__problems guide-review__notice", "data-from": kind });
      host.appendChild(note);
    }
    note.textContent = lead + " (" + problems.length + "): " + problems.slice(0, 10).join("; ") + (problems.length > 10 ? "; …" : "") + ".";
  }

  /** @param {Element} button @param {Element|null} status @param {ParentNode} content */
  function toggleStudied(button, status, content) {
    const store = window.GuideReviewStore;
    const toolbar = button.closest(".guide-toolbar");
    const slug = store.slugOfUrl((toolbar && toolbar.getAttribute("data-page")) || "");
    const now = new Date();
    const state = store.read(now, aliases()).state;
    let message;
    if (state.marked[slug]) {
      delete state.marked[slug];
      message = state.cards[slug] ? "Unmarked; still studied: you graded it in review." : "No longer marked as studied.";
    } else if (state.cards[slug]) {
      announce(status, "Studied: you graded it in review; it comes back there when due.");
      return;
    } else {
      state.marked[slug] = now.toISOString();
      message = "Marked as studied. Review asks it once, like any question you have not graded yet.";
    }
    const saved = store.write(state);
    renderStudied(content);
    announce(status, saved.ok ? message : saved.message);
    document.dispatchEvent(new CustomEvent("guide:review-state"));
  }

  function loadProgressFile() {
    return core.loadScript("progress-file.js", function () { return !!window.GuideProgressFile; })
      .then(function () { return window.GuideProgressFile; });
  }
  /** @param {ParentNode} content */
  function fileHelpers(content) {
    return { aliases: aliases(), render: function () { renderStudied(content); }, showProblems: showProblems };
  }

  /* ---- Keyboard access to wide code ------------------------------------- */

  // A sideways-scrolling notebook cell takes focus, so keyboards can scroll it.
  function makeScrollablesFocusable(content) {
    content.querySelectorAll(".jupyter-wrapper .highlight-ipynb, .jupyter-wrapper .jp-OutputArea-output pre")
      .forEach(function (box) {
        if (box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex")) {
          box.setAttribute("tabindex", "0");
        }
      });
  }

  /* ---- Wiring ------------------------------------------------------------ */

  function enhance() {
    const content = document.querySelector("[data-md-component=content]") || document.body;
    const article = content.querySelector("article") || content;
    article.setAttribute("data-guide-enhanced", "");
    const toolbar = $(".guide-toolbar", content);
    const progress = $(".guide-progress", content);

    setUpAnswers(content);
    applySelfTest(content);
    if (toolbar) placeAfterTitle(toolbar, content);
    if (progress) {
      // On section overviews progress belongs at the top, on the home page after the text.
      if (toolbar) toolbar.after(progress);
      progress.hidden = false;
    }
    renderStudied(content);
    makeScrollablesFocusable(content);
    keepTargetInView();
  }

  // Moving the toolbar can shift the page after Material scrolled to #anchor: bring it back.
  function keepTargetInView() {
    if (location.hash.length < 2) return;
    const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!target) return;
    const shown = target;
    requestAnimationFrame(function () {
      const header = document.querySelector(".md-header");
      const top = shown.getBoundingClientRect().top;
      const bottom = header ? header.getBoundingClientRect().bottom : 0;
      if (top < bottom || top > window.innerHeight - 40) shown.scrollIntoView();
    });
  }

  // One delegated listener for all pages, so instant navigation adds no duplicates.
  document.addEventListener("click", function (event) {
    const from = /** @type {any} */ (event.target);
    const target = from && from.closest ? from.closest("button") : null;
    if (!target) return;
    const content = document.querySelector("[data-md-component=content]") || document.body;
    const toolbar = target.closest(".guide-toolbar");
    const status = (target.closest(".guide-toolbar, .guide-progress") || document).querySelector(".guide-status");

    if (target.classList.contains("guide-selftest-toggle")) {
      save(KEY_SELFTEST, selfTestOn() ? "off" : "on");
      applySelfTest(content);
      announce(status, selfTestOn() ? "Self-test on: answers are hidden." : "Self-test off: answers are shown.");
    } else if (target.classList.contains("guide-copy-link") && toolbar) {
      const link = shortLinkOf(toolbar);
      core.copyText(link).then(function () {
        target.classList.add("guide-copied");
        target.textContent = "Link copied";
        announce(status, "Copied " + link);
        setTimeout(function () {
          target.classList.remove("guide-copied");
          target.textContent = "Copy link";
        }, 2500);
      }, function () {
        announce(status, "Copy this link: " + link);
      });
    } else if (target.classList.contains("guide-reviewed") && toolbar) {
      toggleStudied(target, status, content);
    } else if (target.classList.contains("guide-export")) {
      loadProgressFile().then(function (io) { io.exportProgress(status, fileHelpers(content)); });
    } else if (target.classList.contains("guide-import")) {
      const input = target.parentNode.querySelector(".guide-import-file");
      if (input) input.click();
    }
  });

  document.addEventListener("change", function (event) {
    const input = /** @type {any} */ (event.target);
    if (!input || !input.classList || !input.classList.contains("guide-import-file") || !input.files.length) return;
    const content = document.querySelector("[data-md-component=content]") || document.body;
    const file = input.files[0], status = input.parentNode.querySelector(".guide-status");
    loadProgressFile().then(function (io) { io.importProgress(file, status, fileHelpers(content)); });
    input.value = "";
  });

  // Another tab changed the progress or the mode, or review graded: follow it.
  window.addEventListener("storage", function (event) {
    if (event.key === window.GuideReviewStore.KEY || event.key === KEY_SELFTEST) enhance();
  });
  document.addEventListener("guide:review-state", function () {
    renderStudied(document.querySelector("[data-md-component=content]") || document.body);
  });

  core.onPageView(enhance, "article[data-guide-enhanced]");
});
