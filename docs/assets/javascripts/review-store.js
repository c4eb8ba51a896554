/*
 * Spaced-review state, kept in localStorage under one key and shared by
 * review.js (review page, "due today", study sets) and study.js (progress
 * export/import). Scheduling itself is FSRS from vendor/ts-fsrs, which only
 * the review page loads; here a card is data: its due date and FSRS memory.
 *
 * Stored value: {"version": 1, "cards": {"<question slug>": card}}, a card
 * being ts-fsrs's Card with its dates as ISO strings. Slugs, not numbers, so
 * the state survives renumbering of the source.
 */
(function () {
  "use strict";

  var KEY = "llm-guide.review";
  var VERSION = 1;
  var DATE_FIELDS = ["due", "last_review"];
  var NUMBER_FIELDS = ["stability", "difficulty", "elapsed_days", "scheduled_days", "learning_steps", "reps", "lapses", "state"];
  var SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

  function isDate(value) {
    return typeof value === "string" && !isNaN(Date.parse(value));
  }

  // A card as stored, or null when it is not one (hand-edited or foreign data).
  function cleanCard(card) {
    if (!card || typeof card !== "object" || !isDate(card.due)) return null;
    var clean = { due: new Date(card.due).toISOString(), last_review: null };
    if (card.last_review != null) {
      if (!isDate(card.last_review)) return null;
      clean.last_review = new Date(card.last_review).toISOString();
    }
    for (var i = 0; i < NUMBER_FIELDS.length; i++) {
      var value = card[NUMBER_FIELDS[i]];
      if (value === undefined && NUMBER_FIELDS[i] === "learning_steps") value = 0;
      if (typeof value !== "number" || !isFinite(value) || value < 0) return null;
      clean[NUMBER_FIELDS[i]] = value;
    }
    return clean;
  }

  // {slug: card} with every invalid entry dropped.
  function cleanCards(cards) {
    var clean = {};
    if (!cards || typeof cards !== "object") return clean;
    Object.keys(cards).sort().forEach(function (slug) {
      var card = SLUG_RE.test(slug) ? cleanCard(cards[slug]) : null;
      if (card) clean[slug] = card;
    });
    return clean;
  }

  function read() {
    var data = null;
    try {
      data = JSON.parse(window.localStorage.getItem(KEY) || "null");
    } catch (e) { data = null; }
    return { version: VERSION, cards: cleanCards(data && data.cards) };
  }

  function write(state) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify({ version: VERSION, cards: cleanCards(state.cards) }));
      return true;
    } catch (e) {
      return false;  // storage refused: the schedule lasts for this page view only
    }
  }

  // The first moment of tomorrow, local time: "due today" is due before it.
  function endOfToday(now) {
    var end = new Date(now.getTime());
    end.setHours(24, 0, 0, 0);
    return end;
  }

  function isDue(card, now) {
    return !!card && new Date(card.due).getTime() < endOfToday(now).getTime();
  }

  // How many of these questions are due today, and how many were never reviewed.
  function counts(slugs, now, state) {
    var cards = (state || read()).cards;
    var due = 0, fresh = 0;
    slugs.forEach(function (slug) {
      if (!cards[slug]) fresh += 1;
      else if (isDue(cards[slug], now)) due += 1;
    });
    return { due: due, fresh: fresh, total: slugs.length };
  }

  // Merge imported cards into the stored ones: per question, the later review wins.
  function merge(incoming) {
    var state = read();
    var added = 0;
    var cards = cleanCards(incoming);
    Object.keys(cards).forEach(function (slug) {
      var mine = state.cards[slug];
      var theirs = cards[slug];
      var mineTime = mine && mine.last_review ? Date.parse(mine.last_review) : -1;
      var theirTime = theirs.last_review ? Date.parse(theirs.last_review) : -1;
      if (!mine || theirTime > mineTime) {
        state.cards[slug] = theirs;
        added += 1;
      }
    });
    write(state);
    return added;
  }

  window.GuideReviewStore = {
    KEY: KEY,
    VERSION: VERSION,
    read: read,
    write: write,
    cleanCards: cleanCards,
    isDue: isDue,
    endOfToday: endOfToday,
    counts: counts,
    merge: merge,
    DATE_FIELDS: DATE_FIELDS
  };
})();
