// @ts-check
/*
 * Study sets: choose questions on a section, tags or review page and copy one
 * link to review them (?set=slug,slug). Loaded by review.js when the reader
 * starts choosing, and by the review session for its set builder; so pages
 * that never choose do not load it.
 */
(function () {
  "use strict";

  const LEVELS = ["foundational", "intermediate", "advanced"];
  const core = window.GuideCore;
  const $ = core.$, $$ = core.$$, el = core.el, announce = core.announce, plural = core.plural, capitalize = core.capitalize;

  /**
   * Start or stop choosing on a section or tags page: a checkbox on each item and the bar.
   * @param {Element} entry @param {HTMLElement} toggle @param {SetItem[]} items
   * @param {Record<string, string>} levels @param {ReviewAddress} reviewAddress
   */
  function toggle(entry, toggle, items, levels, reviewAddress) {
    const state = core.data(toggle);
    if (!state.bar) {
      state.items = items.filter(function (item) { return item.slug in levels; });
      state.bar = buildSetBar(entry, state.items, levels, "guide-set-bar guide-set-bar--floating", reviewAddress);
      state.bar.hidden = true;
      entry.after(state.bar);
      toggle.setAttribute("aria-controls", state.bar.id);  // only once the bar exists
    }
    const bar = state.bar;
    const on = toggle.getAttribute("aria-pressed") !== "true";
    toggle.setAttribute("aria-pressed", String(on));
    toggle.textContent = on ? "Done choosing" : "Choose questions for a study set";
    bar.hidden = !on;
    document.body.classList.toggle("guide-set-mode", on);
    state.items.forEach(function (/** @type {SetItem} */ item) {
      const box = item.host && $(".guide-set-check", item.host);
      if (on && item.host && !box) item.host.prepend(checkbox(item, bar));
      if (box) box.hidden = !on;
    });
    if (on) { const first = $(".guide-set-check input", document); if (first) first.focus(); }
  }

  /** @param {SetItem} item @param {HTMLElement} bar @returns {HTMLElement} */
  function checkbox(item, bar) {
    const label = el("label", { class: "guide-set-check" });
    const input = el("input", { type: "checkbox", "data-slug": item.slug, "aria-label": "Add to the study set: " + item.title });
    input.addEventListener("change", function () { core.data(bar).select(item.slug, input.checked); });
    label.appendChild(input);
    return label;
  }

  /**
   * The bar: count, select all / none / by level, copy the link, open it.
   * @param {Element} entry @param {SetItem[]} items @param {Record<string, string>} levels
   * @param {string} className @param {ReviewAddress} reviewAddress @returns {HTMLElement}
   */
  function buildSetBar(entry, items, levels, className, reviewAddress) {
    const bar = el("div", { class: className, role: "region", "aria-label": "Study set", id: "guide-set-bar" });
    /** @type {string[]} */
    let chosen = [];
    const count = el("span", { class: "guide-set-bar__count" });
    const status = el("span", { class: "guide-status", role: "status", "aria-live": "polite" });
    const open = el("a", { class: "md-button md-button--primary guide-set-open" }, "Review these");
    const copy = el("button", { type: "button", class: "md-button guide-set-copy" }, "Copy study-set link");
    const pick = el("span", { class: "guide-set-bar__pick", role: "group", "aria-label": "Select" });
    /** @type {string[]} */
    const slugsHere = [];
    items.forEach(function (/** @type {SetItem} */ item) { if (slugsHere.indexOf(item.slug) < 0) slugsHere.push(item.slug); });

    /** @param {boolean} [shareable] */
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
    /** @param {string[]} slugs @param {string} text */
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

  window.GuideStudySet = { toggle: toggle, buildSetBar: buildSetBar, checkbox: checkbox };
})();
