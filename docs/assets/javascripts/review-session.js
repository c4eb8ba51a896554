// @ts-check
/*
 * The review session, loaded by review.js on the review page only.
 *
 * The page (docs/review.md, generated) holds every question as a hidden card;
 * this shows the due ones one at a time: reveal with Space/Enter, grade with
 * 1-4 (Again, Hard, Good, Easy). FSRS (vendor/ts-fsrs, loaded here) computes the
 * next due date; review-store.js keeps it. The study plan (study-plan.js, loaded
 * here) caps intervals before the interview date, limits new questions a day,
 * crams in the last days and lists weak questions. Scope from the address:
 * ?set=slug,slug (a study set), ?section=id, ?tag=name, and
 * &level=foundational,... on top of any of them.
 *
 * Reading state (readScope, buildQueue: pure) is apart from mounting
 * (startReviewPage: DOM, listeners); the running session is one plain object.
 */
(function () {
  "use strict";

  const core = window.GuideCore;
  const store = window.GuideReviewStore;
  // Touch-only devices get tap wording; anything with a fine pointer or hover, the keys.
  const TOUCH = window.matchMedia("(hover: none) and (pointer: coarse)");
  const LEVELS = ["foundational", "intermediate", "advanced"];
  const GRADE_NAMES = ["", "Again", "Hard", "Good", "Easy"];
  const $ = core.$, $$ = core.$$, el = core.el, announce = core.announce, plural = core.plural, capitalize = core.capitalize;
  // This page's own styles (the plan, the grade bar): loaded with this file, before the review shows.
  const SCRIPT = document.currentScript ? /** @type {HTMLScriptElement} */ (document.currentScript).src : location.href;
  const STYLES = new Promise(function (resolve) {
    const link = el("link", { rel: "stylesheet", href: new URL("../stylesheets/review.css", SCRIPT).href });
    link.onload = link.onerror = resolve;
    document.head.appendChild(link);
  });
  /**
   * @typedef {{slug: string, section: string, sectionName: string, tags: string[], level: string}} CardInfo
   * @typedef {{kind: string, label: string, slugs: string[], unknown: string[], levels: string[]}} Scope
   * @typedef {{root: Element, queue: string[], index: number, requeued: Record<string, boolean>, done: number,
   *   skipped: string[], current: HTMLElement|null, slug: string, shown: boolean, mode: string,
   *   reveal: () => void, grade: (value: number) => void}} Session
   */
  /** @type {Session|null} */
  let session = null;  // the review running on this page view

  /** @param {Date} date */
  function formatDate(date) {
    return date.toLocaleDateString(undefined, { weekday: "short", day: "numeric", month: "short" });
  }
  /** @param {number} days */
  function formatInterval(days) {
    if (days < 1) return "today";
    if (days < 31) return plural(Math.round(days), "day");
    if (days < 365) return plural(Math.round(days / 30), "month");
    return plural(Math.round(days / 365), "year");
  }

  /**
   * What the address asks for: a study set, a section, a tag; and which levels.
   * @param {URLSearchParams} params @param {CardInfo[]} cards @param {Record<string, string>} aliases
   * @returns {Scope}
   */
  function readScope(params, cards, aliases) {
    const all = cards.map(function (card) { return card.slug; });
    /** @type {Scope} */
    const scope = { kind: "all", label: "All questions", slugs: all, unknown: [], levels: LEVELS.slice() };
    const setParam = params.get("set");
    const bySection = params.has("section");
    const value = params.get(bySection ? "section" : "tag");
    if (setParam !== null) {
      /** @type {string[]} */
      const wanted = [];
      setParam.split(",").forEach(function (raw) {
        const name = raw.trim().toLowerCase();
        if (!name) return;
        const slug = aliases[name] || name;
        if (all.indexOf(slug) < 0) { if (scope.unknown.indexOf(raw.trim()) < 0) scope.unknown.push(raw.trim()); }
        else if (wanted.indexOf(slug) < 0) wanted.push(slug);
      });
      scope.kind = "set";
      scope.slugs = wanted;
      scope.label = "Study set of " + plural(wanted.length, "question");
    } else if (value !== null) {
      const matching = cards.filter(function (card) {
        return bySection ? card.section === value : card.tags.indexOf(value || "") >= 0;
      });
      if (matching.length) {
        scope.kind = bySection ? "section" : "tag";
        scope.slugs = matching.map(function (card) { return card.slug; });
        scope.label = (bySection ? "Section: " + matching[0].sectionName : "Tag: " + value);
      } else {
        scope.unknown.push((bySection ? "section " : "tag ") + value);
      }
    }
    const levels = (params.get("level") || "").split(",").filter(function (l) { return LEVELS.indexOf(l) >= 0; });
    if (levels.length) scope.levels = levels;
    return scope;
  }

  /**
   * The questions to ask, in order: all of `slugs` for a study set or "everything";
   * all of them weakest first in the last days before the interview (cram), each once a day;
   * otherwise the due ones (oldest first), then as many never graded as the plan
   * allows today, in study order.
   * @param {string[]} slugs @param {GuideState} state @param {Date} now @param {boolean} everything
   * @param {GuideStudyPlan} rules
   */
  function buildQueue(slugs, state, now, everything, rules) {
    if (everything) return slugs.slice();
    const plan = rules.checkPlan(state.plan);
    if (rules.cramming(plan, now)) {
      // Once a day: not those already graded today.
      const today = store.endOfToday(now).getTime() - 86400000;
      return rules.byWeakness(slugs.filter(function (s) {
        const card = state.cards[s];
        return !card || !card.last_review || Date.parse(card.last_review) < today;
      }), state);
    }
    const due = slugs.filter(function (s) { return store.isDue(state.cards[s], now); });
    due.sort(function (a, b) { return Date.parse(state.cards[a].due) - Date.parse(state.cards[b].due); });
    const fresh = slugs.filter(function (s) { return !state.cards[s]; });
    return due.concat(fresh.slice(0, rules.newAllowance(plan, fresh.length, now)));
  }

  /**
   * The scheduler for today: no fuzz, whole days, and no interval past the day before the interview
   * (ts-fsrs's maximum_interval). ts-fsrs keeps a new card's four intervals apart even past that
   * maximum, so `cap` also clamps each result.
   * @param {typeof import("ts-fsrs")} FSRS @param {number|null} cap
   */
  function makeScheduler(FSRS, cap) {
    /** @type {any} */
    const options = { enable_fuzz: false, enable_short_term: false };
    if (cap !== null) options.maximum_interval = cap;
    return FSRS.fsrs(FSRS.generatorParameters(options));
  }
  /** @param {StoredCard} card @param {Date} now @param {number|null} cap @returns {StoredCard} */
  function capCard(card, now, cap) {
    if (cap === null || card.scheduled_days <= cap) return card;
    return Object.assign({}, card, { scheduled_days: cap, due: new Date(now.getTime() + cap * 86400000).toISOString() });
  }

  /**
   * ts-fsrs's card for a stored one (dates as Date), a new card when there is none.
   * @param {typeof import("ts-fsrs")} FSRS @param {StoredCard|undefined} stored @param {Date} now
   * @returns {import("ts-fsrs").Card}
   */
  function toFsrsCard(FSRS, stored, now) {
    if (!stored) return FSRS.createEmptyCard(now);
    /** @type {any} */
    const card = Object.assign({}, stored, { due: new Date(stored.due) });
    if (stored.last_review) card.last_review = new Date(stored.last_review); else delete card.last_review;
    return card;
  }
  /** @param {import("ts-fsrs").Card} card @returns {any} */
  function fromFsrsCard(card) {
    /** @type {any} */
    const stored = {};
    ["stability", "difficulty", "elapsed_days", "scheduled_days", "learning_steps", "reps", "lapses", "state"]
      .forEach(function (key) { stored[key] = /** @type {any} */ (card)[key] || 0; });
    stored.due = new Date(card.due).toISOString();
    stored.last_review = card.last_review ? new Date(card.last_review).toISOString() : null;
    return stored;
  }

  /**
   * The scheduler's four outcomes for a card, or why it rejects the card: a result
   * must pass the store's own check, so nothing invalid is ever saved.
   * @param {any} scheduler @param {typeof import("ts-fsrs")} FSRS @param {StoredCard|undefined} stored @param {Date} now
   * @param {number|null} cap
   * @returns {{next: Record<number, StoredCard>|null, problem: string|null}}
   */
  function preview(scheduler, FSRS, stored, now, cap) {
    try {
      const outcomes = scheduler.repeat(toFsrsCard(FSRS, stored, now), now);
      /** @type {Record<number, StoredCard>} */
      const next = {};
      for (let grade = 1; grade <= 4; grade++) {
        const checked = store.checkCard(capCard(fromFsrsCard(outcomes[grade].card), now, cap), now.getTime());
        if (!checked.card || checked.problem) return { next: null, problem: checked.problem || "invalid result" };
        next[grade] = checked.card;
      }
      return { next: next, problem: null };
    } catch (e) {
      return { next: null, problem: e instanceof Error ? e.message : String(e) };
    }
  }

  /** @param {Element} card @returns {CardInfo} */
  function cardInfo(card) {
    let tags = [];
    try { tags = JSON.parse(card.getAttribute("data-tags") || "[]"); } catch (_e) { tags = []; }
    const meta = $(".guide-card__meta", card);
    return {
      slug: card.getAttribute("data-slug") || "",
      section: card.getAttribute("data-section") || "",
      sectionName: meta ? (meta.textContent || "").split(" · ")[0] : "",
      tags: Array.isArray(tags) ? tags : [],
      level: card.getAttribute("data-level") || "intermediate"
    };
  }

  /**
   * Mount the review on the page: read the scope, load FSRS, wire the controls.
   * @param {HTMLElement} root @param {Element} entry @param {EntryHelpers} entryHelpers from review.js
   */
  function startReviewPage(root, entry, entryHelpers) {
    const dueText = entryHelpers.dueText;
    const cards = $$(".guide-card[data-slug]", document);
    const infos = cards.map(cardInfo);
    /** @type {Record<string, HTMLElement>} */
    const bySlug = {};
    /** @type {Record<string, CardInfo>} */
    const infoOf = {};
    cards.forEach(function (card, i) { bySlug[infos[i].slug] = card; infoOf[infos[i].slug] = infos[i]; });
    /** @type {Record<string, string>} */
    let aliases = {};
    try { aliases = JSON.parse(root.getAttribute("data-aliases") || "{}"); } catch (_e) { aliases = {}; }
    const params = new URLSearchParams(location.search);
    const scope = readScope(params, infos, aliases);
    const status = $(".guide-review__status", root);
    const notice = $(".guide-review__notice", root);
    /** @type {string[]} */
    const notes = [];
    root.hidden = false;

    if (scope.unknown.length) {
      notes.push(scope.kind === "set"
        ? "Not found in this guide (removed or misspelt), left out: " + scope.unknown.join(", ") + "."
        : "Not found in this guide: " + scope.unknown.join(", ") + ". Showing all questions instead.");
    }
    const problems = store.read(new Date(), aliases).problems;
    if (problems.length) {
      notes.push("Some saved schedules were not valid; those questions count as new (" + problems.length + "): " +
        problems.slice(0, 5).join("; ") + (problems.length > 5 ? "; …" : "") + ".");
    }
    function showNotes() {
      notice.hidden = !notes.length;
      notice.textContent = notes.join(" ");
    }
    showNotes();

    $$(".guide-review__levels input", root).forEach(function (box) {
      box.checked = scope.levels.indexOf(box.value) >= 0;
      box.onchange = function () {
        const chosen = $$(".guide-review__levels input", root).filter(function (b) { return b.checked; })
          .map(function (b) { return b.value; });
        if (!chosen.length) { box.checked = true; announce(status, "Keep at least one level."); return; }
        if (chosen.length === LEVELS.length) params.delete("level"); else params.set("level", chosen.join(","));
        history.replaceState(history.state, "", entryHelpers.reviewAddress(entry, params));
        scope.levels = chosen;
        begin("due");
        announce(status, "Levels: " + chosen.join(", ") + ". " + $(".guide-review__scope", root).textContent);
      };
    });

    /** @type {typeof import("ts-fsrs")|null} */
    let FSRS = null;
    /** @type {GuideStudyPlan|null} */
    let rules = null;
    /** @type {any} */
    let scheduler = null;
    /** @type {number|null} */
    let cap = null;  // the longest interval before the interview, in days
    root.classList.toggle("guide-review--touch", TOUCH.matches);
    Promise.all([
      core.loadScript("vendor/ts-fsrs/index.umd.js", function () { return !!window.FSRS; }),
      core.loadScript("study-plan.js", function () { return !!window.GuideStudyPlan; }),
      STYLES
    ]).then(function () {
      FSRS = window.FSRS;
      rules = window.GuideStudyPlan;
      setUpPlan();
      begin("due");
      entryHelpers.loadStudySet().then(function (sets) { buildReviewSetChoice(root, entry, scope, bySlug, entryHelpers, sets); });
    }, function () {
      notes.push("The review scheduler could not be loaded; reload the page to try again.");
      showNotes();
    });

    function inScope() {
      return scope.slugs.filter(function (slug) { return scope.levels.indexOf(infoOf[slug].level) >= 0; });
    }

    /** @param {string[]} slugs @param {GuideState} state @param {Date} now */
    function showScope(slugs, state, now) {
      const levelNote = scope.levels.length < LEVELS.length ? " (" + scope.levels.join(", ") + ")" : "";
      $(".guide-review__scope", root).textContent = scope.label + levelNote + " · " + dueText(store.counts(slugs, now, state), "");
      describePlan(slugs, state, now);
      showWeak(slugs, state);
    }

    /* ---- The plan: interview date, new questions a day; weak questions ---- */

    function setUpPlan() {
      const form = /** @type {HTMLFormElement} */ ($(".guide-review__plan", root));
      const date = $(".guide-review__interview", form), perDay = $(".guide-review__new-per-day", form);
      if (!rules) return;
      const plan = rules.checkPlan(store.read(new Date(), aliases).state.plan);
      date.value = plan.interview || "";
      perDay.value = String(plan.newPerDay);
      form.onsubmit = function (/** @type {Event} */ event) {
        event.preventDefault();
        savePlan(date.value || null, Number(perDay.value));
      };
      $(".guide-review__clear-plan", form).onclick = function () {
        date.value = "";
        savePlan(null, Number(perDay.value));
      };
      $(".guide-review__drill", root).onclick = function () { begin("weak"); };
    }

    /** @param {string|null} interview @param {number} perDay */
    function savePlan(interview, perDay) {
      if (!rules) return;
      const now = new Date();
      const state = store.read(now, aliases).state;
      const plan = rules.checkPlan(state.plan);
      if (!(perDay >= 1 && perDay <= 999 && Math.floor(perDay) === perDay)) {
        announce(status, "New questions a day: a whole number from 1 to 999.");
        return;
      }
      const wanted = Object.assign({}, plan, { interview: interview, newPerDay: perDay });
      const left = rules.daysLeft(wanted, now);
      if (interview && (left === null || left < 0)) {
        announce(status, left === null ? "That is not a date." : "That date has passed; choose a day from today on.");
        return;
      }
      state.plan = wanted;
      const saved = store.write(state);
      if (!saved.ok) { announce(status, saved.message); return; }
      document.dispatchEvent(new CustomEvent("guide:review-state"));
      begin("due");
      announce(status, "Plan saved. " + $(".guide-review__plan-text", root).textContent);
    }

    /** @param {string[]} slugs @param {GuideState} state @param {Date} now */
    function describePlan(slugs, state, now) {
      if (!rules) return;
      const plan = rules.checkPlan(state.plan);
      const left = rules.daysLeft(plan, now);
      const fresh = slugs.filter(function (s) { return !state.cards[s]; }).length;
      const allowed = rules.newAllowance(plan, fresh, now);
      const taken = rules.newToday(plan, now);
      let text;
      if (left === null || left < 0 || !plan.interview) {
        text = (left !== null && left < 0 ? "Your interview date has passed. " : "No interview date set. ") +
          "New questions: up to " + plan.newPerDay + " a day.";
      } else {
        const day = formatDate(/** @type {Date} */ (rules.parseDay(plan.interview)));
        text = "Interview " + (left === 0 ? "today" : left === 1 ? "tomorrow" : "in " + left + " days") + " (" + day + "). ";
        if (rules.cramming(plan, now)) {
          text += "Final days: every question here is due each day, weakest first.";
        } else {
          const perDay = plan.newPerDay + (allowed + taken > plan.newPerDay ? ", raised to " + (allowed + taken) + " so you see all of them before it" : "");
          text += "Every question comes back by the day before. New questions today: " + perDay + " (" + allowed + " left).";
        }
      }
      $(".guide-review__plan-text", root).textContent = text;
    }

    /** @param {string[]} slugs @param {GuideState} state */
    function showWeak(slugs, state) {
      if (!rules) return;
      const weak = rules.weakList(slugs, state);
      const again = rules.checkAgain(state.again);
      const list = $(".guide-review__weak-list", root);
      list.textContent = "";
      weak.forEach(function (slug) {
        const card = bySlug[slug];
        const open = $("a.guide-card__open", card);
        const li = el("li");
        li.appendChild(el("a", { href: open ? open.getAttribute("href") : "" },
          $(".guide-card__title", card).textContent.replace(/¶$/, "").trim()));
        const lapses = state.cards[slug] ? state.cards[slug].lapses : 0;
        const parts = [];
        if (again[slug]) parts.push("Again ×" + again[slug]);
        if (lapses) parts.push(plural(lapses, "lapse"));
        li.appendChild(el("span", { class: "guide-review__weak-count" }, " · " + parts.join(", ")));
        list.appendChild(li);
      });
      $(".guide-review__weak-text", root).textContent = weak.length
        ? "Questions you graded “Again” or forgot after learning them, weakest first (" + weak.length + "):"
        : "None yet: questions you grade “Again” or forget after learning them are listed here.";
      $(".guide-review__drill", root).hidden = !weak.length;
    }

    /** The counts over the card: left in this session, done, due today in scope. */
    function showCounts() {
      if (!session) return;
      const now = new Date();
      const due = store.counts(inScope(), now, store.read(now, aliases).state).due;
      const left = Math.max(0, session.queue.length - session.index);
      $(".guide-review__position", root).textContent =
        left + " left · " + session.done + " done · " + due + " due today";
    }

    /** @param {string} mode "due" (the plan's queue), "all" (every question in scope), "weak" (the weak list) */
    function begin(mode) {
      if (!rules || !FSRS) return;
      const now = new Date();
      const state = store.read(now, aliases).state;
      const slugs = inScope();
      cap = rules.maxInterval(rules.checkPlan(state.plan), now);
      scheduler = makeScheduler(FSRS, cap);
      const queue = mode === "weak" ? rules.weakList(slugs, state)
        : buildQueue(slugs, state, now, mode === "all" || scope.kind === "set", rules);
      showScope(slugs, state, now);
      session = {
        root: root, queue: queue, index: 0, requeued: {}, done: 0, skipped: [], current: null, slug: "", shown: false,
        mode: mode, reveal: reveal, grade: grade
      };
      cards.forEach(function (card) { card.hidden = true; });
      if (queue.length) show(mode !== "due"); else finish(slugs, false);
    }

    /** @param {boolean} focus */
    function show(focus) {
      if (!session) return;
      const slug = session.queue[session.index];
      const card = bySlug[slug];
      const answer = $(".guide-card__answer", card);
      const button = $(".guide-review__show", root);
      if (session.current && session.current !== card) session.current.hidden = true;
      $(".guide-review__stage", root).appendChild(card);
      card.hidden = false;
      answer.hidden = true;
      session.current = card;
      session.slug = slug;
      session.shown = false;
      $(".guide-review__done", root).hidden = true;
      $(".guide-review__controls", root).hidden = false;
      $(".guide-review__grades", root).hidden = true;
      button.hidden = false;
      $(".guide-review__hint", root).hidden = false;
      button.setAttribute("aria-controls", answer.id);
      button.setAttribute("aria-expanded", "false");
      button.setAttribute("aria-describedby", card.getAttribute("aria-labelledby") || "");
      showCounts();
      if (focus) button.focus({ preventScroll: true });
      if (focus) card.scrollIntoView({ block: "nearest" });
    }

    // The scheduler rejected this card: say so, and go on with the next question.
    /** @param {string} problem */
    function skip(problem) {
      if (!session) return;
      const said = "Skipped \u201c" + session.slug + "\u201d: its saved schedule cannot be used (" + problem + ").";
      session.skipped.push(session.slug);
      notes.push(said);
      showNotes();
      next(said);
    }

    /** @param {string} said */
    function next(said) {
      if (!session) return;
      session.index += 1;
      if (session.index < session.queue.length) {
        show(true);
        announce(status, said + " " + $(".guide-review__position", root).textContent + ".");
      } else {
        finish(inScope(), true);
        announce(status, said + " " + $(".guide-review__summary", root).textContent);
      }
    }

    function reveal() {
      if (!session || session.shown || !session.current || !FSRS) return;
      const now = new Date();
      const outcome = preview(scheduler, FSRS, store.read(now, aliases).state.cards[session.slug], now, cap);
      if (!outcome.next) { skip(outcome.problem || "rejected"); return; }
      const answer = $(".guide-card__answer", session.current);
      answer.hidden = false;
      session.shown = true;
      $(".guide-review__show", root).setAttribute("aria-expanded", "true");
      $(".guide-review__show", root).hidden = true;
      $(".guide-review__hint", root).hidden = true;
      const outcomes = outcome.next;
      $$(".guide-review__grade", root).forEach(function (button) {
        const card = outcomes[Number(button.getAttribute("data-grade"))];
        $(".guide-review__interval", button).textContent = formatInterval(card.scheduled_days);
      });
      $(".guide-review__grades", root).hidden = false;
      answer.focus({ preventScroll: true });
      announce(status, TOUCH.matches ? "Answer shown. Grade it: Again, Hard, Good or Easy, at the bottom of the screen."
        : "Answer shown. Grade it: 1 Again, 2 Hard, 3 Good, 4 Easy.");
    }

    /** @param {number} value */
    function grade(value) {
      if (!session || !session.shown || !FSRS || !rules) return;
      const now = new Date();
      const state = store.read(now, aliases).state;
      const outcome = preview(scheduler, FSRS, state.cards[session.slug], now, cap);
      if (!outcome.next) { skip(outcome.problem || "rejected"); return; }
      const card = outcome.next[value];
      if (!state.cards[session.slug]) state.plan = rules.countNew(rules.checkPlan(state.plan), now);
      if (value === 1) {
        const again = rules.checkAgain(state.again, aliases);
        again[session.slug] = (again[session.slug] || 0) + 1;
        state.again = again;
      }
      state.cards[session.slug] = card;
      const saved = store.write(state);
      session.done += 1;
      // "Again" comes back once more at the end of this session.
      if (value === 1 && !session.requeued[session.slug]) {
        session.requeued[session.slug] = true;
        session.queue.push(session.slug);
      }
      document.dispatchEvent(new CustomEvent("guide:review-state"));
      showScope(inScope(), state, now);
      next(GRADE_NAMES[value] + ": back on " + formatDate(new Date(card.due)) + "." + (saved.ok ? "" : " " + saved.message));
    }

    /** @param {string[]} slugs @param {boolean} afterSession */
    function finish(slugs, afterSession) {
      if (!session) return;
      const now = new Date();
      const state = store.read(now, aliases).state;
      const upcoming = slugs.map(function (s) { return state.cards[s]; }).filter(Boolean)
        .map(function (card) { return Date.parse(card.due); }).sort(function (a, b) { return a - b; });
      const done = $(".guide-review__done", root);
      if (session.current) session.current.hidden = true;
      session.current = null;
      $(".guide-review__controls", root).hidden = true;
      $(".guide-review__position", root).textContent = "";
      $("#guide-review-done-title", root).textContent = afterSession ? "Session complete"
        : session.mode === "weak" ? "No weak questions" : "Nothing due today";
      let text = afterSession ? "You reviewed " + plural(session.done, "question") + ". " : "";
      if (session.skipped.length) text += "Skipped " + plural(session.skipped.length, "question") + " whose schedule could not be used. ";
      const nextDue = upcoming.filter(function (t) { return t >= store.endOfToday(now).getTime(); })[0];
      text += slugs.length ? (nextDue ? "The next is due on " + formatDate(new Date(nextDue)) + "." : "") : "No question matches these levels.";
      $(".guide-review__summary", done).textContent = text.trim();
      const again = $(".guide-review__all", done);
      again.hidden = !slugs.length;
      again.textContent = "Review " + (slugs.length === 1 ? "it" : "all " + slugs.length) + " anyway";
      again.onclick = function () { begin("all"); };
      done.hidden = false;
      showScope(slugs, state, now);
      if (afterSession) done.focus();
    }

    $(".guide-review__show", root).onclick = reveal;
    // Tap (or click) the card to reveal; its links and controls keep their own meaning.
    $(".guide-review__stage", root).addEventListener("click", function (/** @type {MouseEvent} */ event) {
      const target = /** @type {Element} */ (event.target);
      if (session && !session.shown && !(target.closest && target.closest("a, button, summary, input, label"))) reveal();
    });
    const hint = $(".guide-review__hint", root);
    hint.textContent = "";
    if (TOUCH.matches) hint.textContent = "or tap the card";
    else hint.append("or press ", el("kbd", {}, "Space"), " / ", el("kbd", {}, "Enter"), "; grade with ", el("kbd", {}, "1"), "–", el("kbd", {}, "4"));
    $$(".guide-review__grade", root).forEach(function (button) {
      button.onclick = function () { grade(Number(button.getAttribute("data-grade"))); };
    });
  }

  /**
   * On the review page: choose among the questions in scope for a study-set link.
   * @param {Element} root @param {Element} entry @param {Scope} scope @param {Record<string, HTMLElement>} bySlug
   * @param {EntryHelpers} helpers @param {GuideStudySet} sets
   */
  function buildReviewSetChoice(root, entry, scope, bySlug, helpers, sets) {
    if ($(".guide-set-builder", root)) return;
    const details = el("details", { class: "guide-set-builder" });
    details.appendChild(el("summary", {}, "Make a study-set link from these questions"));
    const list = el("ul", { class: "guide-set-builder__list" });
    const items = scope.slugs.map(function (slug) {
      const li = el("li");
      const title = $(".guide-card__title", bySlug[slug]).textContent.replace(/¶$/, "").trim();
      li.appendChild(el("span", {}, title));
      const level = bySlug[slug].getAttribute("data-level");
      if (level) li.appendChild(el("span", { class: "guide-level guide-level--" + level }, capitalize(level)));
      list.appendChild(li);
      return { slug: slug, title: title, host: li };
    });
    const bar = sets.buildSetBar(entry, items, helpers.levelsOf(entry), "guide-set-bar", helpers.reviewAddress);
    items.forEach(function (item) { item.host.prepend(sets.checkbox(item, bar)); });
    details.append(bar, list);
    $(".guide-review__status", root).after(details);
  }

  /* ---- Keyboard: Space/Enter reveal, 1-4 grade -------------------------------- */

  document.addEventListener("keydown", function (event) {
    const root = document.getElementById("guide-review");
    if (!root || !session || session.root !== root) return;
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = /** @type {Element} */ (event.target);
    if (target.closest && target.closest("input, textarea, select, [contenteditable], .md-search, details")) return;
    const search = /** @type {HTMLInputElement|null} */ (document.querySelector("[data-md-toggle=search]"));
    if (search && search.checked) return;
    const onControl = target.closest && target.closest("a, button, summary");
    if ((event.key === " " || event.key === "Enter") && !session.shown && session.current && !onControl) {
      event.preventDefault();
      session.reveal();
    } else if (/^[1-4]$/.test(event.key) && session.shown && session.current) {
      event.preventDefault();
      session.grade(Number(event.key));
    }
  });

  window.GuideReviewSession = { start: startReviewPage };
})();
