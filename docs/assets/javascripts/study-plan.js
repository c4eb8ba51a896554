// @ts-check
/*
 * The study plan (window.GuideStudyPlan), pure functions: an interview date, new
 * questions a day, weak questions. Loaded on demand by review-session.js (the
 * Review page) and progress-file.js (export/import). Stored with the progress
 * (review-store.js keeps `plan` and `again` as they are; this checks them).
 */
(function () {
  "use strict";

  const DAY = 86400000;
  const DATE_RE = /^(\d{4})-(\d\d)-(\d\d)$/;
  const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  const NEW_PER_DAY = 10;
  const CRAM_DAYS = 2;

  /** @param {string} text @returns {Date|null} local midnight of a YYYY-MM-DD date */
  function parseDay(text) {
    const m = DATE_RE.exec(text);
    if (!m) return null;
    const day = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    return day.getMonth() === Number(m[2]) - 1 && day.getDate() === Number(m[3]) ? day : null;
  }

  /** @param {Date} date @returns {string} its local YYYY-MM-DD */
  function dayOf(date) {
    const pad = function (/** @type {number} */ n) { return (n < 10 ? "0" : "") + n; };
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
  }

  /** @param {unknown} value @returns {StudyPlan} */
  function checkPlan(value) {
    /** @type {any} */
    const p = value && typeof value === "object" ? value : {};
    const perDay = Math.floor(Number(p.newPerDay));
    const count = Math.floor(Number(p.newCount));
    return {
      interview: typeof p.interview === "string" && parseDay(p.interview) ? p.interview : null,
      newPerDay: perDay >= 1 && perDay <= 999 ? perDay : NEW_PER_DAY,
      newDay: typeof p.newDay === "string" && parseDay(p.newDay) ? p.newDay : null,
      newCount: count >= 0 && count < 100000 ? count : 0
    };
  }

  /** @param {unknown} value @param {Record<string, string>} [aliases] @returns {Record<string, number>} "Again" grades by slug */
  function checkAgain(value, aliases) {
    /** @type {Record<string, number>} */
    const clean = {};
    if (!value || typeof value !== "object") return clean;
    /** @type {Record<string, unknown>} */
    const counts = /** @type {any} */ (value);
    Object.keys(counts).forEach(function (name) {
      const slug = (aliases && aliases[name]) || name;
      const n = Math.floor(Number(counts[name]));
      if (SLUG_RE.test(slug) && n > 0 && n < 100000) clean[slug] = (clean[slug] || 0) + n;
    });
    return clean;
  }

  /** @param {StudyPlan} plan @param {Date} now @returns {number|null} whole days from today to the interview; null without one */
  function daysLeft(plan, now) {
    const day = plan.interview ? parseDay(plan.interview) : null;
    if (!day) return null;
    const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
    return Math.round((day.getTime() - today.getTime()) / DAY);
  }

  /**
   * The longest interval (days) that brings a question back before the interview:
   * the day before it (at least tomorrow); null without an interview ahead.
   * @param {StudyPlan} plan @param {Date} now
   */
  function maxInterval(plan, now) {
    const left = daysLeft(plan, now);
    return left === null || left < 0 ? null : Math.max(1, left - 1);
  }

  /** @param {StudyPlan} plan @param {Date} now */
  function cramming(plan, now) {
    const left = daysLeft(plan, now);
    return left !== null && left >= 0 && left <= CRAM_DAYS;
  }

  /** @param {StudyPlan} plan @param {Date} now @returns {number} new questions already taken today */
  function newToday(plan, now) {
    return plan.newDay === dayOf(now) ? plan.newCount : 0;
  }

  /**
   * How many new questions today: the daily limit, raised when the interview is too close
   * for the limit to show every question before it (new ones spread over the days before cram).
   * @param {StudyPlan} plan @param {number} unseen @param {Date} now
   */
  function newAllowance(plan, unseen, now) {
    const left = daysLeft(plan, now);
    let limit = plan.newPerDay;
    if (left !== null && left > CRAM_DAYS) limit = Math.max(limit, Math.ceil(unseen / (left - CRAM_DAYS)));
    return Math.max(0, Math.min(unseen, limit - newToday(plan, now)));
  }

  /** @param {StudyPlan} plan @param {Date} now @returns {StudyPlan} after one more new question today */
  function countNew(plan, now) {
    return Object.assign({}, plan, { newDay: dayOf(now), newCount: newToday(plan, now) + 1 });
  }

  /** @param {GuideState} state @param {string} slug @returns {number} "Again" grades and lapses */
  function weakness(state, slug) {
    const card = state.cards[slug];
    return (checkAgain(state.again)[slug] || 0) + (card ? card.lapses : 0);
  }

  /** @param {string[]} slugs @param {GuideState} state @returns {string[]} weakest first: weakness, then lowest stability */
  function byWeakness(slugs, state) {
    const again = checkAgain(state.again);
    /** @param {string} s */
    const score = function (s) { const c = state.cards[s]; return (again[s] || 0) + (c ? c.lapses : 0); };
    /** @param {string} s */
    const stability = function (s) { const c = state.cards[s]; return c ? c.stability : 0; };
    return slugs.slice().sort(function (a, b) { return score(b) - score(a) || stability(a) - stability(b); });
  }

  /** @param {string[]} slugs @param {GuideState} state */
  function weakList(slugs, state) {
    return byWeakness(slugs.filter(function (s) { return weakness(state, s) > 0; }), state);
  }

  window.GuideStudyPlan = {
    checkPlan: checkPlan, checkAgain: checkAgain, parseDay: parseDay, dayOf: dayOf, daysLeft: daysLeft,
    maxInterval: maxInterval, cramming: cramming, newToday: newToday, newAllowance: newAllowance, countNew: countNew,
    weakness: weakness, byWeakness: byWeakness, weakList: weakList, NEW_PER_DAY: NEW_PER_DAY, CRAM_DAYS: CRAM_DAYS
  };
})();
