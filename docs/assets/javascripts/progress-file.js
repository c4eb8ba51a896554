// @ts-check
/*
 * Export and import of the learner's progress (the one store, review-store.js),
 * loaded by study.js on the first click of "Export progress" or "Import progress".
 * An import is merged card by card: new schedules and marks are added, a schedule
 * the reader already has is kept (the reader is shown which, and may take the
 * file's instead); cards the store's checks refuse are listed; nothing is counted
 * as imported unless it was stored.
 */
(function () {
  "use strict";

  const core = window.GuideCore;
  const store = window.GuideReviewStore;
  const el = core.el, announce = core.announce, plural = core.plural;
  const IMPORT_LIMIT = 1000000;  // bytes: an export of every question is ~60 KB

  // The study plan's checks (study-plan.js), loaded with this file's first use.
  /** @returns {Promise<GuideStudyPlan>} */
  function planRules() {
    return core.loadScript("study-plan.js", function () { return !!window.GuideStudyPlan; }).then(function () { return window.GuideStudyPlan; });
  }

  /**
   * What importing `data` (an export, format version 1 or 2) would change, card by card.
   * A schedule the reader already has is kept unless `theirs` is true.
   * @param {GuideState} mine @param {any} data @param {Date} now @param {Record<string, string>} [aliases]
   */
  function planImport(mine, data, now, aliases) {
    const time = now.getTime();
    const incoming = store.checkCards(data.review && data.review.cards, time, aliases);
    const marks = store.checkMarks(data.marked || data.reviewed, time, aliases);
    /** @type {string[]} */ const added = [];
    /** @type {string[]} */ const conflicts = [];
    Object.keys(incoming.cards).forEach(function (slug) {
      const own = mine.cards[slug];
      if (!own) added.push(slug);
      else if (JSON.stringify(own) !== JSON.stringify(incoming.cards[slug])) conflicts.push(slug);
    });
    const newMarks = Object.keys(marks).filter(function (slug) { return !mine.marked[slug]; });
    const rules = window.GuideStudyPlan;
    // The file's interview date and limit when the reader has set none; "Again" counts: the larger.
    const ownPlan = rules.checkPlan(mine.plan);
    const filePlan = rules.checkPlan(data.plan);
    const takePlan = !ownPlan.interview && !!filePlan.interview;
    const again = rules.checkAgain(mine.again);
    const fileAgain = rules.checkAgain(data.again, aliases);
    Object.keys(fileAgain).forEach(function (slug) { again[slug] = Math.max(again[slug] || 0, fileAgain[slug]); });
    return {
      cards: incoming.cards, marks: marks, added: added, conflicts: conflicts, newMarks: newMarks, problems: incoming.problems,
      plan: takePlan ? Object.assign({}, ownPlan, { interview: filePlan.interview, newPerDay: filePlan.newPerDay }) : ownPlan,
      takePlan: takePlan, again: again
    };
  }

  /**
   * The state after an import: new schedules and marks added; for `conflicts`,
   * the file's schedule only when `theirs`.
   * @param {GuideState} mine @param {ReturnType<typeof planImport>} plan @param {boolean} theirs @returns {GuideState}
   */
  function applyImport(mine, plan, theirs) {
    /** @type {GuideState} */
    const next = {
      version: store.VERSION, cards: Object.assign({}, mine.cards), marked: Object.assign({}, mine.marked), plan: plan.plan, again: plan.again
    };
    plan.added.forEach(function (slug) { next.cards[slug] = plan.cards[slug]; });
    if (theirs) plan.conflicts.forEach(function (slug) { next.cards[slug] = plan.cards[slug]; });
    plan.newMarks.forEach(function (slug) { next.marked[slug] = plan.marks[slug]; });
    return next;
  }

  /**
   * Parse an exported file's text, or say why it cannot be imported.
   * @param {string} text @returns {{data: any, error: string|null}}
   */
  function parseExport(text) {
    if (text.length > IMPORT_LIMIT) {
      return { data: null, error: "That file is too large (" + Math.round(text.length / 1024) + " KB; a progress file is under 1 MB). Nothing was imported." };
    }
    /** @type {any} */
    let data = null;
    try { data = JSON.parse(text); } catch (_e) { data = null; }
    if (!data || data.format !== "llm-interview-guide-progress" || !(data.version >= 1) || !(Array.isArray(data.reviewed) || data.review || data.marked)) {
      return { data: null, error: "That file is not an exported progress file. Nothing was imported." };
    }
    return { data: data, error: null };
  }

  /** @param {GuideState} state */
  function exportData(state) {
    return {
      format: "llm-interview-guide-progress",
      version: 4,
      marked: state.marked,
      review: { version: store.VERSION, cards: state.cards },
      plan: window.GuideStudyPlan.checkPlan(state.plan),
      again: window.GuideStudyPlan.checkAgain(state.again)
    };
  }

  /** @param {Element|null} status @param {FileHelpers} helpers */
  function exportProgress(status, helpers) {
    planRules().then(function () { exportNow(status, helpers); });
  }
  /** @param {Element|null} status @param {FileHelpers} helpers */
  function exportNow(status, helpers) {
    const data = exportData(store.read(new Date(), helpers.aliases).state);
    const blob = new Blob([JSON.stringify(data, null, 2) + "\n"], { type: "application/json" });
    const link = el("a", { href: URL.createObjectURL(blob), download: "llm-guide-progress.json" });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
    announce(status, "Exported " + Object.keys(data.marked).length + " marked questions and " +
      Object.keys(data.review.cards).length + " review schedules.");
  }

  /**
   * Merge an exported file card by card; a schedule the reader already has is kept.
   * @param {File} file @param {Element|null} status @param {FileHelpers} helpers
   */
  function importProgress(file, status, helpers) {
    const host = status && status.closest(".guide-progress");
    if (file.size > IMPORT_LIMIT) {
      announce(status, "That file is too large (" + Math.round(file.size / 1024) + " KB; a progress file is under 1 MB). Nothing was imported.");
      return;
    }
    Promise.all([file.text(), planRules()]).then(function (loaded) {
      const text = loaded[0];
      const parsed = parseExport(text);
      if (parsed.error || !parsed.data) { announce(status, parsed.error || ""); return; }
      const now = new Date();
      const mine = store.read(now, helpers.aliases).state;
      const plan = planImport(mine, parsed.data, now, helpers.aliases);
      const saved = store.write(applyImport(mine, plan, false));
      if (host) helpers.showProblems(host, plan.problems, "Left out or fixed from the file", "file");
      if (!saved.ok) { announce(status, saved.message + " Nothing was imported."); return; }
      helpers.render();
      document.dispatchEvent(new CustomEvent("guide:review-state"));
      let said = "Imported " + plural(plan.added.length, "review schedule") + " and " + plural(plan.newMarks.length, "studied mark") + ".";
      if (plan.takePlan) said += " Interview date from the file: " + plan.plan.interview + ".";
      if (plan.problems.length) said += " " + plan.problems.length + " left out or fixed (listed below).";
      if (plan.conflicts.length) said += " Kept your own schedule for " + plural(plan.conflicts.length, "question") + " the file schedules differently: " + plan.conflicts.join(", ") + ".";
      announce(status, said);
      if (host) offerTheirs(host, status, plan, helpers);
    });
  }

  /**
   * After an import that kept the reader's schedules: a button to take the file's instead.
   * @param {Element} host @param {Element|null} status @param {ImportPlan} plan @param {FileHelpers} helpers
   */
  function offerTheirs(host, status, plan, helpers) {
    const old = host.querySelector(".guide-import-theirs");
    if (old) old.remove();
    if (!plan.conflicts.length) return;
    const button = el("button", { type: "button", class: "md-button guide-import-theirs" },
      "Use the file's schedule for " + plural(plan.conflicts.length, "question"));
    button.addEventListener("click", function () {
        const now = new Date();
      const fresh = planImport(store.read(now, helpers.aliases).state, { format: "", version: 4, review: { cards: plan.cards } }, now, helpers.aliases);
      const saved = store.write(applyImport(store.read(now, helpers.aliases).state, fresh, true));
      button.remove();
      helpers.render();
      document.dispatchEvent(new CustomEvent("guide:review-state"));
      announce(status, saved.ok ? "Replaced " + plural(fresh.conflicts.length, "schedule") + " with the file's." : saved.message);
    });
    const actions = host.querySelector(".guide-progress__actions");
    (actions || host).appendChild(button);
  }

  window.GuideProgressFile = { exportProgress: exportProgress, importProgress: importProgress };
})();
