// @ts-check
/* The one progress store (window.GuideReviewStore), pure functions; documented in types/guide.d.ts. */
(function () {
  "use strict";

  const KEY = "llm-guide.review";
  const LEGACY_KEY = "llm-guide.reviewed";
  const VERSION = 2;
  const NUMBER_FIELDS = ["stability", "difficulty", "elapsed_days", "scheduled_days", "learning_steps", "reps", "lapses", "state"];
  const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  const DAY = 86400000;
  // ts-fsrs's S_MIN, S_MAX (days); tests/test_review_data.py compares
  const S_MIN = 0.001;
  const S_MAX = 36500;

  /** @param {unknown} value */
  function dateOf(value) {
    const time = typeof value === "string" ? Date.parse(value) : NaN;
    return Number.isFinite(time) ? time : null;
  }

  /** @param {any} card @param {number} now @returns {{card: StoredCard|null, problem: string|null}} */
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

  /** @param {any} cards @param {number} now @param {Record<string, string>} [aliases] @returns {{cards: Record<string, StoredCard>, problems: string[]}} */
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

  /** @param {any} marked @param {number} now @param {Record<string, string>} [aliases] @returns {Record<string, string>} */
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

  /** @param {Date} [now] @param {Record<string, string>} [aliases] @returns {{state: GuideState, problems: string[]}} */
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
    const obj = function (/** @type {any} */ v) { return v && typeof v === "object" ? v : {}; };
    // plan and again: kept as stored, checked where used (study-plan.js)
    return { state: { version: VERSION, cards: checked.cards, marked: marked, plan: obj(data && data.plan), again: obj(data && data.again) }, problems: checked.problems };
  }

  /** @param {GuideState} state @returns {{ok: boolean, message: string}} */
  function write(state) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify({ version: VERSION, cards: state.cards, marked: state.marked, plan: state.plan, again: state.again }));
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

  /** @param {string[]} slugs @param {Date} now @param {GuideState} state */
  function counts(slugs, now, state) {
    let due = 0, studied = 0;
    slugs.forEach(function (slug) {
      if (isStudied(state, slug)) studied += 1;
      if (isDue(state.cards[slug], now)) due += 1;
    });
    return { due: due, studied: studied, fresh: slugs.length - studied, total: slugs.length };
  }

  window.GuideReviewStore = {
    KEY: KEY, LEGACY_KEY: LEGACY_KEY,
    checkCard: checkCard, checkCards: checkCards, read: read, write: write, slugOfUrl: slugOfUrl,
    isDue: isDue, isStudied: isStudied, endOfToday: endOfToday, counts: counts,
    checkMarks: checkMarks, VERSION: VERSION
  };
})();
