// @ts-check
/*
 * The learner's progress: ONE store in localStorage, keyed by question slug,
 * read by every page (counts, marks) and written by the review page (grades)
 * and by "Mark studied" on a question page. Pure functions only: no DOM.
 *
 * Stored value (version 2): {"version": 2, "cards": {slug: card}, "marked": {slug: ISO date}}.
 * A card is ts-fsrs's Card with its dates as ISO strings. A question is
 * "studied" when it has a card (graded in review) or a mark.
 * Version 1 had no "marked"; the older "reviewed" list (page URLs, key
 * llm-guide.reviewed) is folded into "marked" on first read.
 */
(function () {
  "use strict";

  const KEY = "llm-guide.review";
  const LEGACY_KEY = "llm-guide.reviewed";
  const VERSION = 2;
  const IMPORT_LIMIT = 1000000;  // bytes: an export of every question is ~60 KB
  const NUMBER_FIELDS = ["stability", "difficulty", "elapsed_days", "scheduled_days", "learning_steps", "reps", "lapses", "state"];
  const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  const DAY = 86400000;
  // ts-fsrs's bounds on stability, in days (its S_MIN and S_MAX; tests/test_review_data.py compares).
  const S_MIN = 0.001;
  const S_MAX = 36500;

  /** @param {unknown} value */
  function dateOf(value) {
    const time = typeof value === "string" ? Date.parse(value) : NaN;
    return Number.isFinite(time) ? time : null;
  }

  /**
   * A card as ts-fsrs accepts it, or the reason it is not one; by ts-fsrs's own
   * rules (S_MIN, S_MAX; difficulty 1..10; states New 0 .. Relearning 3) and the
   * clock. Memory (stability, difficulty) must be positive once a card left New;
   * out of range it is clamped; a last review after `now` is set to now.
   * @param {any} card @param {number} now
   * @returns {{card: StoredCard|null, problem: string|null}}
   */
  function checkCard(card, now) {
    if (!card || typeof card !== "object") return { card: null, problem: "not a card" };
    const due = dateOf(card.due);
    if (due === null) return { card: null, problem: "no valid due date" };
    /** @type {any} */
    const clean = { due: new Date(due).toISOString(), last_review: null };
    /** @type {string|null} */
    let problem = null;
    for (let i = 0; i < NUMBER_FIELDS.length; i++) {
      const name = NUMBER_FIELDS[i];
      let value = card[name];
      if (value === undefined && name === "learning_steps") value = 0;
      if (typeof value !== "number" || !Number.isFinite(value) || value < 0) return { card: null, problem: "invalid " + name };
      clean[name] = name === "stability" || name === "difficulty" ? value : Math.floor(value);
    }
    if ([0, 1, 2, 3].indexOf(clean.state) < 0) return { card: null, problem: "unknown state " + clean.state };
    if (clean.state !== 0) {
      if (clean.stability <= 0 || clean.difficulty <= 0) return { card: null, problem: "no memory (stability or difficulty is zero)" };
      const stability = Math.min(S_MAX, Math.max(S_MIN, clean.stability));
      const difficulty = Math.min(10, Math.max(1, clean.difficulty));
      if (stability !== clean.stability || difficulty !== clean.difficulty) problem = "stability or difficulty out of range, clamped";
      clean.stability = stability;
      clean.difficulty = difficulty;
    }
    if (card.last_review != null) {
      let last = dateOf(card.last_review);
      if (last === null) return { card: null, problem: "invalid last review date" };
      if (last > now) { last = now; problem = "last review in the future, set to now"; }
      clean.last_review = new Date(last).toISOString();
    } else if (clean.state !== 0) {
      return { card: null, problem: "reviewed card without a last review" };
    }
    if (due > now + 2 * S_MAX * DAY) return { card: null, problem: "due date too far ahead" };
    return { card: clean, problem: problem };
  }

  /**
   * The cards worth keeping, each problem as "slug: reason".
   * @param {any} cards @param {number} now @param {Record<string, string>} [aliases]
   * @returns {{cards: Record<string, StoredCard>, problems: string[]}}
   */
  function checkCards(cards, now, aliases) {
    /** @type {Record<string, StoredCard>} */
    const clean = {};
    /** @type {string[]} */
    const problems = [];
    if (!cards || typeof cards !== "object") return { cards: clean, problems: problems };
    Object.keys(cards).sort().forEach(function (name) {
      const slug = (aliases && aliases[name]) || name;
      if (!SLUG_RE.test(slug)) { problems.push(name + ": not a question name"); return; }
      const checked = checkCard(cards[name], now);
      if (checked.problem) problems.push(slug + ": " + checked.problem);
      if (!checked.card) return;
      const other = clean[slug];
      // Two names for one question (renamed): the later review wins.
      if (!other || (dateOf(checked.card.last_review) || -1) > (dateOf(other.last_review) || -1)) clean[slug] = checked.card;
    });
    return { cards: clean, problems: problems };
  }

  // The slug of a page address: "concepts/bert/", "concepts/bert.html" -> "bert".
  /** @param {string} url */
  function slugOfUrl(url) {
    const parts = String(url).replace(/(^|\/)index\.html$/, "$1").replace(/\.html$/, "").split("/").filter(Boolean);
    return parts.length ? parts[parts.length - 1] : "";
  }

  /**
   * Marks: {slug: ISO date}; from a list of page URLs or slugs (older formats) too.
   * @param {any} marked @param {number} now @param {Record<string, string>} [aliases]
   * @returns {Record<string, string>}
   */
  function checkMarks(marked, now, aliases) {
    /** @type {Record<string, string>} */
    const clean = {};
    const when = new Date(now).toISOString();
    /** @type {[string, any][]} */
    const pairs = Array.isArray(marked)
      ? marked.map(function (url) { return /** @type {[string, any]} */ ([slugOfUrl(url), when]); })
      : marked && typeof marked === "object" ? Object.keys(marked).map(function (k) { return /** @type {[string, any]} */ ([k, marked[k]]); }) : [];
    pairs.forEach(function (pair) {
      const slug = (aliases && aliases[pair[0]]) || pair[0];
      const time = dateOf(pair[1]);
      if (SLUG_RE.test(slug)) clean[slug] = new Date(time === null || time > now ? now : time).toISOString();
    });
    return clean;
  }

  /** @param {string} key */
  function load(key) {
    try { return window.localStorage.getItem(key); } catch (_e) { return null; }
  }

  /**
   * The stored progress, checked; slugs renamed in data/questions.yml follow
   * `aliases` (old slug -> new) when the page has them.
   * @param {Date} [now] @param {Record<string, string>} [aliases] @returns {{state: GuideState, problems: string[]}}
   */
  function read(now, aliases) {
    const time = (now || new Date()).getTime();
    /** @type {any} */
    let data = null;
    try { data = JSON.parse(load(KEY) || "null"); } catch (_e) { data = null; }
    const checked = checkCards(data && data.cards, time, aliases);
    const marked = checkMarks(data && data.marked, time, aliases);
    let legacy = null;
    try { legacy = JSON.parse(load(LEGACY_KEY) || "null"); } catch (_e) { legacy = null; }
    if (Array.isArray(legacy)) {
      const old = checkMarks(legacy, time, aliases);
      Object.keys(old).forEach(function (slug) { if (!marked[slug]) marked[slug] = old[slug]; });
    }
    return { state: { version: VERSION, cards: checked.cards, marked: marked }, problems: checked.problems };
  }

  /**
   * Store the progress. A refusal (storage full or off) leaves what was stored as it was.
   * @param {GuideState} state @returns {{ok: boolean, message: string}}
   */
  function write(state) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify({ version: VERSION, cards: state.cards, marked: state.marked }));
    } catch (e) {
      const full = e instanceof DOMException && (e.name === "QuotaExceededError" || e.code === 22);
      return {
        ok: false,
        message: full
          ? "Not saved: this browser's storage for the site is full. What was saved before is kept; export your progress to keep this."
          : "Not saved: this browser refuses storage (private mode?). What was saved before is kept."
      };
    }
    try { window.localStorage.removeItem(LEGACY_KEY); } catch (_e) { /* folded in already */ }
    return { ok: true, message: "" };
  }

  // The first moment of tomorrow, local time: "due today" is due before it.
  /** @param {Date} now */
  function endOfToday(now) {
    const end = new Date(now.getTime());
    end.setHours(24, 0, 0, 0);
    return end;
  }

  /** @param {StoredCard|undefined} card @param {Date} now */
  function isDue(card, now) {
    return !!card && Date.parse(card.due) < endOfToday(now).getTime();
  }

  /** @param {GuideState} state @param {string} slug */
  function isStudied(state, slug) {
    return !!(state.cards[slug] || state.marked[slug]);
  }

  /**
   * The one set of counts shown everywhere: due today, studied, not studied yet.
   * @param {string[]} slugs @param {Date} now @param {GuideState} state
   */
  function counts(slugs, now, state) {
    let due = 0, studied = 0;
    slugs.forEach(function (slug) {
      if (isStudied(state, slug)) studied += 1;
      if (isDue(state.cards[slug], now)) due += 1;
    });
    return { due: due, studied: studied, fresh: slugs.length - studied, total: slugs.length };
  }

  /**
   * What importing `data` (an export, format version 1 or 2) would change, card by card.
   * A schedule the reader already has is kept unless `theirs` is true.
   * @param {GuideState} mine @param {any} data @param {Date} now @param {Record<string, string>} [aliases]
   */
  function planImport(mine, data, now, aliases) {
    const time = now.getTime();
    const incoming = checkCards(data.review && data.review.cards, time, aliases);
    const marks = checkMarks(data.marked || data.reviewed, time, aliases);
    /** @type {string[]} */ const added = [];
    /** @type {string[]} */ const conflicts = [];
    Object.keys(incoming.cards).forEach(function (slug) {
      const own = mine.cards[slug];
      if (!own) added.push(slug);
      else if (JSON.stringify(own) !== JSON.stringify(incoming.cards[slug])) conflicts.push(slug);
    });
    const newMarks = Object.keys(marks).filter(function (slug) { return !mine.marked[slug]; });
    return { cards: incoming.cards, marks: marks, added: added, conflicts: conflicts, newMarks: newMarks, problems: incoming.problems };
  }

  /**
   * The state after an import: new schedules and marks added; for `conflicts`,
   * the file's schedule only when `theirs`.
   * @param {GuideState} mine @param {ReturnType<typeof planImport>} plan @param {boolean} theirs @returns {GuideState}
   */
  function applyImport(mine, plan, theirs) {
    /** @type {GuideState} */
    const next = { version: VERSION, cards: Object.assign({}, mine.cards), marked: Object.assign({}, mine.marked) };
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
      version: 3,
      marked: state.marked,
      review: { version: VERSION, cards: state.cards }
    };
  }

  window.GuideReviewStore = {
    KEY: KEY, LEGACY_KEY: LEGACY_KEY, IMPORT_LIMIT: IMPORT_LIMIT,
    checkCard: checkCard, checkCards: checkCards, read: read, write: write, slugOfUrl: slugOfUrl,
    isDue: isDue, isStudied: isStudied, endOfToday: endOfToday, counts: counts,
    planImport: planImport, applyImport: applyImport, parseExport: parseExport, exportData: exportData
  };
})();
