/*
 * Study features, no framework: self-test mode, copy short link, "reviewed"
 * marks with per-section progress, and export/import of that progress and of
 * the spaced-review schedule (review-store.js).
 * Everything is kept in localStorage, so it works offline and without login.
 * Material's instant navigation swaps the page content without reloading the
 * scripts, so the page is (re)enhanced from document$ on every page view.
 */
(function () {
  "use strict";

  var KEY_REVIEWED = "llm-guide.reviewed";   // JSON list of page URLs, e.g. "concepts/attention-mechanisms/"
  var KEY_SELFTEST = "llm-guide.selftest";   // "on" when self-test mode is on
  var EXPORT_FORMAT = "llm-interview-guide-progress";

  // localStorage can be missing or refuse writes (private modes, some file:// setups).
  function load(key, fallback) {
    try {
      var value = window.localStorage.getItem(key);
      return value === null ? fallback : value;
    } catch (e) {
      return fallback;
    }
  }
  function save(key, value) {
    try {
      window.localStorage.setItem(key, value);
    } catch (e) { /* progress then lasts for this page view only */ }
  }

  // One key per page whatever the build: "concepts/x/" online, where the
  // offline copy says "concepts/x.html" (and "concepts/index.html").
  function pageKey(url) {
    return (url || "").replace(/(^|\/)index\.html$/, "$1").replace(/\.html$/, "/");
  }

  function reviewedSet() {
    var list;
    try {
      list = JSON.parse(load(KEY_REVIEWED, "[]"));
    } catch (e) {
      list = [];
    }
    return new Set(Array.isArray(list) ? list.filter(function (u) { return typeof u === "string"; }) : []);
  }
  function saveReviewed(set) {
    save(KEY_REVIEWED, JSON.stringify(Array.from(set).sort()));
  }

  // Show a short message in the nearest live region, then clear it.
  function announce(region, text) {
    if (!region) return;
    region.textContent = text;
    clearTimeout(region._guideTimer);
    region._guideTimer = setTimeout(function () { region.textContent = ""; }, 4000);
  }

  // Put a block right after the page's title, where readers look first.
  function placeAfterTitle(block, content) {
    var title = content.querySelector("h1");
    if (title && title.nextSibling !== block) title.after(block);
    block.hidden = false;
  }

  /* ---- Self-test mode ---------------------------------------------------- */

  function selfTestOn() {
    return load(KEY_SELFTEST, "off") === "on";
  }

  function setUpAnswers(content) {
    var answers = content.querySelectorAll(".guide-answer");
    answers.forEach(function (answer, index) {
      if (answer.previousElementSibling && answer.previousElementSibling.classList.contains("guide-reveal")) return;
      if (!answer.id) answer.id = "guide-answer-" + (index + 1);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button guide-reveal";
      button.setAttribute("aria-controls", answer.id);
      button.setAttribute("aria-expanded", "false");
      button.textContent = "Show answer";
      button.addEventListener("click", function () {
        var open = answer.classList.toggle("guide-answer--revealed");
        button.setAttribute("aria-expanded", String(open));
        button.textContent = open ? "Hide answer" : "Show answer";
      });
      answer.before(button);
    });
  }

  function applySelfTest(content) {
    var on = selfTestOn();
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
    var publicLink = toolbar.getAttribute("data-public-link");
    if (location.protocol === "file:" && publicLink) return publicLink;
    return new URL(toolbar.getAttribute("data-short-link"), location.href).href;
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return legacyCopy(text); });
    }
    return legacyCopy(text);
  }
  function legacyCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    area.remove();
    return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  /* ---- Reviewed marks and progress --------------------------------------- */

  function renderReviewed(content) {
    var reviewed = reviewedSet();
    content.querySelectorAll(".guide-toolbar[data-page]").forEach(function (toolbar) {
      var button = toolbar.querySelector(".guide-reviewed");
      var done = reviewed.has(pageKey(toolbar.getAttribute("data-page")));
      button.setAttribute("aria-pressed", String(done));
      button.textContent = done ? "Reviewed ✓" : "Mark reviewed";
    });
    content.querySelectorAll(".guide-item[data-url]").forEach(function (item) {
      var done = reviewed.has(pageKey(item.getAttribute("data-url")));
      item.classList.toggle("guide-item--reviewed", done);
      var title = item.querySelector("h3, h2");
      var badge = item.querySelector(".guide-badge");
      if (done && !badge && title) {
        badge = document.createElement("span");
        badge.className = "guide-badge";
        badge.textContent = "Reviewed";
        title.append(" ", badge);
      } else if (!done && badge) {
        badge.remove();
      }
    });
    content.querySelectorAll(".guide-progress__section").forEach(function (row) {
      var pages = (row.getAttribute("data-pages") || "").split(/\s+/).filter(Boolean).map(pageKey);
      var count = pages.filter(function (p) { return reviewed.has(p); }).length;
      row.querySelector("progress").value = count;
      row.querySelector(".guide-progress__count").textContent = count + " of " + pages.length + " reviewed";
    });
  }

  function exportProgress(status) {
    // Version 2 adds the spaced-review schedule (review-store.js); version 1
    // files, which have only "reviewed", still import.
    var store = window.GuideReviewStore;
    var data = {
      format: EXPORT_FORMAT,
      version: 2,
      reviewed: Array.from(reviewedSet()).sort(),
      review: store ? store.read() : { version: 1, cards: {} }
    };
    var blob = new Blob([JSON.stringify(data, null, 2) + "\n"], { type: "application/json" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "llm-guide-progress.json";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
    var scheduled = Object.keys(data.review.cards).length;
    announce(status, "Exported " + data.reviewed.length + " reviewed questions and " + scheduled + " review schedules.");
  }

  function importProgress(file, status, content) {
    file.text().then(function (text) {
      var data = JSON.parse(text);
      if (!data || data.format !== EXPORT_FORMAT || !Array.isArray(data.reviewed) || !(data.version >= 1)) {
        throw new Error("not a progress file");
      }
      var reviewed = reviewedSet();
      var before = reviewed.size;
      data.reviewed.forEach(function (url) {
        if (typeof url === "string" && /^[\w\-\/]+\/$/.test(url)) reviewed.add(url);
      });
      saveReviewed(reviewed);
      var store = window.GuideReviewStore;
      var schedules = data.review && store ? store.merge(data.review.cards) : 0;
      renderReviewed(content);
      document.dispatchEvent(new CustomEvent("guide:review-state"));
      announce(status, "Imported " + (reviewed.size - before) + " new reviewed questions" +
        (data.review ? " and " + schedules + " review schedules." : "."));
    }).catch(function () {
      announce(status, "That file is not an exported progress file.");
    });
  }

  /* ---- Keyboard access to wide code ------------------------------------- */

  // Notebook cells scroll sideways; as for Material's own code blocks, a
  // scrollable box must take focus so that keyboard users can scroll it.
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
    var content = document.querySelector("[data-md-component=content]") || document.body;
    var article = content.querySelector("article") || content;
    article.setAttribute("data-guide-enhanced", "");
    var toolbar = content.querySelector(".guide-toolbar");
    var progress = content.querySelector(".guide-progress");

    setUpAnswers(content);
    applySelfTest(content);
    if (toolbar) placeAfterTitle(toolbar, content);
    if (progress) {
      // On section overviews progress belongs at the top, on the home page after the text.
      if (toolbar) toolbar.after(progress);
      progress.hidden = false;
    }
    renderReviewed(content);
    makeScrollablesFocusable(content);
    keepTargetInView();
  }

  // Moving the toolbar or hiding answers can shift the page after Material
  // scrolled to the link's #anchor: bring the target back into view.
  function keepTargetInView() {
    if (location.hash.length < 2) return;
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!target) return;
    requestAnimationFrame(function () {
      var header = document.querySelector(".md-header");
      var top = target.getBoundingClientRect().top;
      var bottom = header ? header.getBoundingClientRect().bottom : 0;
      if (top < bottom || top > window.innerHeight - 40) target.scrollIntoView();
    });
  }

  // One delegated listener for all pages, so instant navigation adds no duplicates.
  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("button") : null;
    if (!target) return;
    var content = document.querySelector("[data-md-component=content]") || document.body;
    var toolbar = target.closest(".guide-toolbar");
    var status = (target.closest(".guide-toolbar, .guide-progress") || document).querySelector(".guide-status");

    if (target.classList.contains("guide-selftest-toggle")) {
      save(KEY_SELFTEST, selfTestOn() ? "off" : "on");
      applySelfTest(content);
      announce(status, selfTestOn() ? "Self-test on: answers are hidden." : "Self-test off: answers are shown.");
    } else if (target.classList.contains("guide-copy-link") && toolbar) {
      var link = shortLinkOf(toolbar);
      copyText(link).then(function () {
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
      var reviewed = reviewedSet();
      var page = pageKey(toolbar.getAttribute("data-page"));
      if (reviewed.has(page)) reviewed.delete(page); else reviewed.add(page);
      saveReviewed(reviewed);
      renderReviewed(content);
      announce(status, reviewed.has(page) ? "Marked as reviewed." : "No longer marked as reviewed.");
    } else if (target.classList.contains("guide-export")) {
      exportProgress(status);
    } else if (target.classList.contains("guide-import")) {
      var input = target.parentNode.querySelector(".guide-import-file");
      if (input) input.click();
    }
  });

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.classList || !input.classList.contains("guide-import-file") || !input.files.length) return;
    var content = document.querySelector("[data-md-component=content]") || document.body;
    importProgress(input.files[0], input.parentNode.querySelector(".guide-status"), content);
    input.value = "";
  });

  // Another tab changed the progress or the mode: follow it.
  window.addEventListener("storage", function (event) {
    if (event.key === KEY_REVIEWED || event.key === KEY_SELFTEST) enhance();
  });

  // Material announces every page view on document$ (instant navigation
  // included). Opened from file://, it may not: then the page load does it,
  // unless the page is already set up (readySelector matches). review.js uses this too.
  function onPageView(setUp, readySelector) {
    function setUpIfNeeded() {
      if (!document.querySelector(readySelector)) setUp();
    }
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(setUp);
    }
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", setUpIfNeeded);
    } else {
      setUpIfNeeded();
    }
  }
  window.GuideStudy = { onPageView: onPageView };
  onPageView(enhance, "article[data-guide-enhanced]");
})();
